package dev.vecprop.core.internal.data;

import dev.vecprop.core.InvalidFileException;
import dev.vecprop.core.internal.Words;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Opens data files of either format, CSV or IDX, plain or gzip, told apart by their content. */
public final class DataFiles {

    public enum Format { CSV, IDX }

    private DataFiles() {
    }

    /**
     * The format of {@code file}: IDX when it starts with two zero bytes (after decompression when it is gzip;
     * no text starts so) or its name says IDX ({@code train-images-idx3-ubyte}, {@code x.idx}), so that an IDX
     * file with a broken magic number is reported as such; CSV otherwise.
     */
    public static Format detect(Path file) throws IOException {
        String name = String.valueOf(file.getFileName()).toLowerCase(java.util.Locale.ROOT);
        if (name.matches(".*idx\\d-u?byte.*|.*\\.idx\\d?(\\.gz)?")) {
            // Opened all the same: a missing file or a folder is reported as that, not as IDX in want of labels.
            open(file).close();
            return Format.IDX;
        }
        return byContent(file);
    }

    /**
     * The format of {@code file} by its content alone: IDX when it starts with two zero bytes (after
     * decompression when it is gzip; no text starts so), CSV otherwise.
     */
    public static Format byContent(Path file) throws IOException {
        return byContent(open(file), file);
    }

    /**
     * The format of {@code raw}'s data, read from its first bytes as {@link #byContent(Path)} tells it; closes
     * {@code raw}.
     */
    public static Format byContent(InputStream raw, Path name) throws IOException {
        try (raw; InputStream in = Gzip.maybeDecompress(raw, name)) {
            byte[] head = in.readNBytes(2);
            return head.length == 2 && head[0] == 0 && head[1] == 0 ? Format.IDX : Format.CSV;
        }
    }

    /**
     * The features per sample that {@code file} appears to hold, from its first bytes only: an IDX file's
     * item size, or a CSV file's fields on its first non-blank line less {@code otherColumns} (the label or
     * targets); -1 when that cannot be told. Nothing is checked: reading the file reports its problems.
     */
    public static int peekFeatures(Path file, int otherColumns) {
        try {
            Format format = detect(file);
            try (InputStream raw = open(file); InputStream in = Gzip.maybeDecompress(raw, file)) {
                return format == Format.IDX ? idxItemSize(in) : csvFields(in, otherColumns);
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The item size an IDX header announces, or -1. */
    private static int idxItemSize(InputStream in) throws IOException {
        java.io.DataInputStream d = new java.io.DataInputStream(in);
        int rank = d.readInt() & 0xFF;
        long size = 1;
        for (int i = 0; i < rank; i++) {
            int dim = d.readInt();
            size = i == 0 ? 1 : size * dim;
        }
        return rank >= 2 && size > 0 && size <= Integer.MAX_VALUE ? (int) size : -1;
    }

    /** The fields of the first non-blank CSV line less {@code otherColumns}, or -1. */
    private static int csvFields(InputStream in, int otherColumns) throws IOException {
        // Byte by byte, within the line limit: a comma and a line feed are single bytes in UTF-8.
        java.io.BufferedInputStream b = new java.io.BufferedInputStream(in);
        int fields = 1;
        boolean text = false;
        boolean quoted = false; // a comma between double quotes is in a field (a doubled quote toggles twice)
        for (int read = 0, c; read <= Limits.MAX_LINE_CHARS && (c = b.read()) >= 0; read++) {
            if (c == '\n') {
                if (text) {
                    return fields > otherColumns ? fields - otherColumns : -1;
                }
                fields = 1; // a blank line: the first line is further on
                quoted = false;
            } else if (c == '"') {
                quoted = !quoted;
                text = true;
            } else if (c == ',' && !quoted) {
                fields++;
                text = true;
            } else if (!Character.isWhitespace(c)) {
                text = true;
            }
        }
        return -1;
    }

    /**
     * {@code file} opened for reading, refused with a message naming it when it is a folder (which the system
     * would open, only to fail the first read with a bare "Is a directory"), or when it exists but is not a
     * regular file: a data file is opened more than once (its format is told from its first bytes, then it is
     * read), and a pipe or a device would give the second reader only what the first left, and a named pipe
     * with no writer would never open.
     */
    static InputStream open(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new InvalidFileException(file, null, "a folder, not a file");
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new InvalidFileException(file, null, "not a regular file (a pipe or a device); vecprop reads a "
                    + "data file more than once, so save the data to a file and name that");
        }
        return Files.newInputStream(file);
    }

    /** Reads a CSV file (UTF-8, maybe gzip), refusing it at a value that is not finite. */
    public static Samples readCsv(Path file, CsvReader.Header header, CsvReader.Columns columns) throws IOException {
        return readCsv(file, header, columns, BadValues.refuse());
    }

    /**
     * Reads a CSV file (UTF-8, maybe gzip); {@code bad} says what a row with a value that is not finite does.
     * Bytes that are not UTF-8 refuse the file at their line; so does damaged gzip data, even when the damage
     * first shows as a bad row.
     */
    public static Samples readCsv(Path file, CsvReader.Header header, CsvReader.Columns columns, BadValues bad)
            throws IOException {
        return readCsv(file, header, columns, bad, CsvReader.Advice.COMMAND_LINE);
    }

    /** As {@link #readCsv(Path, CsvReader.Header, CsvReader.Columns, BadValues)}, advising in {@code advice}'s words. */
    public static Samples readCsv(Path file, CsvReader.Header header, CsvReader.Columns columns, BadValues bad,
                                  CsvReader.Advice advice) throws IOException {
        try (CsvRows rows = openCsv(open(file), file, header, columns, bad, advice)) {
            return rows.next(Integer.MAX_VALUE);
        }
    }

    /**
     * Reads CSV data from {@code raw} (UTF-8, maybe gzip) as {@link #readCsv(Path, CsvReader.Header,
     * CsvReader.Columns, BadValues, CsvReader.Advice)} reads a file, {@code name} standing for the file in what
     * it reports; closes {@code raw}.
     */
    public static Samples readCsv(InputStream raw, Path name, CsvReader.Header header, CsvReader.Columns columns,
                                  BadValues bad, CsvReader.Advice advice) throws IOException {
        try (CsvRows rows = openCsv(raw, name, header, columns, bad, advice)) {
            return rows.next(Integer.MAX_VALUE);
        }
    }

    /**
     * Opens a CSV file (UTF-8, maybe gzip) to read its rows a number at a time ({@link CsvReader.Rows}), its
     * header read and checked; what {@link #readCsv} reports, each {@link CsvRows#next} reports for its rows.
     */
    public static CsvRows openCsv(Path file, CsvReader.Header header, CsvReader.Columns columns, BadValues bad)
            throws IOException {
        return openCsv(open(file), file, header, columns, bad, CsvReader.Advice.COMMAND_LINE);
    }

    /** {@code raw} as CSV rows, {@code file} naming it; closed when this fails, else when the rows are. */
    private static CsvRows openCsv(InputStream raw, Path file, CsvReader.Header header, CsvReader.Columns columns,
                                   BadValues bad, CsvReader.Advice advice) throws IOException {
        InputStream in = null;
        BufferedReader r = null;
        try {
            in = Gzip.maybeDecompress(raw, file);
            r = new BufferedReader(new Utf8Reader(in, Gzip.isGzip(in)), 1 << 16);
            try {
                return new CsvRows(raw, in, r, new CsvReader.Rows(r, file, header, columns, bad, advice));
            } catch (InvalidFileException e) {
                throw Gzip.explain(in, e);
            }
        } catch (IOException | RuntimeException | Error e) {
            // What is open, closed as CsvRows.close closes it (the gzip stream holds native memory).
            for (java.io.Closeable c : new java.io.Closeable[]{r, in, raw}) {
                try {
                    if (c != null) {
                        c.close();
                    }
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /** An open CSV file's rows; closing it closes the file. */
    public static final class CsvRows implements AutoCloseable {
        private final InputStream raw;
        private final InputStream in;
        private final BufferedReader reader;
        private final CsvReader.Rows rows;

        private CsvRows(InputStream raw, InputStream in, BufferedReader reader, CsvReader.Rows rows) {
            this.raw = raw;
            this.in = in;
            this.reader = reader;
            this.rows = rows;
        }

        /** The column the labels are read from, or -1 without labels: what the header and the columns chose. */
        public int labelColumn() {
            return rows.labelColumn();
        }

        /** The header's name of the label column; {@code null} without labels or without a header. */
        public String labelName() {
            return rows.labelName();
        }

        /** The number of columns, as the first line has them. */
        public int columns() {
            return rows.columns();
        }

        /**
         * The next rows, at most {@code maxRows}, or {@code null} after the last; see {@link CsvReader.Rows#next}.
         * Damaged gzip data that first shows as a bad row is reported as the damage.
         */
        public Samples next(int maxRows) throws IOException {
            try {
                return rows.next(maxRows);
            } catch (InvalidFileException e) {
                throw Gzip.explain(in, e);
            }
        }

        @Override
        public void close() throws IOException {
            try (raw; in; reader) {
                // closed in the reverse order, as try-with-resources does
            }
        }
    }

    /**
     * Reads IDX images and, when {@code labels} is not null, their IDX labels: one integer per image, as many as
     * there are images. Each image is one sample whose features are its elements in row-major order; images of
     * one dimension (a labels file's shape) are refused.
     */
    public static Samples readIdx(Path images, Path labels) throws IOException {
        return readIdx(images, labels, BadValues.refuse());
    }

    /**
     * Reads IDX images and maybe labels as {@link #readIdx(Path, Path)} does; {@code bad} says what an image with
     * an element that is not finite does (a skipped image's label is skipped with it).
     */
    public static Samples readIdx(Path images, Path labels, BadValues bad) throws IOException {
        IdxReader.Array x = IdxReader.readImages(images, bad);
        return idxSamples(x, labels == null ? null : IdxReader.read(labels, BadValues.refuse(), true), images, labels);
    }

    /**
     * Reads IDX images and maybe labels held in memory (streams'), as {@link #readIdx(Path, Path)} reads files,
     * {@code imagesName} and {@code labelsName} standing for them.
     */
    public static Samples readIdx(byte[] images, Path imagesName, byte[] labels, Path labelsName) throws IOException {
        IdxReader.Array x = IdxReader.read(images, imagesName, BadValues.refuse(), false, true);
        return idxSamples(x, labels == null ? null : IdxReader.read(labels, labelsName, BadValues.refuse(), true,
                false), imagesName, labelsName);
    }

    /** The samples of images {@code x} and labels {@code l} (or {@code null}), read from the files named. */
    private static Samples idxSamples(IdxReader.Array x, IdxReader.Array l, Path images, Path labels)
            throws InvalidFileException {
        int[] records = x.records();
        String[] names = null;
        if (l != null) {
            if (l.itemSize() != 1) {
                throw new InvalidFileException(labels, "header", "a labels file has one value per item; this one has "
                        + l.itemSize() + " (is it an images file?)");
            }
            if (!l.isIntegerType()) {
                throw new InvalidFileException(labels, "header", "labels must be integers; the element type is "
                        + (l.type() == 0x0D ? "float" : "double"));
            }
            if (l.items() != x.items()) {
                throw new InvalidFileException(labels, "header", Words.count(l.items(), "label")
                        + ", but " + images + " has " + Words.count(x.items(), "image"));
            }
            names = new String[records.length];
            float[] v = l.values();
            for (int i = 0; i < names.length; i++) {
                names[i] = Integer.toString((int) v[records[i] - 1]);
            }
        }
        if (records.length == 0) {
            throw new InvalidFileException(images, null, "no items left: all " + x.items() + " were skipped for "
                    + "values that are not finite numbers");
        }
        int features = x.itemSize();
        List<String> featureNames = new ArrayList<>(features);
        for (int j = 0; j < features; j++) {
            featureNames.add("x" + j);
        }
        return new Samples(images, "item", records, features, featureNames, 0, x.values(), names,
                labels, null, null, List.of(), -1, -1, null);
    }
}
