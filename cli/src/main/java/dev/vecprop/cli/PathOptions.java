package dev.vecprop.cli;

import picocli.CommandLine;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * How path options are read. {@link Path#of} takes "" as the current folder and drops a trailing slash, so
 * {@code --checkpoint ''} would write into the current folder and {@code --save model.vpm/}, which names a
 * folder, would write the file {@code model.vpm}; both are refused as usage errors instead.
 */
final class PathOptions {

    private PathOptions() {
    }

    /** Any path option: not empty. */
    static Path path(String s) {
        if (s.isEmpty()) {
            throw new CommandLine.TypeConversionException("the path is empty");
        }
        try {
            return Path.of(s);
        } catch (InvalidPathException e) {
            throw new CommandLine.TypeConversionException("not a path: " + e.getReason());
        }
    }

    /**
     * Refuses '-' for an output path: many tools read it as standard output, and a {@code what} (file or folder)
     * of that name in the working folder would surprise. {@code more} is added to the refusal.
     */
    private static void refuseDash(String s, String what, String more) {
        refuseDash(s, "'-' is not standard output here; name a " + what + " (./- for one named '-')" + more);
    }

    /** Refuses '-' with {@code message}. */
    private static void refuseDash(String s, String message) {
        if (s.equals("-")) {
            throw new CommandLine.TypeConversionException(message);
        }
    }

    /** A file to write ({@code --save}, {@code --log}): a path that names a file, not a folder. */
    static class OutputFile implements CommandLine.ITypeConverter<Path> {
        /** What the refusal of '-' adds. */
        String standardOutput() {
            return "";
        }

        @Override
        public Path convert(String s) {
            refuseDash(s, "file", standardOutput());
            Path p = path(s);
            if (s.endsWith("/") || s.endsWith(p.getFileSystem().getSeparator())) {
                throw new CommandLine.TypeConversionException("'" + s + "' ends with "
                        + (s.endsWith("/") ? "/" : p.getFileSystem().getSeparator()) + ", which names a folder; give the file's name");
            }
            return p;
        }
    }

    /** A path that is not '-', which many tools read as standard input or output: refused with its own words. */
    abstract static class NotDash implements CommandLine.ITypeConverter<Path> {
        private final String refusal;

        NotDash(String refusal) {
            this.refusal = refusal;
        }

        @Override
        public Path convert(String s) {
            refuseDash(s, refusal);
            return path(s);
        }
    }

    /**
     * A folder to write into ({@code --checkpoint}): not '-', which many tools read as standard output and which
     * would make a folder of that name in the working folder.
     */
    static final class OutputFolder extends NotDash {
        OutputFolder() {
            super("'-' is not standard output here; name a folder (./- for one named '-')");
        }
    }

    /**
     * A data file to read ({@code --data}, {@code --labels}, {@code --test}): not '-', which many tools read as
     * standard input; a data file is read more than once, so a pipe is not one.
     */
    static final class DataInput extends NotDash {
        DataInput() {
            super("'-' is not standard input here: vecprop reads a data file more than once, so save the data to a "
                    + "file and name that (./- for one named '-')");
        }
    }

    /** A model file to read ({@code --model}): not '-'; a pipe is read as {@code /dev/stdin} names it. */
    static final class ModelInput extends NotDash {
        ModelInput() {
            super("'-' is not standard input here; name the model file (./- for one named '-'), or /dev/stdin to "
                    + "read it from a pipe");
        }
    }

    /** predict's {@code --out}: as {@link OutputFile}, whose refusal of '-' says where standard output is. */
    static final class PredictOutput extends OutputFile {
        @Override
        String standardOutput() {
            return "; without --out, predict writes to standard output";
        }
    }

    /** An entry of a comma-separated list of folders ({@code --plugin-path}): not empty, and the message says where. */
    static final class ListEntry implements CommandLine.ITypeConverter<Path> {
        @Override
        public Path convert(String s) {
            if (s.isEmpty()) {
                throw new CommandLine.TypeConversionException(
                        "an entry of the list is empty (a comma at the start, or two in a row)");
            }
            return path(s);
        }
    }
}
