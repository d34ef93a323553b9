package dev.vecprop.core.internal.data;

import dev.vecprop.core.InvalidFileException;
import dev.vecprop.core.Model;
import dev.vecprop.core.internal.Words;

import java.nio.file.Path;
import java.util.List;

/**
 * Samples as read from a file, before any scaling: features row-major, and, per row, either a class label as
 * written in the file, regression targets, or nothing (data to predict on).
 *
 * @param source      the file, for messages
 * @param recordWord  what a record is called in messages: "line" (CSV) or "item" (IDX)
 * @param records     the record number of each row (a CSV line number, an IDX item number), for messages
 * @param features    features per row
 * @param featureNames the names of the feature columns (generated when the file has none)
 * @param headerLine  the line of the header that named the features, or 0 when the names were generated (a CSV
 *                    without a header, IDX)
 * @param x           rows * features values
 * @param labels      the class label of each row as written, or {@code null}
 * @param labelSource the file the labels came from, for messages, or {@code null} without labels: {@code source}
 *                    but for IDX, whose labels are a file of their own (the record, an item number, is the
 *                    same in both)
 * @param targetNames the regression target names, or {@code null}
 * @param targets     rows * targetNames.size() values, or {@code null}
 * @param unusedColumns the names of the columns read as none of the above (the header's, else their indices):
 *                    columns left out by {@code train --drop}, or beside a saved model's features, which the
 *                    model does not take
 * @param labelColumn the 0-based CSV column the labels came from, or -1 (no labels, or IDX labels)
 * @param labelPlace  that column's place among the columns not left out by {@code train --drop} (the label's
 *                    column in data of the features and the label alone), or -1 as {@code labelColumn}
 * @param labelName   the header's name of that column (its index when the file has no header), or {@code null}
 *                    when {@code labelColumn} is -1
 */
public record Samples(Path source, String recordWord, int[] records, int features, List<String> featureNames,
                      int headerLine, float[] x, String[] labels, Path labelSource, List<String> targetNames, float[] targets,
                      List<String> unusedColumns, int labelColumn, int labelPlace, String labelName) {

    public int rows() {
        return records.length;
    }

    /**
     * Fails with the file named when the samples do not have as many features as the model takes, or when both
     * name their features and the names differ.
     *
     * @param labelHint added to the refusal of a feature count (what a column more or fewer may be), or ""
     */
    public void checkFeatures(Model model, String labelHint) throws InvalidFileException {
        if (features != model.inputSize()) {
            throw new InvalidFileException(source, null, Words.count(features, "feature")
                    + " per sample, but the model takes " + model.inputSize() + labelHint);
        }
        checkFeatureNames(model.featureNames(), "the model");
    }

    /**
     * Refuses, saying so, labelled data read for the classifier {@code model} whose columns are the model's
     * features and no label: a column short, since one of them was taken for the labels. (That column's name
     * among the rest, in place, gives the model's names.)
     *
     * @param what what the caller needs and where to go instead, after "; "
     */
    public void checkHasLabelsFor(Model model, String what) throws InvalidFileException {
        if (!model.isClassifier() || headerLine == 0 || labelName == null || labelColumn < 0
                || features != model.inputSize() - 1 || labelColumn > features) {
            return;
        }
        List<String> columns = new java.util.ArrayList<>(featureNames);
        columns.add(labelColumn, labelName);
        if (columns.equals(model.featureNames())) {
            throw new InvalidFileException(source, "line " + headerLine, "the columns are the model's "
                    + model.inputSize() + " features, and no label (column " + labelColumn + ", '"
                    + Text.quote(labelName) + "', was taken for it); " + what);
        }
    }

    /**
     * Refuses these samples when their header names the features otherwise than {@code expected}, which
     * {@code whose} (e.g. "the model") was trained on; passes when either side has no names. Columns are
     * matched by position, so the same features in another order are refused too.
     *
     * @throws InvalidFileException naming the header line and the first feature that differs
     */
    public void checkFeatureNames(List<String> expected, String whose) throws InvalidFileException {
        if (headerLine == 0 || expected.isEmpty() || expected.equals(featureNames)) {
            return;
        }
        int j = 0;
        while (j < featureNames.size() - 1 && featureNames.get(j).equals(expected.get(j))) {
            j++;
        }
        String why = sorted(featureNames).equals(sorted(expected))
                ? "the data has " + whose + "'s features in another order"
                : expected.contains(featureNames.get(j)) ? "the features differ"
                : whose + " has no feature '" + Text.quote(featureNames.get(j)) + "'";
        String got = Text.quote(featureNames.get(j));
        String want = Text.quote(expected.get(j));
        if (got.equals(want)) {
            // Cut to the same 37 characters: say where they part.
            int at = 0;
            while (at < Math.min(featureNames.get(j).length(), expected.get(j).length())
                    && featureNames.get(j).charAt(at) == expected.get(j).charAt(at)) {
                at++;
            }
            why += ", the names differing from character " + (at + 1);
        }
        throw new InvalidFileException(source, "line " + headerLine, "feature " + (j + 1) + " is '" + got
                + "' where " + whose + " has '" + want + "': " + why
                + " (columns are matched by position, after any label column is taken out)");
    }

    private static List<String> sorted(List<String> names) {
        return names.stream().sorted().toList();
    }

    /**
     * The header's feature names as a model keeps them: none without a header, or when one of them is longer
     * than a model file holds ({@link #featureNameTooLong()}).
     */
    public List<String> featureNamesForModel() {
        return headerLine == 0 || featureNameTooLong() >= 0 ? List.of() : featureNames;
    }

    /** The first feature whose header name is longer than a model file holds, or -1 (also without a header). */
    public int featureNameTooLong() {
        for (int j = 0; headerLine != 0 && j < features; j++) {
            if (Text.tooLongForAModel(featureNames.get(j)) != null) {
                return j;
            }
        }
        return -1;
    }

    /**
     * The label column's header name as a model keeps it, by which eval finds the labels among other columns:
     * null without a header or labels, for an empty name, for a name another column has too (eval would take
     * that one), or for a name longer than a model file holds.
     */
    public String labelNameForModel() {
        return headerLine == 0 || labelName == null || labelName.isEmpty() || featureNames.contains(labelName)
                || unusedColumns.contains(labelName) || Text.tooLongForAModel(labelName) != null ? null : labelName;
    }

    /**
     * The label column's place among the columns kept (the features and the label; columns left out not
     * counted) as a model keeps it: -1 when it is the last, where eval looks without it, or without labels.
     */
    public int labelPlaceForModel() {
        return labelPlace >= 0 && labelPlace != features ? labelPlace : -1;
    }

    /**
     * Refuses, at the header, a target column whose name is longer than a model file holds: a regressor names
     * its outputs by them, and saving would fail after training.
     */
    public void checkTargetNamesForModel() throws InvalidFileException {
        for (String name : targetNames == null ? List.<String>of() : targetNames) {
            String tooLong = Text.tooLongForAModel(name);
            if (tooLong != null) {
                throw new InvalidFileException(source, "line " + headerLine, "target column '" + Text.quote(name)
                        + "' has a name of " + tooLong + "; rename it in the header");
            }
        }
    }

    /**
     * {@code model}, trained on these samples, with the names a model keeps of its data: {@code featureNames}
     * (those of {@link #featureNamesForModel()}, or a checkpoint's), and for a classifier the label column's place
     * ({@link #labelPlaceForModel()}) and name ({@link #labelNameForModel()}), by which eval finds the labels.
     */
    public Model named(Model model, List<String> featureNames) {
        Model named = model.withFeatureNames(featureNames);
        if (model.isClassifier() && labelPlaceForModel() >= 0) {
            named = named.withLabelColumn(labelPlaceForModel());
        }
        String name = model.isClassifier() ? labelNameForModel() : null;
        return name == null ? named : named.withLabelName(name);
    }

    /** "line 17" or "item 3": where row {@code r} came from. */
    public String where(int r) {
        return recordWord + " " + records[r];
    }

    /**
     * An error about row {@code r}'s label, naming the file the label came from and the record.
     *
     * @param problem what is wrong, with the label quoted by {@link Text#quote}
     */
    public InvalidFileException labelError(int r, String problem) {
        return new InvalidFileException(labelSource, where(r), problem);
    }

    public boolean hasLabels() {
        return labels != null;
    }

    public boolean hasTargets() {
        return targets != null;
    }

    /** The rows at {@code indices}, in that order. */
    public Samples subset(int[] indices) {
        float[] sx = new float[indices.length * features];
        int[] rec = new int[indices.length];
        String[] sl = labels == null ? null : new String[indices.length];
        int k = targetNames == null ? 0 : targetNames.size();
        float[] st = targets == null ? null : new float[indices.length * k];
        for (int j = 0; j < indices.length; j++) {
            int i = indices[j];
            System.arraycopy(x, i * features, sx, j * features, features);
            rec[j] = records[i];
            if (sl != null) {
                sl[j] = labels[i];
            }
            if (st != null) {
                System.arraycopy(targets, i * k, st, j * k, k);
            }
        }
        return new Samples(source, recordWord, rec, features, featureNames, headerLine, sx, sl, labelSource,
                targetNames, st, unusedColumns, labelColumn, labelPlace, labelName);
    }
}
