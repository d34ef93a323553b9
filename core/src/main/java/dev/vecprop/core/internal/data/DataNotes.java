package dev.vecprop.core.internal.data;

import dev.vecprop.core.internal.Words;

import java.util.ArrayList;
import java.util.List;

/**
 * What training data may hold by mistake, said before it is trained on: a column of pandas' row numbers, a
 * header of column numbers read as a row, labels that look like values to predict. {@code vecprop train} warns of
 * them on standard error, the library lists them ({@code DataFile.warnings()}); each in its caller's words
 * ({@link CsvReader.Advice}). The data may be right as it is: these warn, they do not refuse.
 */
public final class DataNotes {

    /** The fewest classes that {@link #regression} counts as many when the samples are few for them. */
    public static final int MANY_CLASSES = 20;

    /**
     * The largest target magnitude that {@link #largeTargets} lets pass: training at a rate made for targets
     * near 1 jumps from epoch to epoch or diverges beyond it.
     */
    public static final float LARGE_TARGET = 10;

    private DataNotes() {
    }

    /**
     * That a feature's name in the header of {@code s} is longer than a model file holds, so that a model trained
     * on it keeps no feature names ({@link Samples#featureNamesForModel()}), and eval and predict match its
     * features by count alone; or {@code null}.
     */
    public static String featureNameTooLong(Samples s, CsvReader.Advice advice) {
        int j = s.featureNameTooLong();
        return j < 0 ? null : s.source() + ": line " + s.headerLine() + ": feature " + (j + 1) + "'s name is "
                + Text.tooLongForAModel(s.featureNames().get(j)) + "; the model will not keep the feature names, "
                + "and " + (advice == CsvReader.Advice.COMMAND_LINE ? "eval and predict"
                : "forModel and featuresForModel (and vecprop eval and predict)") + " will match its features by "
                + "count alone";
    }

    /**
     * That the header's name of the label column of {@code s} is longer than a model file holds: a model does not
     * keep it ({@link Samples#labelNameForModel()}), and eval finds the label by its place; or {@code null}.
     */
    public static String labelNameTooLong(Samples s, CsvReader.Advice advice) {
        String tooLong = s.headerLine() == 0 || s.labelName() == null ? null : Text.tooLongForAModel(s.labelName());
        return tooLong == null ? null : s.source() + ": line " + s.headerLine() + ": the label column's name is "
                + tooLong + "; the model will not keep it, and " + (advice == CsvReader.Advice.COMMAND_LINE ? "eval"
                : "forModel (and vecprop eval)") + " will find the label by its place";
    }

    /**
     * That the regression targets of {@code s} reach beyond {@link #LARGE_TARGET}, where the output errors, and
     * with them the updates, are of that size, so training at the default learning rate, {@code learningRate},
     * made for targets near 1, jumps from epoch to epoch or diverges (scikit-learn's diabetes data: 25 to 346);
     * or {@code null}. Nothing is scaled: a model predicts the targets as given.
     */
    public static String largeTargets(Samples s, float learningRate, CsvReader.Advice advice) {
        if (!s.hasTargets()) {
            return null;
        }
        float[] t = s.targets();
        int largest = 0;
        for (int i = 1; i < t.length; i++) {
            if (Math.abs(t[i]) > Math.abs(t[largest])) {
                largest = i;
            }
        }
        if (!(Math.abs(t[largest]) > LARGE_TARGET)) {
            return null;
        }
        String column = s.targetNames().get(largest % s.targetNames().size());
        boolean cli = advice == CsvReader.Advice.COMMAND_LINE;
        return s.source() + ": the targets reach " + Text.plain(t[largest]) + " (column '" + Text.quote(column)
                + "'); at the default " + (cli ? "--lr " : "learning rate ") + Text.plain(learningRate)
                + " the updates grow with errors of that size, and the loss may jump from epoch to epoch or diverge: "
                + (cli ? "give a smaller --lr, such as 0.001," : "train with a smaller one, such as "
                + "withLearningRate(0.001f),") + " or targets scaled near 1";
    }

    /**
     * The features of {@code s} that look like the index column pandas' {@code to_csv()} writes unless told
     * {@code index=False}: no name in the header, or {@code Unnamed: N} (the name {@code read_csv} gives it, which
     * a second {@code to_csv} writes), and the row numbers as values (whole numbers from 0 up, rising from row to
     * row; with gaps where rows were dropped). It tells nothing of new samples, and on data sorted by label it
     * gives the answer away. One note for each.
     */
    public static List<String> indexColumns(Samples s, CsvReader.Advice advice) {
        List<String> notes = new ArrayList<>();
        if (s.headerLine() == 0) {
            return notes;
        }
        int n = s.features();
        float[] x = s.x();
        for (int j = 0; j < n; j++) {
            String name = s.featureNames().get(j);
            if (!name.isEmpty() && !name.matches("Unnamed: \\d+")) {
                continue;
            }
            boolean rowNumbers = true;
            float previous = -1;
            for (int r = 0; r < s.rows() && rowNumbers; r++) {
                float v = x[r * n + j];
                rowNumbers = v > previous && v == Math.rint(v);
                previous = v;
            }
            if (rowNumbers) {
                StringBuilder first = new StringBuilder();
                for (int r = 0; r < Math.min(3, s.rows()); r++) {
                    first.append((long) x[r * n + j]).append(", ");
                }
                notes.add(s.source() + ": line " + s.headerLine()
                        + ": feature " + (j + 1) + (name.isEmpty() ? " has no name and" : " ('" + name + "')")
                        + " holds the row numbers (" + first + "...): it "
                        + "looks like the index column of pandas' to_csv(), and would be trained on as a feature (on "
                        + "data sorted by label, it gives the answer away); leave it out with "
                        + dropOf(s, j, name, advice) + ", or write the file without it (to_csv(..., index=False))");
            }
        }
        return notes;
    }

    /**
     * How to leave out feature {@code j} of {@code s}, named {@code name}: by its name (quoted for the shell, or
     * as a Java string, when it needs it), or by its column's index when it has none.
     */
    private static String dropOf(Samples s, int j, String name, CsvReader.Advice advice) {
        String word = advice == CsvReader.Advice.COMMAND_LINE ? Text.columnWord(name, true)
                : name.isEmpty() || !Text.quote(name).equals(name) ? null : name;
        // The only column of that name in the whole header: none of the targets, the label or the columns left out.
        if (word != null && CsvReader.onlyIndexOf(s.featureNames(), name) >= 0 && !name.equals(s.labelName())
                && !s.unusedColumns().contains(name) && (s.targetNames() == null || !s.targetNames().contains(name))) {
            return advice.drop(word);
        }
        if (s.targetNames() != null || !s.unusedColumns().isEmpty()) {
            // Where the targets or the columns left out were is not kept: the feature's column is not known.
            return advice.drop() + " and its 0-based column index";
        }
        return advice.drop(String.valueOf(j + (s.labelColumn() >= 0 && s.labelColumn() <= j ? 1 : 0)));
    }

    /**
     * That the first line of {@code s}, read as a row for having numbers in it, looks like the header that
     * pandas' {@code to_csv()} writes for a DataFrame without column names: its features the column numbers from
     * 0 up (around the label's), and its label a class of that one row, as the label column's name would be; or
     * {@code null}. For a file whose header was told by its first line: such a row can be real.
     */
    public static String numberedHeader(Samples s, CsvReader.Advice advice) {
        if (s.headerLine() != 0 || s.labels() == null || s.rows() < 2 || !"line".equals(s.recordWord())
                || !s.unusedColumns().isEmpty() || s.labelColumn() < 0) {
            return null;
        }
        int n = s.features();
        float[] x = s.x();
        // The features numbered 0, 1, 2, ... in their order (pandas names the columns of an array so, and the label
        // column joins them under its name, last or anywhere), or by their columns' places, past the label's.
        boolean inOrder = true;
        boolean byPlace = true;
        for (int j = 0; j < n; j++) {
            inOrder &= x[j] == j;
            byPlace &= x[j] == j + (j >= s.labelColumn() ? 1 : 0);
        }
        if (!inOrder && !byPlace) {
            return null;
        }
        String label = s.labels()[0];
        for (int r = 1; r < s.rows(); r++) {
            if (s.labels()[r].equals(label)) {
                return null;
            }
        }
        return s.source() + ": " + s.where(0) + " holds the numbers of its columns and the label '"
                + Text.quote(label) + "', which no other " + s.recordWord() + " has: it looks like a header of column "
                + "numbers (as pandas' to_csv() writes for columns without names), and is trained on as a sample of "
                + "class '" + Text.quote(label) + "'; if it is a header, " + advice.header();
    }

    /**
     * A warning that the labels of {@code s}, whose classes are {@code classes}, may be values to predict by
     * regression, or another column than the label, or {@code null}. Said when the classes are numbers and
     * some are not whole ({@code 0.2}, {@code 1.3}), or when they are so many that there are fewer than three
     * samples a class (at least {@link #MANY_CLASSES} of them: a count, a price, pandas' 151.0, an ID); only
     * for a CSV's label column (an IDX file's labels are classes). They may be classes: it warns, it does not
     * refuse.
     *
     * @param labelNamed whether the caller named the label column (else it was the last column, and the
     *                   classes may be in another)
     */
    public static String regression(Samples s, List<String> classes, boolean labelNamed, CsvReader.Advice advice) {
        String name = s.labelName();
        if (name == null) {
            return null;
        }
        String fraction = Classes.notWhole(classes);
        boolean many = classes.size() >= MANY_CLASSES && (long) classes.size() * 3 > s.rows();
        if (fraction == null && !many) {
            return null;
        }
        // By name when the targets would take it so (and the command line can write it as a word), else by index.
        String column = !s.featureNames().contains(name) && (advice == CsvReader.Advice.LIBRARY
                || name.matches("[A-Za-z0-9_.-]+")) ? name : String.valueOf(s.labelColumn());
        String targets = advice.targetsInstead(column, labelNamed) + " for regression";
        String elsewhere = "if the classes are in another column, " + advice.otherLabel();
        if (fraction != null) {
            return s.source() + ": the " + classes.size() + " classes of column '" + Text.quote(name) + "' are "
                    + "numbers, and some not whole ('" + Text.quote(fraction) + "'); if they are values to predict, "
                    + "not classes, " + targets + (labelNamed ? "" : "; " + elsewhere);
        }
        return s.source() + ": column '" + Text.quote(name) + "' has " + classes.size() + " classes for "
                + Words.count(s.rows(), advice.trainingSample())
                + ", fewer than 3 a class; " + (Classes.numbers(classes) ? "if its values are to be predicted as "
                + "numbers, " + targets + "; " : "") + elsewhere;
    }
}
