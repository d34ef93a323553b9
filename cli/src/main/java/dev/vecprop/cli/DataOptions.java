package dev.vecprop.cli;

import dev.vecprop.core.internal.OneLine;
import dev.vecprop.core.internal.Words;
import dev.vecprop.core.internal.data.BadValues;
import dev.vecprop.core.internal.data.CsvReader;
import dev.vecprop.core.internal.data.DataFiles;
import dev.vecprop.core.internal.data.Samples;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** The options that say where samples come from and how to read them. */
final class DataOptions {

    @Option(names = "--data", paramLabel = "FILE", converter = PathOptions.DataInput.class,
            description = "CSV file (header optional, maybe gzip) or IDX images file (plain or gzip); required by "
                    + "eval and predict (default for train: the embedded digits data set).")
    Path data;

    @Option(names = "--labels", paramLabel = "FILE", converter = PathOptions.DataInput.class, description = "IDX labels file for IDX images given with --data.")
    Path labels;

    @Option(names = "--label", paramLabel = "COLUMN",
            description = "CSV: the class label column, by header name or 0-based index, a name in the header "
                    + "first (default: the last column, for train the last one --drop does not name; "
                    + "for eval, the model's label column: by its name in the header, else by its place).")
    String label;

    @Option(names = "--header", negatable = true,
            description = "CSV: the first line is (--header) or is not (--no-header) a header. "
                    + "Default: a header when none of its fields is a number (nan and inf included) and not all "
                    + "are empty.")
    Boolean header;

    @Option(names = "--skip-bad",
            description = "Skip each record (CSV line, IDX image) holding a value that is not a finite number "
                    + "(NaN, an infinity, a number too large for a float; a class label that is NaN), and report "
                    + "how many on stderr; predict writes an empty row in its place. "
                    + "Default: such a value stops the command, naming the file and record.")
    boolean skipBad;

    CsvReader.Header headerMode() {
        return header == null ? CsvReader.Header.AUTO : header ? CsvReader.Header.YES : CsvReader.Header.NO;
    }

    /**
     * Reads {@code file} (and {@code labelsFile} for IDX) as CSV or IDX; {@code columns} says what the CSV's
     * non-feature columns are; {@code needLabels} whether IDX images need a labels file.
     */
    static Samples read(CommandLine cmd, String dataOption, Path file, String labelsOption, Path labelsFile,
                        CsvReader.Header header, CsvReader.Columns columns, boolean needLabels) throws IOException {
        BadValues bad = skipBad(cmd) ? BadValues.skip() : BadValues.refuse();
        Samples samples = read(cmd, dataOption, file, DataFiles.detect(file), labelsOption, labelsFile, header, columns,
                needLabels, bad);
        reportSkipped(cmd, file, bad, samples.recordWord());
        return samples;
    }

    /** Samples read a number at a time: a CSV file's rows as they come, an IDX file's all at once. */
    interface Source extends AutoCloseable {
        /**
         * At most {@code maxRows} more samples, or {@code null} after the last.
         *
         * @throws IOException naming the file and record of what is wrong, as reading the whole file would; the
         *                     first call when the file has no samples
         */
        Samples next(int maxRows) throws IOException;

        /**
         * Makes the --skip-bad report of the samples read so far, once, when a reader stops before the end
         * (the end makes it by itself).
         */
        void done();

        /**
         * Takes the records skipped by --skip-bad before the {@code kept}-th sample (from 0), or after the last
         * when {@code kept} is the number of samples: {@link BadValues#takeSkipped}; for a source opened with
         * rowPerRecord only.
         */
        long takeSkipped(long kept);

        @Override
        void close() throws IOException;
    }

    /**
     * Opens {@code file} as {@link #read} reads it, for samples a number at a time: a CSV file is read as far as
     * the samples asked for, so that any size of file takes the memory of one call's samples. After the last
     * samples, the --skip-bad report is made as {@link #read} makes it. {@code rowPerRecord} for a caller that
     * writes a row per record, a skipped one included ({@link Source#takeSkipped}).
     */
    static Source open(CommandLine cmd, String dataOption, Path file, String labelsOption, Path labelsFile,
                       CsvReader.Header header, CsvReader.Columns columns, boolean needLabels, boolean rowPerRecord)
            throws IOException {
        // With rowPerRecord (predict, which writes a row per record) the places of skipped records are kept for
        // takeSkipped, which drains them as the samples are used, and a file of skipped rows alone is read as no
        // samples, not refused.
        BadValues bad = !skipBad(cmd) ? BadValues.refuse() : rowPerRecord ? BadValues.skipMarking() : BadValues.skip();
        DataFiles.Format format = DataFiles.detect(file);
        if (format == DataFiles.Format.IDX || labelsFile != null) {
            // The checks of read, and its reading: IDX files are read whole.
            Samples all = read(cmd, dataOption, file, format, labelsOption, labelsFile, header, columns, needLabels,
                    bad);
            reportSkipped(cmd, file, bad, all.recordWord());
            return new Source() {
                private Samples left = all;

                @Override
                public Samples next(int maxRows) {
                    Samples s = left;
                    left = null;
                    return s;
                }

                @Override
                public void done() {
                    // read made the report
                }

                @Override
                public long takeSkipped(long kept) {
                    return bad.takeSkipped(kept);
                }

                @Override
                public void close() {
                }
            };
        }
        DataFiles.CsvRows rows = DataFiles.openCsv(file, header, columns, bad);
        return new Source() {
            private boolean reported;

            @Override
            public Samples next(int maxRows) throws IOException {
                Samples s = rows.next(maxRows);
                if (s == null) {
                    done();
                }
                return s;
            }

            @Override
            public long takeSkipped(long kept) {
                return bad.takeSkipped(kept);
            }

            @Override
            public void done() {
                if (!reported) {
                    reported = true;
                    reportSkipped(cmd, file, bad, "line");
                }
            }

            @Override
            public void close() throws IOException {
                rows.close();
            }
        };
    }

    /** Whether two paths are one file (false when either cannot be read: reading it then says why). */
    private static boolean sameFile(Path a, Path b) {
        try {
            return BaseCommand.sameFile(a, b);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The one --skip-bad line on stderr, when records were skipped. */
    private static void reportSkipped(CommandLine cmd, Path file, BadValues bad, String recordWord) {
        if (bad.skipped() > 0) {
            cmd.getErr().println("vecprop " + cmd.getCommandName() + ": " + OneLine.of(String.format(
                    "%s: skipped %s with a value that is not a finite number (--skip-bad); the first: %s", file,
                    Words.count(bad.skipped(), recordWord), bad.first())));
            cmd.getErr().flush();
        }
    }

    /** Whether the command's data options (a mixin of this class) say --skip-bad. */
    private static boolean skipBad(CommandLine cmd) {
        return cmd.getMixins().values().stream().anyMatch(m -> m instanceof DataOptions d && d.skipBad);
    }

    /** {@link #read} of a file whose format is known, without the --skip-bad report. */
    private static Samples read(CommandLine cmd, String dataOption, Path file, DataFiles.Format format,
                                String labelsOption, Path labelsFile, CsvReader.Header header,
                                CsvReader.Columns columns, boolean needLabels, BadValues bad) throws IOException {
        if (format == DataFiles.Format.IDX) {
            CsvReader.Columns given = columns instanceof CsvReader.ForModel m ? m.columns() : columns;
            if (given instanceof CsvReader.Dropping d) {
                if (!d.drop().isEmpty()) {
                    throw new CommandLine.ParameterException(cmd, "--drop is for CSV data; " + file + " is an IDX "
                            + "file, whose features are all pixels");
                }
                given = d.columns();
            }
            if (needLabels && labelsFile == null) {
                throw new CommandLine.ParameterException(cmd, file + " is an IDX images file; give its labels with "
                        + labelsOption + " FILE");
            }
            if (given instanceof CsvReader.TargetColumns) {
                throw new CommandLine.ParameterException(cmd, "regression targets (--targets) are for CSV data; "
                        + file + " is an IDX file");
            }
            String column = given instanceof CsvReader.LabelColumn l ? l.column()
                    : given instanceof CsvReader.FeaturesOnly f ? f.drop() : null;
            if (column != null || header != CsvReader.Header.AUTO) {
                throw new CommandLine.ParameterException(cmd, (column != null ? "--label" : "--header/--no-header")
                        + " is for CSV data; " + file + " is an IDX file" + (needLabels ? ", whose labels are "
                        + labelsOption + " FILE" : ""));
            }
            if (needLabels && sameFile(file, labelsFile)) {
                // The labels read as images would train on each sample's own label as its one feature.
                throw new CommandLine.ParameterException(cmd, labelsOption + " names the same file as " + dataOption
                        + " (" + file + "); give the images with " + dataOption + " and their labels file with "
                        + labelsOption);
            }
            return DataFiles.readIdx(file, needLabels ? labelsFile : null, bad);
        }
        if (labelsFile != null) {
            throw new CommandLine.ParameterException(cmd, labelsOption + " is for IDX images; " + file
                    + " is read as CSV, whose labels are a column (" + dataOption + " with --label)");
        }
        return DataFiles.readCsv(file, header, columns, bad);
    }
}
