package dev.vecprop.cli.data;

import dev.vecprop.core.InvalidFileException;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads numeric CSV: one sample a line, values separated by commas, an optional header row. One column may
 * hold the class label (any text: {@code setosa}, {@code 7}), or some columns the regression targets; every
 * other column is a feature and must be a finite number.
 *
 * <p>Kept simple on purpose: a field may be surrounded by double quotes, but a quoted field cannot contain a
 * comma. Blank lines are skipped; a byte order mark and CR line ends are accepted.
 */
public final class CsvReader {

    /** Whether the first line names the columns. */
    public enum Header {
        /** The first line is a header when none of its fields is a number. */
        AUTO,
        YES,
        NO
    }

    /** What the non-feature columns are. */
    public sealed interface Columns {
    }

    /** One column holds the class label: by name or 0-based index, or {@code null} for the last column. */
    public record LabelColumn(String column) implements Columns {
    }

    /** These columns (names or 0-based indices) are regression targets, in this order. */
    public record TargetColumns(List<String> columns) implements Columns {
    }

    /** Every column is a feature, except the one named by {@code drop} (or none when it is null). */
    public record FeaturesOnly(String drop) implements Columns {
    }

    private CsvReader() {
    }

    /**
     * Reads all of {@code in}; {@code file} names it in messages.
     *
     * @throws InvalidFileException naming the line and the problem: an empty file, a ragged row, a value that is
     *                              not a finite number, an unknown column
     */
    public static Samples read(BufferedReader in, Path file, Header header, Columns columns) throws IOException {
        int lineNo = 0;
        String line;
        String[] first = null;
        // The first non-blank line.
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (lineNo == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                line = line.substring(1);
            }
            if (!line.isBlank()) {
                first = split(line);
                break;
            }
        }
        if (first == null) {
            throw new InvalidFileException(file, null, "the file is empty");
        }
        int width = first.length;
        int firstLine = lineNo;
        boolean hasHeader = switch (header) {
            case YES -> true;
            case NO -> false;
            case AUTO -> Arrays.stream(first).noneMatch(CsvReader::isNumber);
        };
        List<String> names = new ArrayList<>(width);
        for (int c = 0; c < width; c++) {
            names.add(hasHeader ? first[c] : String.valueOf(c));
        }
        // Role of each column: -1 feature, -2 ignored, >= 0 target index; label column separately.
        int labelCol = -1;
        int[] role = new int[width];
        Arrays.fill(role, -1);
        List<String> targetNames = null;
        switch (columns) {
            case LabelColumn l -> {
                labelCol = l.column() == null ? width - 1 : column(l.column(), names, hasHeader, file, firstLine);
                role[labelCol] = -2;
                if (width < 2) {
                    throw new InvalidFileException(file, "line " + firstLine, "only one column; there is no room for "
                            + "features beside the label");
                }
            }
            case TargetColumns t -> {
                targetNames = new ArrayList<>();
                for (String spec : t.columns()) {
                    int c = column(spec, names, hasHeader, file, firstLine);
                    if (role[c] >= 0) {
                        throw new InvalidFileException(file, "line " + firstLine, "column '" + names.get(c)
                                + "' is named twice as a target");
                    }
                    role[c] = targetNames.size();
                    targetNames.add(names.get(c));
                }
                if (targetNames.size() == width) {
                    throw new InvalidFileException(file, "line " + firstLine, "every column is a target; none is left "
                            + "for features");
                }
            }
            case FeaturesOnly f -> {
                if (f.drop() != null) {
                    role[column(f.drop(), names, hasHeader, file, firstLine)] = -2;
                }
            }
        }
        List<String> featureNames = new ArrayList<>();
        for (int c = 0; c < width; c++) {
            if (role[c] == -1) {
                featureNames.add(names.get(c));
            }
        }
        int features = featureNames.size();
        if (features == 0) {
            throw new InvalidFileException(file, "line " + firstLine, "no feature columns are left");
        }
        int k = targetNames == null ? 0 : targetNames.size();

        FloatList x = new FloatList(1024 * Math.max(1, features));
        FloatList t = new FloatList(1024 * Math.max(1, k));
        List<String> labels = labelCol >= 0 ? new ArrayList<>() : null;
        IntList records = new IntList();
        String[] fields = hasHeader ? null : first;
        int fieldsLine = firstLine;
        while (true) {
            if (fields == null) {
                line = in.readLine();
                if (line == null) {
                    break;
                }
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                fields = split(line);
                fieldsLine = lineNo;
            }
            if (fields.length != width) {
                throw new InvalidFileException(file, "line " + fieldsLine, fields.length + " values; "
                        + (hasHeader ? "the header has " : "line " + firstLine + " has ") + width);
            }
            for (int c = 0; c < width; c++) {
                int r = role[c];
                if (c == labelCol) {
                    String label = fields[c];
                    if (label.isEmpty()) {
                        throw new InvalidFileException(file, "line " + fieldsLine, "the label (column '" + names.get(c)
                                + "') is empty");
                    }
                    labels.add(label);
                } else if (r == -1) {
                    x.add(number(fields[c], c, names, file, fieldsLine));
                } else if (r >= 0) {
                    t.add(number(fields[c], c, names, file, fieldsLine));
                }
            }
            if (k > 0) {
                // Targets were appended in file order; put them in the order the columns were named.
                t.reorderLast(k, targetOrder(role, k));
            }
            records.add(fieldsLine);
            fields = null;
        }
        if (records.size() == 0) {
            throw new InvalidFileException(file, null, "no data rows" + (hasHeader ? " after the header" : ""));
        }
        return new Samples(file, "line", records.toArray(), features, List.copyOf(featureNames), x.toArray(),
                labels == null ? null : labels.toArray(String[]::new), targetNames == null ? null : List.copyOf(targetNames),
                k == 0 ? null : t.toArray());
    }

    /** For target columns in file order, the position of each in the target vector. */
    private static int[] targetOrder(int[] role, int k) {
        int[] order = new int[k];
        int i = 0;
        for (int r : role) {
            if (r >= 0) {
                order[i++] = r;
            }
        }
        return order;
    }

    private static int column(String spec, List<String> names, boolean hasHeader, Path file, int line)
            throws InvalidFileException {
        String s = spec.trim();
        if (hasHeader) {
            int i = names.indexOf(s);
            if (i >= 0) {
                return i;
            }
        }
        if (s.matches("\\d{1,9}")) {
            int i = Integer.parseInt(s);
            if (i < names.size()) {
                return i;
            }
            throw new InvalidFileException(file, "line " + line, "column " + i + " does not exist; the file has "
                    + names.size() + " columns (0 to " + (names.size() - 1) + ")");
        }
        throw new InvalidFileException(file, "line " + line, hasHeader
                ? "no column named '" + s + "'; the header has " + describe(names)
                : "the file has no header, so column '" + s + "' must be an index from 0 to " + (names.size() - 1));
    }

    private static String describe(List<String> names) {
        if (names.size() <= 8) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, 6)) + ", ... (" + names.size() + " columns)";
    }

    private static float number(String s, int c, List<String> names, Path file, int line) throws InvalidFileException {
        float v;
        try {
            v = Float.parseFloat(s);
        } catch (NumberFormatException e) {
            throw new InvalidFileException(file, "line " + line, "column '" + names.get(c) + "': '" + abbreviate(s)
                    + "' is not a number");
        }
        if (!Float.isFinite(v)) {
            throw new InvalidFileException(file, "line " + line, "column '" + names.get(c) + "': '" + abbreviate(s)
                    + "' is not a finite number" + (Double.isFinite(Double.parseDouble(s)) ? " in float precision" : ""));
        }
        return v;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    static boolean isNumber(String s) {
        if (s.isEmpty()) {
            return false;
        }
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Splits on commas and trims each field, removing one pair of surrounding double quotes. */
    static String[] split(String line) {
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        while (true) {
            int comma = line.indexOf(',', start);
            String f = (comma < 0 ? line.substring(start) : line.substring(start, comma)).strip();
            if (f.length() >= 2 && f.charAt(0) == '"' && f.charAt(f.length() - 1) == '"') {
                f = f.substring(1, f.length() - 1);
            }
            out.add(f);
            if (comma < 0) {
                return out.toArray(String[]::new);
            }
            start = comma + 1;
        }
    }

    /** A growable float array. */
    static final class FloatList {
        private float[] a;
        private int n;

        FloatList(int capacity) {
            a = new float[capacity];
        }

        void add(float v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, Math.max(16, a.length + (a.length >> 1)));
            }
            a[n++] = v;
        }

        /** Reorders the last k values: value i (in file order) goes to position order[i]. */
        void reorderLast(int k, int[] order) {
            float[] tmp = Arrays.copyOfRange(a, n - k, n);
            for (int i = 0; i < k; i++) {
                a[n - k + order[i]] = tmp[i];
            }
        }

        float[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }

    /** A growable int array. */
    static final class IntList {
        private int[] a = new int[1024];
        private int n;

        void add(int v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, a.length + (a.length >> 1));
            }
            a[n++] = v;
        }

        int size() {
            return n;
        }

        int[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
