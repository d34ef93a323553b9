package dev.vecprop.core.internal.data;

import dev.vecprop.core.InvalidFileException;
import dev.vecprop.core.internal.Words;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;

/**
 * Reads numeric CSV: one sample a line, values separated by commas, an optional header row. One column may
 * hold the class label (any text: {@code setosa}, {@code 7}; but empty, or NaN, which is a missing label), or
 * some columns the regression targets; every other column is a feature and must be a finite number.
 *
 * <p>Kept simple on purpose: a field may be surrounded by double quotes, and then holds any commas between them
 * (RFC 4180), but a line break ends the record, inside quotes too. Blank lines are skipped; a byte order mark and
 * CR line ends are accepted.
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

    /**
     * One column holds the class label: {@code column} by name or 0-based index, or when it is {@code null} the
     * column the header names {@code usualName} (a model's label name, or {@code null}) when it names one so
     * and that is not the name of one of the model's features,
     * else the column of index {@code usual} (a model's label column), or when that is -1 too or beyond the
     * data's columns, the last column.
     */
    public record LabelColumn(String column, int usual, String usualName) implements Columns {
        /** The label in {@code column}, or in the last column for {@code null}. */
        public LabelColumn(String column) {
            this(column, -1, null);
        }
    }

    /**
     * These columns (names or 0-based indices) are regression targets, in this order; {@code ofModel} when the
     * names are a saved model's, which data without a header cannot match by name.
     */
    public record TargetColumns(List<String> columns, boolean ofModel) implements Columns {
        public TargetColumns(List<String> columns) {
            this(columns, false);
        }
    }

    /** Every column is a feature, except the one named by {@code drop} (or none when it is null). */
    public record FeaturesOnly(String drop) implements Columns {
    }

    /**
     * {@code columns}, and the columns {@code drop} names or numbers left out: no feature, no label, no target
     * (an ID, a date). The training's choice ({@code vecprop train --drop}); an empty list leaves none out, and
     * makes the refusal of a column of text suggest {@code --drop}.
     */
    public record Dropping(Columns columns, List<String> drop) implements Columns {
        public Dropping {
            if (columns instanceof Dropping || columns instanceof ForModel) {
                throw new IllegalArgumentException("columns dropped from columns that drop or pick columns");
            }
            drop = List.copyOf(drop);
        }
    }

    /**
     * The data of a saved model, whose features are {@code features} (none when its training data had no
     * header): {@code columns} says which columns are the label or targets, or dropped. Of the rest, when the
     * header names each of the model's features once, in the model's order, those are the features and the
     * others are not used ({@link Samples#unusedColumns}): an ID column, targets that predict has no use for.
     * Otherwise a header with one column more than the features, all of them and one other, is refused at the
     * header with that column named, for {@code --label} to drop (a label left in, in a column whose text would
     * otherwise fail as "not a number"). With {@code inputs}, the model's input count (-1 for none), feature
     * columns more than one away from that many are refused at the header, as a feature count, before a column
     * of text fails as "not a number" (one more or one fewer, a label left in or left out, the caller explains),
     * except where the header does not name one of the features: then that feature is named, the column of
     * {@code labelName} (the model's label column's, or {@code null}) with it when the header has it among the
     * features, since data with a header must name the model's features to be matched to them. A column that
     * {@code columns} leaves out or reads labels from by name or index is refused at the header when it is one of
     * the model's features.
     */
    public record ForModel(Columns columns, List<String> features, int inputs, String labelName) implements Columns {
        public ForModel {
            if (columns instanceof ForModel) {
                throw new IllegalArgumentException("columns of a model within columns of a model");
            }
            features = List.copyOf(features);
        }

        public ForModel(Columns columns, List<String> features, int inputs) {
            this(columns, features, inputs, null);
        }

        public ForModel(Columns columns, List<String> features) {
            this(columns, features, -1, null);
        }
    }

    private CsvReader() {
    }

    /**
     * Whose words a refusal's advice is in: the command line's options ({@code --label species}) or the library's
     * methods ({@code label("species")}, {@code dev.vecprop.core.DataFile.Csv}). The refusal is the same; advice
     * the reader's caller has no way to follow is left out.
     */
    public enum Advice {
        /** {@code vecprop}'s options: {@code --header}, {@code --label}, {@code --drop}, {@code --targets}. */
        COMMAND_LINE,
        /** {@code DataFile.Csv}'s methods: {@code header(true)}, {@code label(...)}, {@code drop(...)}. */
        LIBRARY;

        /** What makes the first line a header. */
        String header() {
            return this == COMMAND_LINE ? "give --header" : "read it with header(true)";
        }

        /** The label in column {@code word}: a shell word or an index for the command line, quoted for Java else. */
        String label(String word) {
            return this == COMMAND_LINE ? "--label " + word : "label(" + java(word) + ")";
        }

        /** Column {@code word} left out. */
        String drop(String word) {
            return this == COMMAND_LINE ? "--drop " + word : "drop(" + java(word) + ")";
        }

        /**
         * Column {@code word} named as the label of data read for a model ({@code eval --label}), or left out of
         * data to predict on ({@code predict --label}).
         */
        String modelLabel(String word, boolean labelled) {
            return this == COMMAND_LINE ? "--label " + word
                    : (labelled ? "forModel" : "featuresForModel") + "(model, " + java(word) + ")";
        }

        /**
         * How to leave column {@code word} out of data to predict on, as a clause: "drop it with --label 3", or
         * "leave it out with featuresForModel(model, "3")".
         */
        String leaveOut(String word) {
            return (this == COMMAND_LINE ? "drop it with " : "leave it out with ") + modelLabel(word, false);
        }

        /** {@code word} as a Java string literal. */
        private static String java(String word) {
            return "\"" + word.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }

        /**
         * Column {@code word} read as regression targets, as a clause: "give --targets price", with " instead of
         * --label" when the label was named; "read it with targets(List.of("price"))".
         */
        String targetsInstead(String word, boolean labelNamed) {
            return this == COMMAND_LINE ? "give --targets " + word + (labelNamed ? " instead of --label" : "")
                    : "read it with targets(List.of(" + java(word) + "))";
        }

        /** How to take the labels from another column: "give --label COLUMN", "read it with label(COLUMN)". */
        String otherLabel() {
            return this == COMMAND_LINE ? "give --label COLUMN" : "read it with label(COLUMN)";
        }

        /** A sample of the data read: the command line's is split off for testing, the library's is all of it. */
        String trainingSample() {
            return this == COMMAND_LINE ? "training sample" : "sample";
        }

        /** The choice of columns left out, as a name. */
        String drop() {
            return this == COMMAND_LINE ? "--drop" : "drop(...)";
        }

        /** The choice of target columns, as a name. */
        String targets() {
            return this == COMMAND_LINE ? "--targets" : "targets(...)";
        }
    }

    /**
     * Reads all of {@code in}, refusing the file at a value that is not finite; {@code file} names it in messages.
     *
     * @throws InvalidFileException naming the line and the problem: an empty file, a ragged row, a value that is
     *                              not a finite number, an unknown column, a size past {@link Limits}
     */
    public static Samples read(BufferedReader in, Path file, Header header, Columns columns) throws IOException {
        return read(in, file, header, columns, BadValues.refuse());
    }

    /**
     * Reads all of {@code in}; {@code file} names it in messages; {@code bad} says whether a row with a value that
     * is not finite (NaN, an infinity, a number too large for a float) refuses the file or is skipped.
     *
     * @throws InvalidFileException naming the line and the problem: an empty file, a ragged row, a value that is
     *                              not a number, an unknown column, a size past {@link Limits}
     */
    public static Samples read(BufferedReader in, Path file, Header header, Columns columns, BadValues bad)
            throws IOException {
        return new Rows(in, file, header, columns, bad).next(Integer.MAX_VALUE);
    }

    /**
     * The rows of a CSV text, read a number at a time: its header (or first line) is read and checked when
     * this is made, then each {@link #next} reads on. What one call of {@link #read} would return is what one
     * {@link #next} of every row returns, and the same errors are raised at the same lines; rows of several
     * calls have the same columns, and their labels are of one set.
     */
    public static final class Rows {
        private final Lines lines;
        private final Path file;
        private final BadValues bad;
        private final Advice advice;
        /** Whether the columns are a saved model's, which the library cannot leave out by choice. */
        private final boolean forModel;
        private final int width;
        private final int firstLine;
        private final boolean hasHeader;
        /** Added to a refusal of the first line when it was taken for a row for having a number in it. */
        private final String firstLineHint;
        /**
         * Added to the refusals of a file of one column whose first line holds a semicolon or a tab: a file
         * separated by those, read as one column.
         */
        private final String separatorHint;
        /**
         * Added to the refusals an empty last column explains, when the first line's last field (a header's last
         * name, or a row's last value) is empty: lines that end with a comma.
         */
        private final String trailingCommaHint;
        /** Of the two above, the one that applies, for a refusal of a value in the last two columns. */
        private final String lastColumnsHint;
        /**
         * Whether the label column is the one taken when none is named (the last, or a model's): then a column of
         * text in the first row may be the classes, and --label names it.
         */
        private final boolean labelTaken;
        /** Whether a row has been read: a column of text (an ID, a date, the classes) fails on the first. */
        private boolean rowRead;
        /** Whether the columns are a label or targets and features, which a column of text has no place among. */
        private final boolean labelled;
        /** Whether the target columns are a model's, which the data must hold as numbers. */
        private final boolean targetsOfModel;
        /** Whether the columns came as {@link Dropping}: a column of text can then be left out with --drop. */
        private final boolean dropOption;
        /** The columns {@link Dropping} names, as given. */
        private final List<String> dropped;
        private final List<String> names;
        private final int labelCol;
        /** The label column's place among the columns not dropped, or -1 without a label. */
        private final int labelPlace;
        private final int[] role;
        private final List<String> targetNames;
        private final List<String> featureNames;
        /**
         * The names (else indices) of the columns that are neither features nor a label or targets: those
         * {@link Dropping} leaves out, then those {@link ForModel} does not pick.
         */
        private final List<String> unused;
        /** For target columns in file order, the position of each in the target vector. */
        private final int[] targetOrder;
        private final int features;
        private final int k;
        // Labels by index into the distinct labels, so that a million rows of one class hold one string.
        private final Map<String, Integer> labelIndex;
        private final List<String> distinctLabels = new ArrayList<>();
        /** The first line's fields when they are a row, until a call of next takes them. */
        private String[] pending;
        private boolean any;
        /** Rows kept by the calls of next before this one. */
        private long kept;

        /**
         * Reads and checks the header (or the first line) of {@code in}.
         *
         * @throws InvalidFileException naming the line and the problem: an empty file, an unknown column
         */
        public Rows(BufferedReader in, Path file, Header header, Columns columns, BadValues bad) throws IOException {
            this(in, file, header, columns, bad, Advice.COMMAND_LINE);
        }

        /**
         * As {@link #Rows(BufferedReader, Path, Header, Columns, BadValues)}, with refusals advising in
         * {@code advice}'s words.
         */
        public Rows(BufferedReader in, Path file, Header header, Columns columns, BadValues bad, Advice advice)
                throws IOException {
            this.file = file;
            this.bad = bad;
            this.advice = advice;
            this.forModel = columns instanceof ForModel;
            lines = new Lines(in, file);
            String line;
            String[] first = null;
            // The first non-blank line.
            while ((line = lines.next()) != null) {
                if (lines.number == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                    line = line.substring(1);
                }
                if (!line.isBlank()) {
                    first = split(line, file, lines.number);
                    break;
                }
            }
            if (first == null) {
                throw new InvalidFileException(file, null, lines.number == 0 ? "the file is empty"
                        : "the file has no data: " + (lines.number == 1 ? "its one line is"
                        : "its " + lines.number + " lines are") + " blank");
            }
            width = first.length;
            firstLine = lines.number;
            hasHeader = switch (header) {
                case YES -> true;
                case NO -> false;
                // nan and inf count as numbers: a first line of missing values so written is a row (refused, or
                // skipped with --skip-bad), not a header that would silently drop it; a column named "inf" needs
                // --header. So is a line of empty fields only, which names nothing; an empty field beside names
                // is a header's (pandas writes its index column's name so), and a row's missing value can't be told
                // from it.
                case AUTO -> Arrays.stream(first).noneMatch(CsvReader::isNumber)
                        && !Arrays.stream(first).allMatch(String::isEmpty);
            };
            firstLineHint = header == Header.AUTO && !hasHeader
                    ? " (if line " + firstLine + " is a header, " + advice.header() + ")" : "";
            String other = width > 1 ? null : first[0].indexOf(';') >= 0 ? "';'" : first[0].indexOf('\t') >= 0
                    ? "a tab" : null;
            separatorHint = other == null ? ""
                    : " (line " + firstLine + " holds " + other + ": vecprop reads comma-separated values)";
            names = new ArrayList<>(width);
            for (int c = 0; c < width; c++) {
                names.add(hasHeader ? first[c] : String.valueOf(c));
            }
            // Role of each column: -1 feature, -2 ignored, >= 0 target index; label column separately.
            int labelCol = -1;
            role = new int[width];
            Arrays.fill(role, -1);
            List<String> targetNames = null;
            List<String> modelFeatures = List.of();
            int modelInputs = -1;
            String modelLabel = null;
            if (columns instanceof ForModel m) {
                modelFeatures = m.features();
                modelInputs = m.inputs();
                modelLabel = m.labelName();
                columns = m.columns();
            }
            List<String> drop = null;
            if (columns instanceof Dropping d) {
                drop = d.drop();
                columns = d.columns();
            }
            dropOption = drop != null;
            dropped = drop == null ? List.of() : drop;
            List<Integer> dropAt = new ArrayList<>();
            for (String spec : dropped) {
                try {
                    dropAt.add(column(spec, names, hasHeader, file, firstLine, firstLineHint, separatorHint));
                } catch (InvalidFileException e) {
                    // Test data read with the training's --drop must have the dropped columns too.
                    throw new InvalidFileException(file, e.record(), e.problem() + " (" + advice.drop(Text.quote(spec))
                            + " names it)", e);
                }
            }
            // The label taken when none is named: the last column that is not dropped.
            int last = width - 1;
            while (last > 0 && dropAt.contains(last)) {
                last--;
            }
            // The column --label names, left out (predict) or read as the labels (eval); -1 when none is named.
            int namedColumn = -1;
            switch (columns) {
                case LabelColumn l -> {
                    // A model's label by its name, when the header gives it one column, not one of its features.
                    int byName = hasHeader && l.usualName() != null && !modelFeatures.contains(l.usualName())
                            ? onlyIndexOf(names, l.usualName()) : -1;
                    labelCol = l.column() != null ? column(l.column(), names, hasHeader, file, firstLine,
                            firstLineHint, separatorHint)
                            : byName >= 0 ? byName
                            : hasHeader && !modelFeatures.isEmpty()
                            ? labelOfModel(names, modelFeatures, l.usual(), file, firstLine, advice)
                            : l.usual() >= 0 && l.usual() < width ? l.usual() : last;
                    namedColumn = l.column() != null ? labelCol : -1;
                    role[labelCol] = -2;
                    if (width < 2) {
                        throw new InvalidFileException(file, "line " + firstLine, "only one column; there is no "
                                + "room for features beside the label" + separatorHint);
                    }
                }
                case TargetColumns t -> {
                    targetNames = new ArrayList<>();
                    for (String spec : t.columns()) {
                        if (t.ofModel() && !hasHeader && !spec.trim().matches("\\d{1,9}")) {
                            throw new InvalidFileException(file, "line " + firstLine, "the file has no header, and "
                                    + "the model finds its target '" + Text.quote(spec) + "' by name; give the data "
                                    + "the header line its training data had");
                        }
                        int c = column(spec, names, hasHeader, file, firstLine, firstLineHint, separatorHint);
                        if (role[c] >= 0) {
                            throw new InvalidFileException(file, "line " + firstLine, "column '"
                                    + Text.quote(names.get(c)) + "' is named twice as a target");
                        }
                        role[c] = targetNames.size();
                        targetNames.add(names.get(c));
                    }
                    if (targetNames.size() == width) {
                        throw new InvalidFileException(file, "line " + firstLine, "every column is a target; none "
                                + "is left for features");
                    }
                }
                case FeaturesOnly f -> {
                    if (f.drop() != null) {
                        namedColumn = column(f.drop(), names, hasHeader, file, firstLine, firstLineHint, separatorHint);
                        role[namedColumn] = -2;
                    }
                }
                case ForModel m -> throw new AssertionError("unwrapped above");
                case Dropping d -> throw new AssertionError("unwrapped above");
            }
            List<String> unused = new ArrayList<>();
            for (int c : dropAt) {
                if (role[c] != -1) {
                    throw new InvalidFileException(file, "line " + firstLine, "column '" + Text.quote(names.get(c))
                            + "' is " + (c == labelCol ? "the label" : role[c] >= 0 ? "a target" : "dropped already")
                            + "; " + advice.drop() + " leaves out columns that would be features");
                }
                role[c] = -2;
                unused.add(names.get(c));
            }
            // The label's place and, without a header, the targets' names (their indices) among the columns kept:
            // a model's, for data of those columns alone.
            int dropped = 0;
            int place = -1;
            for (int c = 0; c < width; c++) {
                if (c == labelCol) {
                    place = c - dropped;
                } else if (role[c] >= 0 && !hasHeader) {
                    targetNames.set(role[c], String.valueOf(c - dropped));
                } else if (role[c] == -2) {
                    dropped++;
                }
            }
            labelPlace = place;
            if (hasHeader && !modelFeatures.isEmpty() && !selectByName(names, role, modelFeatures, unused)
                    && columns instanceof FeaturesOnly f && f.drop() == null && width == modelFeatures.size() + 1
                    && names.containsAll(modelFeatures)) {
                // The model's features and one column more, in another order: otherwise the first row fails on
                // the label's text, "not a number", with no hint.
                for (int c = 0; c < width; c++) {
                    if (!modelFeatures.contains(names.get(c))) {
                        throw new InvalidFileException(file, "line " + firstLine, "column " + c + " ('"
                                + Text.quote(names.get(c)) + "') is not one of the model's features; if it "
                                + "holds labels or targets, " + advice.leaveOut(String.valueOf(c)));
                    }
                }
            }
            this.unused = List.copyOf(unused);
            int featureColumns = (int) Arrays.stream(role).filter(r -> r == -1).count();
            if (hasHeader && !modelFeatures.isEmpty()) {
                // A column named on the command line to be left out (predict's --label) or read as the labels
                // (eval's) that the model takes as a feature: otherwise the features are matched by position and
                // the first row fails on the label's text, far from the cause.
                if (namedColumn >= 0 && modelFeatures.contains(names.get(namedColumn))) {
                    throw new InvalidFileException(file, "line " + firstLine, "column '"
                            + Text.quote(names.get(namedColumn)) + "', which " + (advice == Advice.COMMAND_LINE
                            ? "--label names" : "the label column given names") + ", is one of the model's features; "
                            + (advice == Advice.COMMAND_LINE ? "--label names" : "give") + " the column that holds the "
                            + "labels");
                }
                // A feature of the model that the header does not name: data with a header must name the model's
                // features. Said here, before a row fails on a text column or the columns are counted.
                int labelAt = modelLabel == null ? -1 : onlyIndexOf(names, modelLabel);
                String word = modelLabel == null ? null : Text.columnWord(modelLabel, false);
                String labelHint = labelAt >= 0 && role[labelAt] == -1 && !modelFeatures.contains(modelLabel)
                        ? "; column '" + Text.quote(modelLabel) + "' held the model's labels in its training data"
                        + ": " + advice.leaveOut(advice == Advice.COMMAND_LINE ? (word != null ? word
                        : String.valueOf(labelAt)) : libraryWord(names, labelAt)) : "";
                for (int j = 0; j < modelFeatures.size(); j++) {
                    if (!names.contains(modelFeatures.get(j))) {
                        throw new InvalidFileException(file, "line " + firstLine, "the header names no column '"
                                + Text.quote(modelFeatures.get(j)) + "', the model's feature " + (j + 1) + " of "
                                + modelFeatures.size() + " (the model finds its features by the names of its "
                                + "training data's header)" + labelHint);
                    }
                }
            }
            if (modelInputs >= 0 && Math.abs(featureColumns - modelInputs) > 1) {
                throw new InvalidFileException(file, null, Words.count(featureColumns, "feature") + " per sample, but "
                        + "the model takes " + modelInputs);
            }
            List<String> featureNames = new ArrayList<>();
            for (int c = 0; c < width; c++) {
                if (role[c] == -1) {
                    featureNames.add(names.get(c));
                }
            }
            this.featureNames = List.copyOf(featureNames);
            features = featureNames.size();
            if (features == 0) {
                throw new InvalidFileException(file, "line " + firstLine, "no feature columns are left");
            }
            this.labelCol = labelCol;
            labelTaken = columns instanceof LabelColumn l && l.column() == null;
            labelled = !(columns instanceof FeaturesOnly);
            targetsOfModel = columns instanceof TargetColumns t && t.ofModel();
            trailingCommaHint = width > 1 && first[width - 1].isEmpty() ? " (line " + firstLine + " ends with a comma, "
                    + "so the last column is empty" + (labelCol == width - 1 ? " and the labels are read from it" : "")
                    + ": remove the commas that end the lines)" : "";
            lastColumnsHint = separatorHint + trailingCommaHint;
            this.targetNames = targetNames == null ? null : List.copyOf(targetNames);
            k = targetNames == null ? 0 : targetNames.size();
            targetOrder = targetOrder(role, k);
            labelIndex = labelCol >= 0 ? new HashMap<>() : null;
            pending = hasHeader ? null : first;
        }

        /** The column the labels are read from, or -1 without labels. */
        public int labelColumn() {
            return labelCol;
        }

        /** The header's name of the label column; {@code null} without labels or without a header. */
        public String labelName() {
            return labelCol >= 0 && hasHeader ? names.get(labelCol) : null;
        }

        /** The number of columns, as the first line has them. */
        public int columns() {
            return width;
        }

        /**
         * Reads on to at most {@code maxRows} more rows (fewer at the end of the text; rows skipped as
         * {@code bad} says do not count).
         *
         * @return the rows, or {@code null} when there are no more
         * @throws InvalidFileException naming the line and the problem: a ragged row, a value that is not a
         *                              number, no data rows at all, a size past {@link Limits}
         */
        public Samples next(int maxRows) throws IOException {
            // Room for the first rows only: the arrays grow with the data actually read (Limits).
            FloatList x = new FloatList(file, (int) Math.min(1 << 16, 1024L * features), "line " + firstLine);
            FloatList t = new FloatList(file, (int) Math.min(1 << 16, 1024L * Math.max(1, k)), "line " + firstLine);
            IntList labels = new IntList(file);
            IntList records = new IntList(file);
            String[] fields = pending;
            pending = null;
            int fieldsLine = firstLine;
            String line;
            while (records.size() < maxRows) {
                if (fields == null) {
                    line = lines.next();
                    if (line == null) {
                        break;
                    }
                    if (line.isBlank()) {
                        continue;
                    }
                    fields = split(line, file, lines.number);
                    fieldsLine = lines.number;
                }
                String where = "line " + fieldsLine;
                String hint = fieldsLine == firstLine ? firstLineHint : "";
                if (fields.length != width) {
                    throw new InvalidFileException(file, where, Words.count(fields.length, "value") + "; "
                            + (hasHeader ? "the header has " : "line " + firstLine + " has ") + width
                            + (fields.length == width - 1 ? trailingCommaHint : ""));
                }
                int xStart = x.size();
                int tStart = t.size();
                boolean skip = false;
                String label = null;
                for (int c = 0; c < width; c++) {
                    int r = role[c];
                    if (c == labelCol) {
                        label = fields[c];
                        if (label.isEmpty()) {
                            throw new InvalidFileException(file, where, "the label (column '" + Text.quote(names.get(c))
                                    + "') is empty" + (c == width - 1 ? trailingCommaHint : ""));
                        }
                        if (Double.isNaN(parse(label.strip()))) {
                            // numpy's nan, pandas' NaN: a missing label, as a feature that is NaN is a missing
                            // value, whatever the other labels are.
                            if (!skip) {
                                bad.found(file, where, "the label (column '" + Text.quote(names.get(c)) + "') is '"
                                        + Text.quote(label) + "': a missing value, not a class" + hint,
                                        kept + records.size());
                            }
                            skip = true;
                        }
                    } else if (r >= -1) {
                        // The hint of a column of text is made only for a refusal: it looks the name up among all.
                        float v = number(fields[c], c, names, file, where, hint, c >= width - 2 ? lastColumnsHint : "", advice,
                                rowRead || !hasHeader || !labelled || !trailingCommaHint.isEmpty()
                                        || fields[c].indexOf('"') >= 0 ? null : this::textColumnHint);
                        if (!Float.isFinite(v)) {
                            // One report per row; the rest of the row is still checked for values that are not numbers.
                            if (!skip) {
                                // Digits that come out infinite are a number too large for a float, not inf.
                                String quoted = "'" + Text.quote(fields[c]) + "'";
                                bad.found(file, where, "column '" + Text.quote(names.get(c)) + "': "
                                        + (Float.isInfinite(v) && fields[c].chars().anyMatch(ch -> ch >= '0' && ch <= '9')
                                        ? Text.beyondRange(quoted, "float", Float.MAX_VALUE)
                                        : quoted + " is not a finite number") + hint,
                                        kept + records.size());
                            }
                            skip = true;
                        }
                        (r == -1 ? x : t).add(v, where);
                    }
                }
                if (skip) {
                    x.truncate(xStart);
                    t.truncate(tStart);
                } else {
                    if (label != null) {
                        Integer i = labelIndex.get(label);
                        if (i == null) {
                            i = distinctLabels.size();
                            labelIndex.put(label, i);
                            distinctLabels.add(label);
                        }
                        labels.add(i, where);
                    }
                    if (k > 0) {
                        // Targets were appended in file order; put them in the order the columns were named.
                        t.reorderLast(k, targetOrder);
                    }
                    records.add(fieldsLine, where);
                }
                rowRead = true;
                fields = null;
            }
            // A file whose every row was skipped is, for a caller that writes a row per record (predict), rows to
            // write empty: its first call gets no samples, and the places of the skipped ones.
            if (records.size() == 0 && (any || !bad.marking() || bad.skipped() == 0)) {
                if (any) {
                    return null;
                }
                throw new InvalidFileException(file, null, "no data rows" + (hasHeader ? " after the header" : "")
                        + (bad.skipped() > 0 ? " (" + bad.skipped() + " skipped for values that are not finite "
                        + "numbers)" : ""));
            }
            any = true;
            kept += records.size();
            String[] labelArray = null;
            if (labelCol >= 0) {
                int[] li = labels.toArray();
                labelArray = new String[li.length];
                for (int i = 0; i < li.length; i++) {
                    labelArray[i] = distinctLabels.get(li[i]);
                }
            }
            return new Samples(file, "line", records.toArray(), features, featureNames,
                    hasHeader ? firstLine : 0, x.toArray(),
                    labelArray, labelArray == null ? null : file,
                    targetNames, k == 0 ? null : t.toArray(), unused, labelCol, labelPlace,
                    labelCol >= 0 ? names.get(labelCol) : null);
        }

        /**
         * Added to the refusal of a value of column {@code c} in the first row that is not a number: a column of
         * text, which is the classes when the label was taken as the last column, or else has no place.
         */
        private String textColumnHint(int c) {
            String name = names.get(c);
            String word = onlyIndexOf(names, name) == c ? Text.columnWord(name, true) : null;
            String spec = word != null ? word : String.valueOf(c);
            String libraryWord = libraryWord(names, c);
            if (role[c] >= 0) {
                // A target: not to be removed; classes given as --targets, unless the model chose the column.
                return targetsOfModel ? "" : " (column '" + Text.quote(name) + "' is a target, and targets are "
                        + "numbers: if it holds classes, give " + advice.label(advice == Advice.COMMAND_LINE ? spec
                        : libraryWord) + " instead of " + advice.targets() + ")";
            }
            String notFeatures = k > 0 ? "targets" : "label";
            // The words given to --drop as they were, and this column's; words a message cannot show as they are
            // (a control character) are not repeated.
            String given = String.join(",", dropped);
            String leaveOut = advice == Advice.LIBRARY ? (forModel ? "remove it from the file" : "leave it out with "
                    + advice.drop(libraryWord))
                    : !dropOption ? "remove it from the file" : dropped.isEmpty() ? "leave it out with --drop "
                    + spec : given.chars().anyMatch(Character::isISOControl) ? "leave it out too: add " + spec
                    + " to --drop" : "leave it out with --drop " + Text.shellWord(given) + "," + spec;
            return " (if column '" + Text.quote(name) + "' holds text, not numbers, " + (labelTaken
                    ? "note that every column but the label is a feature, and the label was taken to be column '"
                    + Text.quote(names.get(labelCol)) + "': give " + (advice == Advice.COMMAND_LINE ? advice.label(spec)
                    : forModel ? advice.modelLabel(libraryWord, true) : advice.label(libraryWord))
                    + " if this one holds the classes, else " + leaveOut + ")"
                    : "every column but the " + notFeatures + " is a feature: " + leaveOut + ")");
        }
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

    /**
     * The label column of a saved model's labelled data, whose header names the model's features: when it
     * names each of them once, in order, the one other column, or else the other column that comes after
     * {@code place} of the features (the label's place among the model's columns, -1 for the last), as in the
     * training data; the usual column when the header does not name the features so (data read as before).
     *
     * @throws InvalidFileException when several other columns could be the label
     */
    private static int labelOfModel(List<String> names, List<String> model, int place, Path file, int line,
                                    Advice advice)
            throws InvalidFileException {
        int width = names.size();
        int[] features = columnsOf(names, model, c -> true);
        if (features == null || features.length == width) {
            return place >= 0 && place < width ? place : width - 1;
        }
        List<Integer> others = new ArrayList<>();
        List<Integer> placed = new ArrayList<>();
        int after = place < 0 ? model.size() : place;
        for (int c = 0; c < width; c++) {
            int found = Arrays.binarySearch(features, c);
            if (found < 0) {
                others.add(c);
                // -found - 1: the model's features before column c.
                if (-found - 1 == after) {
                    placed.add(c);
                }
            }
        }
        if (others.size() == 1) {
            return others.getFirst();
        }
        if (placed.size() == 1) {
            return placed.getFirst();
        }
        List<String> which = (placed.isEmpty() ? others : placed).stream().map(c -> "'" + Text.quote(names.get(c)) + "'")
                .toList();
        // At most eight named: a header of hundreds of columns gives a message of one line still.
        throw new InvalidFileException(file, "line " + line, "the header names the model's features and "
                + Words.count(others.size(), "other column") + "; the label may be any of " + Text.list(which, 8, ", ")
                + (advice == Advice.COMMAND_LINE ? ": give --label COLUMN" : ": name it with forModel(model, COLUMN)"));
    }

    /**
     * Makes the feature columns ({@code role} -1) that are not among {@code model}'s features unused (-2),
     * adding their names to {@code unused}, when the header names each of the model's features once, among the
     * feature columns, in the model's order; false, changing nothing, otherwise (or when there is nothing to
     * leave out).
     */
    private static boolean selectByName(List<String> names, int[] role, List<String> model, List<String> unused) {
        int[] features = columnsOf(names, model, c -> role[c] == -1);
        if (features == null || Arrays.stream(role).filter(r -> r == -1).count() == model.size()) {
            return false;
        }
        for (int c = 0; c < names.size(); c++) {
            if (role[c] == -1 && Arrays.binarySearch(features, c) < 0) {
                role[c] = -2;
                unused.add(names.get(c));
            }
        }
        return true;
    }

    /**
     * The column of each of {@code model}'s features, rising, when the header {@code names} names each of them
     * once, in the model's order, in a column {@code eligible} takes; else null.
     */
    private static int[] columnsOf(List<String> names, List<String> model, IntPredicate eligible) {
        int[] columns = new int[model.size()];
        int previous = -1;
        for (int j = 0; j < model.size(); j++) {
            int c = onlyIndexOf(names, model.get(j));
            if (c <= previous || !eligible.test(c)) {
                return null;
            }
            columns[j] = previous = c;
        }
        return columns;
    }

    /**
     * Column {@code c} as the library's advice names it: by its name when that is the column's alone and a
     * message shows it whole and as it is, else by its index, which then names it surely.
     */
    private static String libraryWord(List<String> names, int c) {
        String name = names.get(c);
        return !name.isEmpty() && onlyIndexOf(names, name) == c && Text.quote(name).equals(name) ? name
                : String.valueOf(c);
    }

    /** The index of the one element of {@code names} that is {@code name}; -1 when none is, or several are. */
    public static int onlyIndexOf(List<String> names, String name) {
        int i = names.indexOf(name);
        return i >= 0 && names.lastIndexOf(name) == i ? i : -1;
    }

    /**
     * The index of the column {@code spec} names or numbers; {@code hint} ends the refusal of a name in a file
     * without a header, {@code fileHint} (of the file's shape) every refusal.
     */
    private static int column(String spec, List<String> names, boolean hasHeader, Path file, int line, String hint,
                              String fileHint) throws InvalidFileException {
        String s = spec.trim();
        if (hasHeader) {
            int i = names.indexOf(s);
            if (i >= 0) {
                if (names.lastIndexOf(s) != i) {
                    throw new InvalidFileException(file, "line " + line, "the header names more than one column '"
                            + Text.quote(s) + "' (columns " + positions(names, s) + ", counting from 0); a column "
                            + "chosen by name must be the only one of that name");
                }
                return i;
            }
        }
        if (s.matches("\\d{1,9}")) {
            int i = Integer.parseInt(s);
            if (i < names.size()) {
                return i;
            }
            throw new InvalidFileException(file, "line " + line, "column " + i + " does not exist; the file has "
                    + (names.size() == 1 ? "1 column (0)" : names.size() + " columns (0 to " + (names.size() - 1) + ")")
                    + fileHint);
        }
        throw new InvalidFileException(file, "line " + line, (hasHeader
                ? "no column named '" + Text.quote(s) + "'; the header has " + describe(names)
                : "the file has no header, so column '" + Text.quote(s) + "' must be an index from 0 to "
                + (names.size() - 1) + hint) + fileHint);
    }

    /** "2 and 3", "0, 4 and 9": where {@code name} occurs in {@code names}, the first eight of them. */
    private static String positions(List<String> names, String name) {
        List<String> at = new ArrayList<>();
        for (int c = 0; c < names.size(); c++) {
            if (names.get(c).equals(name)) {
                at.add(String.valueOf(c));
            }
        }
        return Text.list(at, 8);
    }

    private static String describe(List<String> names) {
        List<String> shown = (names.size() <= 8 ? names : names.subList(0, 6)).stream().map(Text::quote).toList();
        return String.join(", ", shown) + (names.size() <= 8 ? "" : ", ... (" + names.size() + " columns)");
    }

    /**
     * The value of field {@code s}, which may be NaN or infinite; the caller decides what to do with those.
     * {@code hint} (of the line) and {@code fileHint} (of the file's shape) end a refusal, and {@code textHint}
     * of column {@code c} (of a column of text; none when null) one of a value that is no missing value.
     *
     * @throws InvalidFileException when {@code s} is not a number as {@link #parse} defines it
     */
    private static float number(String s, int c, List<String> names, Path file, String where, String hint,
                                String fileHint, Advice advice, IntFunction<String> textHint) throws InvalidFileException {
        double v = parse(s.strip()); // spaces inside quotes (" 1.5"), as Float.parseFloat allowed them
        if (v == NOT_A_NUMBER) {
            // A hint of the line or the file's shape explains the value; else it is a missing value, or text.
            String note = !hint.isEmpty() || !fileHint.isEmpty() ? ""
                    : MISSING.contains(s.strip().toLowerCase(Locale.ROOT)) ? " (a missing value, as "
                    + (s.isBlank() ? "pandas' to_csv() writes NaN" : "R and others write one") + ": vecprop does not "
                    + "fill in missing values, and " + (advice == Advice.COMMAND_LINE ? "--skip-bad" : "skipBad()")
                    + " skips only NaN and infinities; drop or fill those rows "
                    + "first, e.g. with pandas' dropna() or fillna())"
                    : textHint == null ? "" : textHint.apply(c);
            throw new InvalidFileException(file, where, "column '" + Text.quote(names.get(c)) + "': '" + Text.quote(s)
                    + "' is not a number" + hint + fileHint + note);
        }
        return (float) v;
    }

    /** How CSV writers mark a missing value, lower-cased: pandas' default, R's, SQL's, Python's, UCI's. */
    private static final java.util.Set<String> MISSING = java.util.Set.of("", "na", "n/a", "null", "none", "?");

    /** What {@link #parse} returns for text that is not a number: no float, widened to a double, is this. */
    static final double NOT_A_NUMBER = Double.MAX_VALUE;

    /** The powers of ten a float holds exactly, 10^0 to 10^10. */
    private static final float[] POW10 = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f};

    /**
     * The float value of {@code s}, widened to a double, when {@code s} is a number as CSV writers (numpy,
     * pandas, R, Excel, C's printf) write one: an optional sign, digits with an optional fraction ({@code 7},
     * {@code -0.5}, {@code 1.}, {@code .5}) and an optional exponent ({@code 1e-05}, {@code 2E+3}); or, case aside
     * and with an optional sign, {@code nan}, {@code inf} or {@code infinity}. Anything else is
     * {@link #NOT_A_NUMBER}: Java's suffixes ({@code 2f}, {@code 8d}), hexadecimal ({@code 0x1p3}), characters
     * around the number (the reader strips spaces around a field, inside quotes too, before), an empty field.
     *
     * <p>The value is the float nearest the decimal, as {@link Float#parseFloat} gives it; most fields take a
     * fast path that is exact: integers of up to 18 digits (an exact long, rounded once to a float), and
     * decimals of at most 2^24 in their digits and ten places (an exact float times or divided by an exact
     * power of ten, rounded once).
     */
    static double parse(String s) {
        int n = s.length();
        int i = 0;
        boolean negative = false;
        if (n > 0 && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        int start = i;
        long m = 0; // exact while there are at most 18 digits
        while (i < n) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                break;
            }
            m = m * 10 + d;
            i++;
        }
        int digits = i - start;
        int places = 0;
        if (i < n && s.charAt(i) == '.') {
            i++;
            int from = i;
            while (i < n) {
                int d = s.charAt(i) - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                m = m * 10 + d;
                i++;
            }
            places = i - from;
            digits += places;
        }
        if (digits == 0) {
            int rest = n - start;
            if (rest == 3 && s.regionMatches(true, start, "nan", 0, 3)) {
                return Double.NaN;
            }
            if (rest == 3 && s.regionMatches(true, start, "inf", 0, 3)
                    || rest == 8 && s.regionMatches(true, start, "infinity", 0, 8)) {
                return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            return NOT_A_NUMBER;
        }
        int exponent = 0;
        if (i < n && (s.charAt(i) | 0x20) == 'e') {
            i++;
            boolean down = false;
            if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
                down = s.charAt(i) == '-';
                i++;
            }
            int from = i;
            while (i < n) {
                int d = s.charAt(i) - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                exponent = Math.min(exponent * 10 + d, 1_000_000); // beyond any float; no overflow
                i++;
            }
            if (i == from) {
                return NOT_A_NUMBER;
            }
            if (down) {
                exponent = -exponent;
            }
        }
        if (i != n) {
            return NOT_A_NUMBER;
        }
        if (digits <= 18) {
            int e = exponent - places;
            float f;
            if (e == 0) {
                f = m;
            } else if (m <= 1 << 24 && e >= -10 && e <= 10) {
                f = e > 0 ? m * POW10[e] : m / POW10[-e];
            } else {
                return Float.parseFloat(s);
            }
            return negative ? -f : f;
        }
        return Float.parseFloat(s);
    }

    /** Whether {@code s}, spaces around it aside, is a number as {@link #parse} defines it, nan and inf too. */
    public static boolean isNumber(String s) {
        return parse(s.strip()) != NOT_A_NUMBER;
    }

    /**
     * A finite number exactly, as written in decimal: {@code negative}, {@code digits} times ten to the power
     * {@code exponent}, the digits without leading or trailing zeros. Zero is {@code "", 0}, never negative. Two
     * ways of writing one number give equal values: {@code 1}, {@code 1.0}, {@code 1e0}, {@code +01} and
     * {@code 0.1e1} are {@code "1", 0}; {@code 0}, {@code -0} and {@code 0.00} are zero; {@code 1.5} is
     * {@code "15", -1}.
     */
    public record Decimal(boolean negative, String digits, long exponent) implements Comparable<Decimal> {

        /** Whether the number is a whole number ({@code 3}, {@code 3.0}, {@code 3e2}), not 0.5 or 1.25. */
        public boolean isInteger() {
            return exponent >= 0;
        }

        /** The order of the numbers' values: -2 before -1.5, before 0, before 2, before 10. */
        @Override
        public int compareTo(Decimal o) {
            int sign = signum();
            if (sign != o.signum()) {
                return Integer.compare(sign, o.signum());
            }
            // digits x 10^exponent, no trailing zero: the leading digit's place orders the magnitudes, then
            // the digits from the left (a prefix being the smaller: 12 < 125).
            int magnitude = Long.compare(digits.length() + exponent, o.digits.length() + o.exponent);
            if (magnitude == 0) {
                magnitude = digits.compareTo(o.digits);
            }
            return sign * magnitude;
        }

        private int signum() {
            return digits.isEmpty() ? 0 : negative ? -1 : 1;
        }
    }

    /** The largest exponent, as written, of a {@link #decimal}: with the digits' places it stays a long. */
    private static final long MAX_EXPONENT = 1_000_000_000_000_000L;

    /**
     * The exact value of {@code s}, spaces around it aside, when it is a finite number as {@link #parse} reads
     * one (a sign, digits with a fraction, an exponent), whether or not a float holds it; else null: text,
     * {@code nan}, {@code inf}, or an exponent beyond 10^15. In time linear in the length of {@code s}.
     */
    public static Decimal decimal(String s) {
        s = s.strip();
        if (parse(s) == NOT_A_NUMBER) {
            return null;
        }
        int n = s.length();
        int i = 0;
        boolean negative = false;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        StringBuilder digits = new StringBuilder();
        boolean anyDigit = false;
        boolean point = false;
        long places = 0;
        for (; i < n && s.charAt(i) != 'e' && s.charAt(i) != 'E'; i++) {
            char ch = s.charAt(i);
            if (ch == '.') {
                point = true;
                continue;
            }
            if (ch < '0' || ch > '9') {
                return null; // nan, inf, infinity: parse takes no other letters
            }
            anyDigit = true;
            if (ch != '0' || !digits.isEmpty()) {
                digits.append(ch);
            }
            if (point) {
                places++;
            }
        }
        if (!anyDigit) {
            return null;
        }
        long exponent = 0;
        if (i < n) {
            i++; // the e
            boolean down = s.charAt(i) == '-';
            if (s.charAt(i) == '-' || s.charAt(i) == '+') {
                i++;
            }
            for (; i < n; i++) {
                exponent = exponent * 10 + (s.charAt(i) - '0');
                if (exponent > MAX_EXPONENT) {
                    return null;
                }
            }
            if (down) {
                exponent = -exponent;
            }
        }
        int end = digits.length();
        while (end > 0 && digits.charAt(end - 1) == '0') {
            end--;
        }
        if (end == 0) {
            return new Decimal(false, "", 0);
        }
        return new Decimal(negative, digits.substring(0, end), exponent - places + (digits.length() - end));
    }

    /**
     * Splits on commas and trims each field. A field that starts with a double quote (after spaces) runs, as
     * RFC 4180 has it, to the closing double quote, commas and all, and its doubled double quotes are undoubled:
     * {@code "1,5"} is the one field {@code 1,5}. A quoted field that is not closed on its line, or that has
     * text after its closing quote, is taken to the next comma as it stands, but for one pair of surrounding
     * double quotes.
     */
    static String[] split(String line, Path file, int lineNo) throws InvalidFileException {
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        while (true) {
            String f = null;
            int comma = -1; // the comma after the field, or -1 for the last field
            int open = skipSpaces(line, start);
            if (open < line.length() && line.charAt(open) == '"') {
                int close = closingQuote(line, open);
                int after = close < 0 ? -1 : skipSpaces(line, close + 1);
                if (after == line.length() || after >= 0 && line.charAt(after) == ',') {
                    // RFC 4180: a double quote inside quotes is doubled, as predict writes a class name holding one.
                    f = line.substring(open + 1, close).replace("\"\"", "\"");
                    comma = after == line.length() ? -1 : after;
                }
            }
            if (f == null) {
                comma = line.indexOf(',', start);
                f = (comma < 0 ? line.substring(start) : line.substring(start, comma)).strip();
                if (f.length() >= 2 && f.charAt(0) == '"' && f.charAt(f.length() - 1) == '"') {
                    f = f.substring(1, f.length() - 1).replace("\"\"", "\"");
                }
            }
            out.add(f);
            if (comma < 0) {
                return out.toArray(String[]::new);
            }
            if (out.size() == Limits.MAX_COLUMNS) {
                throw new InvalidFileException(file, "line " + lineNo, "more than " + Limits.MAX_COLUMNS
                        + " columns, the most this reader takes");
            }
            start = comma + 1;
        }
    }

    /** The index of the first character at or after {@code from} that is not white space ({@link String#strip}'s). */
    private static int skipSpaces(String line, int from) {
        int i = from;
        while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        return i;
    }

    /**
     * The index of the double quote that closes the quoted field opened at {@code open}, doubled double quotes
     * being part of the field, or -1 when the line ends first.
     */
    private static int closingQuote(String line, int open) {
        int i = open + 1;
        while (true) {
            int q = line.indexOf('"', i);
            if (q < 0 || q + 1 >= line.length() || line.charAt(q + 1) != '"') {
                return q;
            }
            i = q + 2;
        }
    }

    /**
     * The lines of a text, ended by LF, CR or CR LF as {@link BufferedReader#readLine()} ends them, read in
     * blocks so that a line longer than {@link Limits#MAX_LINE_CHARS} is refused before it is held whole.
     */
    static final class Lines {
        private final Reader in;
        private final Path file;
        private final char[] buf = new char[1 << 16];
        private final StringBuilder line = new StringBuilder();
        private int pos;
        private int len;
        private boolean afterCr;
        /** The number of the line last returned, from 1. */
        int number;

        Lines(Reader in, Path file) {
            this.in = in;
            this.file = file;
        }

        /** The next line without its end, or null at the end of the text. */
        String next() throws IOException {
            line.setLength(0);
            boolean any = false;
            while (true) {
                if (pos == len) {
                    try {
                        len = in.read(buf, 0, buf.length);
                    } catch (Utf8Reader.NotUtf8 e) {
                        throw new InvalidFileException(file, "line " + (number + 1), e.problem, e);
                    } catch (InvalidFileException e) {
                        // Cut inside a line, that line; at a line's end (in the trailer, say), after the last one.
                        throw Gzip.placed(e, file, any ? "line " + (number + 1) : "after line " + number);
                    }
                    pos = 0;
                    if (len <= 0) {
                        len = 0;
                        if (!any) {
                            return null;
                        }
                        number++;
                        return line.toString();
                    }
                }
                if (afterCr) {
                    afterCr = false;
                    if (buf[pos] == '\n') {
                        pos++;
                        continue;
                    }
                }
                any = true;
                int start = pos;
                while (pos < len) {
                    char c = buf[pos];
                    if (c <= '\r') {
                        if (c == '\n' || c == '\r') {
                            break;
                        }
                        if (c == 0) {
                            // Never in text; a sign of UTF-16 (whose ASCII has a zero byte each) or binary data.
                            throw new InvalidFileException(file, "line " + (number + 1), "not text: a NUL character "
                                    + "(is the file UTF-16, or binary? vecprop reads UTF-8)");
                        }
                    }
                    pos++;
                }
                if (line.length() + (pos - start) > Limits.MAX_LINE_CHARS) {
                    throw new InvalidFileException(file, "line " + (number + 1), "longer than "
                            + Limits.MAX_LINE_CHARS + " characters, the longest line this reader takes");
                }
                line.append(buf, start, pos - start);
                if (pos < len) {
                    afterCr = buf[pos++] == '\r';
                    number++;
                    return line.toString();
                }
            }
        }
    }

    /** A growable int array, within the same limits as {@link FloatList}. */
    static final class IntList {
        private final Path file;
        private int[] a = new int[1024];
        private int n;

        IntList(Path file) {
            this.file = file;
        }

        void add(int v, String record) throws InvalidFileException {
            if (n == a.length) {
                if (n >= Limits.MAX_VALUES) {
                    throw new InvalidFileException(file, record, "more than " + Limits.MAX_VALUES
                            + " rows, the most one data set holds");
                }
                int capacity = (int) Math.min(Limits.MAX_VALUES, n + (n >> 1));
                try {
                    a = Arrays.copyOf(a, capacity);
                } catch (OutOfMemoryError e) {
                    throw new InvalidFileException(file, record, "the data outgrows the memory of this JVM at " + n
                            + " rows (heap maximum " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB; give java "
                            + "more with -Xmx, e.g. -Xmx8g; with bin/vecprop, VECPROP_JAVA_OPTS=-Xmx8g)");
                }
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
