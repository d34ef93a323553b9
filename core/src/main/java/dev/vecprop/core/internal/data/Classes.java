package dev.vecprop.core.internal.data;

import dev.vecprop.core.InvalidFileException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Class labels as written in a file ({@code setosa}, {@code 7}) and class indices: the labels found in the
 * training data, sorted (as numbers when they are all numbers, else as text), index i being the i-th. When
 * the labels are all numbers, two that are the same number written two ways ({@code 1} and {@code 1.0}) are
 * refused rather than made two classes.
 */
public final class Classes {

    private Classes() {
    }

    /**
     * The sorted distinct labels of {@code samples}.
     *
     * @throws InvalidFileException when the labels are numbers and two of them are one number written two ways
     *                              ({@code 1} and {@code 01}, {@code 1} and {@code 1.0}, {@code 0} and
     *                              {@code -0}), which would be two classes
     */
    public static List<String> fit(Samples samples) throws InvalidFileException {
        return fit(samples, CsvReader.Advice.COMMAND_LINE);
    }

    /** As {@link #fit(Samples)}, a refusal advising in {@code advice}'s words. */
    public static List<String> fit(Samples samples, CsvReader.Advice advice) throws InvalidFileException {
        TreeSet<String> distinct = new TreeSet<>();
        for (String l : samples.labels()) {
            distinct.add(l);
        }
        List<String> names = new ArrayList<>(distinct);
        for (String name : names) {
            String tooLong = Text.tooLongForAModel(name);
            if (tooLong != null) {
                // Refused before training, not when the trained model is saved.
                throw samples.labelError(java.util.Arrays.asList(samples.labels()).indexOf(name), "class '"
                        + Text.quote(name) + "' is " + tooLong + " for a class's name; is the label in another "
                        + "column? (" + advice.label("COLUMN").replace("\"", "") + ")");
            }
        }
        List<CsvReader.Decimal> values = values(names);
        if (values != null) {
            // By value, in the values' order: once no value is written two ways, these are the names sorted.
            TreeMap<CsvReader.Decimal, String> seen = new TreeMap<>();
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                String other = seen.putIfAbsent(values.get(i), name);
                if (other != null) {
                    String[] labels = samples.labels();
                    int r = 0;
                    while (!labels[r].equals(name) && !labels[r].equals(other)) {
                        r++;
                    }
                    String first = labels[r];
                    String later = first.equals(name) ? other : name;
                    while (!labels[r].equals(later)) {
                        r++;
                    }
                    throw samples.labelError(r, "class '" + Text.quote(later) + "' is class '" + Text.quote(first)
                            + "' written another way; they would be two classes (write each class one way)");
                }
            }
            return new ArrayList<>(seen.values());
        }
        return names;
    }

    /**
     * The first of {@code names} that is a number but not a whole one, when they are all numbers ({@code 0.2}
     * among 0.2, 1.3 and 2): labels that look like values to predict by regression rather than classes; else null.
     */
    public static String notWhole(List<String> names) {
        List<CsvReader.Decimal> values = values(names);
        if (values == null) {
            return null;
        }
        for (int i = 0; i < names.size(); i++) {
            if (!values.get(i).isInteger()) {
                return names.get(i);
            }
        }
        return null;
    }

    /** Whether the class names are all numbers as the CSV reader reads one, so that they sort as numbers. */
    public static boolean numbers(List<String> names) {
        return values(names) != null;
    }

    /**
     * The value of each of {@code names} when they are all numbers as the CSV reader reads one (finite, exact:
     * {@link CsvReader#decimal}), else null: then they are text, and {@code 1} and {@code 1.0} two classes.
     */
    private static List<CsvReader.Decimal> values(List<String> names) {
        List<CsvReader.Decimal> values = new ArrayList<>(names.size());
        for (String name : names) {
            CsvReader.Decimal v = CsvReader.decimal(name);
            if (v == null) {
                return null;
            }
            values.add(v);
        }
        return values;
    }

    /**
     * Targets of the classes {@code c} (indices, one a row): one-hot over {@code outputs}, or with one output
     * (two classes on one sigmoid) the class itself, 0 or 1.
     */
    public static float[] targets(int[] c, int outputs) {
        float[] t = new float[c.length * outputs];
        for (int r = 0; r < c.length; r++) {
            if (outputs == 1) {
                t[r] = c[r];
            } else {
                t[r * outputs + c[r]] = 1f;
            }
        }
        return t;
    }

    /**
     * The class index of every row's label.
     *
     * @throws InvalidFileException naming the first row whose label is not one of {@code names}, in the file the
     *                              label came from (an IDX labels file, not its images)
     */
    public static int[] encode(Samples samples, List<String> names) throws InvalidFileException {
        return encode(samples, names, "the model knows", "");
    }

    /**
     * As {@link #encode(Samples, List)}, for data checked against the classes of other data: {@code known} says
     * whose classes they are ("the training data has"), {@code hint} is added to a refusal.
     */
    public static int[] encode(Samples samples, List<String> names, String known, String hint) throws InvalidFileException {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            index.put(names.get(i), i);
        }
        String[] labels = samples.labels();
        int[] c = new int[labels.length];
        for (int r = 0; r < labels.length; r++) {
            Integer i = index.get(labels[r]);
            if (i == null) {
                throw samples.labelError(r, "class '" + Text.quote(labels[r]) + "' is not one of the " + names.size()
                        + " classes " + known + " (" + describe(names) + ")" + sameNumber(labels[r], names) + hint);
            }
            c[r] = i;
        }
        return c;
    }

    /**
     * "; it is class '1' written another way" when {@code label} is a number that one of {@code names} is
     * ({@code 1.0} and {@code 1}), the names being numbers all (else they are text, and '1' and '1.0' two classes).
     */
    private static String sameNumber(String label, List<String> names) {
        CsvReader.Decimal v = CsvReader.decimal(label);
        List<CsvReader.Decimal> values = v == null ? null : values(names);
        if (values == null) {
            return "";
        }
        int i = values.indexOf(v);
        return i < 0 ? "" : "; it is class '" + Text.quote(names.get(i)) + "' written another way";
    }

    /**
     * The class names for a message: all of them up to 12, else the first ten, "..." and the last; each quoted
     * by {@link Text#quote}, so that a name from a file (with a control character, or 200,000 characters long)
     * keeps the message one short line.
     */
    public static String describe(List<String> names) {
        List<String> shown = names.size() <= 12 ? names : names.subList(0, 10);
        String list = String.join(", ", shown.stream().map(Text::quote).toList());
        return names.size() <= 12 ? list : list + ", ... " + Text.quote(names.getLast());
    }
}
