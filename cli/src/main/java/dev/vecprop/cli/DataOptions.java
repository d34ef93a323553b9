package dev.vecprop.cli;

import dev.vecprop.cli.data.BadValues;
import dev.vecprop.cli.data.CsvReader;
import dev.vecprop.cli.data.DataFiles;
import dev.vecprop.cli.data.Samples;
import dev.vecprop.core.internal.OneLine;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** The options that say where samples come from and how to read them. */
final class DataOptions {

    @Option(names = "--data", paramLabel = "FILE",
            description = "CSV file (header optional, maybe gzip) or IDX images file (plain or gzip).")
    Path data;

    @Option(names = "--labels", paramLabel = "FILE", description = "IDX labels file for IDX images given with --data.")
    Path labels;

    @Option(names = "--label", paramLabel = "COLUMN",
            description = "CSV: the class label column, by header name or 0-based index (default: the last column).")
    String label;

    @Option(names = "--header", negatable = true,
            description = "CSV: the first line is (--header) or is not (--no-header) a header. "
                    + "Default: a header when none of its fields is a finite number.")
    Boolean header;

    @Option(names = "--skip-bad",
            description = "Skip each record (CSV line, IDX image) holding a value that is not a finite number "
                    + "(NaN, an infinity, a number too large for a float), and report how many on stderr. "
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
        Samples samples = read(cmd, dataOption, file, labelsOption, labelsFile, header, columns, needLabels, bad);
        if (bad.skipped() > 0) {
            cmd.getErr().println("vecprop " + cmd.getCommandName() + ": " + OneLine.of(String.format(
                    "%s: skipped %d %s%s with a value that is not a finite number (--skip-bad); the first: %s", file,
                    bad.skipped(), samples.recordWord(), bad.skipped() == 1 ? "" : "s", bad.first())));
            cmd.getErr().flush();
        }
        return samples;
    }

    /** Whether the command's data options (a mixin of this class) say --skip-bad. */
    private static boolean skipBad(CommandLine cmd) {
        return cmd.getMixins().values().stream().anyMatch(m -> m instanceof DataOptions d && d.skipBad);
    }

    private static Samples read(CommandLine cmd, String dataOption, Path file, String labelsOption, Path labelsFile,
                                CsvReader.Header header, CsvReader.Columns columns, boolean needLabels, BadValues bad)
            throws IOException {
        DataFiles.Format format = DataFiles.detect(file);
        if (format == DataFiles.Format.IDX) {
            if (needLabels && labelsFile == null) {
                throw new CommandLine.ParameterException(cmd, file + " is an IDX images file; give its labels with "
                        + labelsOption + " FILE");
            }
            if (columns instanceof CsvReader.TargetColumns) {
                throw new CommandLine.ParameterException(cmd, "regression targets (--targets) are for CSV data; "
                        + file + " is an IDX file");
            }
            String column = columns instanceof CsvReader.LabelColumn l ? l.column()
                    : columns instanceof CsvReader.FeaturesOnly f ? f.drop() : null;
            if (column != null || header != CsvReader.Header.AUTO) {
                throw new CommandLine.ParameterException(cmd, (column != null ? "--label" : "--header/--no-header")
                        + " is for CSV data; " + file + " is an IDX file" + (needLabels ? ", whose labels are "
                        + labelsOption + " FILE" : ""));
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
