package dev.vecprop.cli;

import dev.vecprop.core.EpochReport;
import dev.vecprop.core.InvalidFileException;
import dev.vecprop.core.internal.AtomicFiles;
import dev.vecprop.core.internal.Words;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-epoch CSV of {@code train --log}: one row as each epoch ends, written through at once, so that a run
 * that is stopped keeps the rows of the epochs it finished. Numbers are Java's shortest form of the double,
 * which reads back to the same value.
 *
 * <p>The file is opened when the first epoch ends, so that a run that fails before that leaves an existing
 * file as it was. A new run replaces it; a resumed run adds its rows, after dropping any row of an epoch the
 * checkpoint does not have (written by a run stopped between its row and its checkpoint, and trained again now).
 * A row is written whole or not at all: when writing it fails (a full disk), the file is cut back to where the
 * row began, and a resumed run drops a row cut short (a last line without its line end, and without all of a
 * row's fields) that a run killed in the middle of a row may still have left.
 */
final class EpochLog implements Closeable {

    private final Path file;
    private final boolean resume;
    private final int epochsBefore;
    private final boolean classifier;
    private final boolean hasTest;
    private FileChannel out;
    /** Whether the existing file ends in an unfinished line, which is not read as a row and is dropped. */
    private boolean unfinished;
    /** Whether the existing file, resumed, holds a row. */
    private boolean rows;

    /**
     * @param resume       whether rows are added to an existing file
     * @param epochsBefore the epochs the resumed checkpoint has done (0 for a new run)
     */
    EpochLog(Path file, boolean resume, int epochsBefore, boolean classifier, boolean hasTest) throws IOException {
        this.file = file;
        this.resume = resume;
        this.epochsBefore = epochsBefore;
        this.classifier = classifier;
        this.hasTest = hasTest;
        if (resume && Files.isRegularFile(file) && Files.size(file) > 0) {
            List<String> lines = existingLines();
            if (!lines.isEmpty()) {
                check(lines);
            }
            rows = lines.size() > 1;
        }
    }

    /** Whether the resumed file holds the row of an epoch (false for a new run, or a file of its header alone). */
    boolean hasRows() {
        return rows;
    }

    /**
     * Refuses, before training, a file that is not this training's log, which resuming would cut or add to:
     * another header, a line that is not a row, epochs that do not follow one another, or rows that end
     * elsewhere than at the checkpoint's epoch (or the one after it, written by a run stopped between its row
     * and its checkpoint). Rows may start after epoch 1: a training may have been given --log only when resumed.
     */
    private void check(List<String> lines) throws InvalidFileException {
        if (!lines.getFirst().equals(header())) {
            // This training's log with or without test columns: the test data given is what differs.
            if (lines.getFirst().equals(header(!hasTest))) {
                throw new InvalidFileException(file, "line 1", hasTest
                        ? "the log has no test columns, and this run has test data: resume without --test and "
                        + "--test-split as the run that began the log, or give another --log"
                        : "the log has test columns, and this run has no test data: give the test data of the run "
                        + "that began the log (--test or --test-split), or another --log");
            }
            throw new InvalidFileException(file, "line 1", "not the --log of this training: the header is not "
                    + header());
        }
        int columns = header().split(",").length;
        int last = 0;
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            int epoch = epochOf(line);
            if (!isRow(line)) {
                throw new InvalidFileException(file, "line " + (i + 1), "not a row of this --log (an epoch and "
                        + (columns - 1) + " numbers); the file is not the log of this training, or was edited");
            }
            if (last > 0 && epoch != last + 1) {
                throw new InvalidFileException(file, "line " + (i + 1), "epoch " + epoch + " follows epoch " + last
                        + "; the file is not the log of this training, or was edited");
            }
            last = epoch;
        }
        if (last > 0 && last != epochsBefore && last != epochsBefore + 1) {
            throw new InvalidFileException(file, null, "its rows end at epoch " + last + ", but the checkpoint has "
                    + "done " + Words.count(epochsBefore, "epoch") + ": not the --log of this "
                    + "training (give another file, or none)");
        }
    }

    /**
     * The lines of the existing file, which must be UTF-8 text, without an unfinished last line (one that has
     * no line end): what is left of a row whose writing was cut short.
     */
    private List<String> existingLines() throws IOException {
        String text;
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new InvalidFileException(file, null, "not the --log of a training: " + size + " bytes, more than "
                    + "a log can hold (" + MAX_BYTES + ")");
        }
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new InvalidFileException(file, null, "not the --log of a training: not UTF-8 text");
        }
        List<String> lines = new ArrayList<>(text.lines().toList());
        // A last line without its line end is a row cut short, unless it is whole (a file edited by hand):
        // a whole row or header is kept, and the file is rewritten with its line end. Nothing is written to a
        // file that is not this training's log: check() refuses it first, whatever its last line.
        unfinished = !text.isEmpty() && !text.endsWith("\n");
        if (unfinished) {
            String last = lines.getLast();
            boolean whole = lines.size() == 1 ? !header().startsWith(last) || last.equals(header()) : isRow(last);
            if (!whole) {
                lines.removeLast();
            }
        }
        return lines;
    }

    /** The most a resumed log may hold, read whole: what one Java string can. */
    private static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    private String header() {
        return header(hasTest);
    }

    private String header(boolean test) {
        String metric = classifier ? "accuracy" : "rmse";
        return "epoch,train_loss,train_" + metric + (test ? ",test_loss,test_" + metric : "")
                + ",samples_per_second,train_seconds,elapsed_seconds";
    }

    /**
     * Adds the row of an epoch; {@code elapsedSeconds} counts from the start of this run's training.
     *
     * @throws IOException naming the file, when the row cannot be written; the file then ends with the row
     *                     before, as if this epoch had not been trained
     */
    void row(EpochReport r, double elapsedSeconds) throws IOException {
        StringBuilder sb = new StringBuilder().append(r.epoch())
                .append(',').append(r.train().loss())
                .append(',').append(classifier ? r.train().accuracy() : r.train().rmse());
        if (hasTest) {
            sb.append(',').append(r.test().loss())
                    .append(',').append(classifier ? r.test().accuracy() : r.test().rmse());
        }
        sb.append(',').append(r.samplesPerSecond()).append(',').append(r.seconds()).append(',').append(elapsedSeconds);
        if (out == null) {
            out = open();
        }
        append(out, sb.append('\n').toString());
    }

    /** Writes {@code text} at the end of the file, or, when that fails, cuts the file back to where it ended. */
    private void append(FileChannel ch, String text) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        long end = ch.size();
        try {
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
        } catch (IOException e) {
            try {
                ch.truncate(end);
            } catch (IOException cut) {
                e.addSuppressed(cut);
            }
            throw AtomicFiles.named(file, e);
        }
    }

    private FileChannel open() throws IOException {
        try {
            List<String> lines = resume && Files.isRegularFile(file) ? existingLines() : List.of();
            if (!lines.isEmpty()) {
                List<String> kept = new ArrayList<>(lines.size());
                for (int i = 0; i < lines.size(); i++) {
                    if (i == 0 || epochOf(lines.get(i)) <= epochsBefore) {
                        kept.add(lines.get(i));
                    }
                }
                if (kept.size() < lines.size() || unfinished) {
                    AtomicFiles.write(file, o -> o.write((String.join("\n", kept) + "\n").getBytes(StandardCharsets.UTF_8)));
                }
                return FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            }
            if (!AtomicFiles.isSpecial(file)) {
                // A file replaced as a whole, the header in it: one that cannot be written keeps what it held.
                AtomicFiles.write(file, o -> o.write((header() + "\n").getBytes(StandardCharsets.UTF_8)));
                return FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            }
            // A device or a pipe, written in place, and opened once: a pipe's reader would take a close for its end.
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            try {
                append(ch, header() + "\n");
            } catch (IOException e) {
                ch.close();
                throw e;
            }
            return ch;
        } catch (IOException e) {
            throw e instanceof InvalidFileException ? e : AtomicFiles.named(file, e);
        }
    }

    /** Whether {@code line} has the fields of a row of this log: an epoch, then numbers. */
    private boolean isRow(String line) {
        String[] fields = line.split(",", -1);
        if (fields.length != header().split(",").length || epochOf(line) < 1) {
            return false;
        }
        for (int i = 1; i < fields.length; i++) {
            if (!NUMBER.matcher(fields[i]).matches()) {
                return false;
            }
        }
        return true;
    }

    /** A decimal number, maybe with an exponent (as {@link Double#toString} writes one, or by hand), NaN or Infinity. */
    private static final java.util.regex.Pattern NUMBER =
            java.util.regex.Pattern.compile("[-+]?(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?|Infinity)|NaN");

    /** The epoch a row names in its first field, or 0 when it names none. */
    private static int epochOf(String line) {
        int comma = line.indexOf(',');
        try {
            return Integer.parseInt(comma < 0 ? line : line.substring(0, comma));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }
}
