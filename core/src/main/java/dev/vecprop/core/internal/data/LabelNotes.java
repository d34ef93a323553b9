package dev.vecprop.core.internal.data;

import dev.vecprop.core.InvalidFileException;
import dev.vecprop.core.Model;

import java.nio.file.Path;

/**
 * Notes added to a refusal of CSV data read for a saved model, saying which column held the model's labels
 * when a label column taken for a feature (or a feature taken for the label) may be the refusal's cause:
 * {@code vecprop eval} and {@code predict}, and, for data to predict on, the library's
 * {@code DataFile.Csv.featuresForModel}.
 */
public final class LabelNotes {

    private LabelNotes() {
    }

    /**
     * {@code e}, a refusal of unlabelled data read for {@code model} that may be a label column taken for a
     * feature, with a note that says which column the model's label was: by name when the model knows it, else
     * by its place among the columns the model was trained on; unchanged when the caller named the column to
     * leave out ({@code labelGiven}).
     */
    public static InvalidFileException toPredict(InvalidFileException e, Model model, boolean labelGiven,
                                                 CsvReader.Advice advice) {
        String name = model.labelName().orElse(null);
        if (name != null && Text.columnWord(name, false) != null && e.problem().startsWith("column '" + Text.quote(name) + "': ")) {
            return note(e, labelGiven, ("; column '" + Text.quote(name) + "' held the model's labels in its "
                    + "training data: " + advice.leaveOut(advice == CsvReader.Advice.COMMAND_LINE
                    ? Text.columnWord(name, false) : Text.quote(name))).replace("%", "%%"), 0);
        }
        if (model.labelColumn().isEmpty()) {
            // Text in the column after the features, where a CSV the classifier was trained on had its label
            // (trained on IDX data or the digits, it had none: a guess, said as one).
            return !model.isClassifier() || !e.problem().startsWith("column '" + model.inputSize() + "': ") ? e
                    : note(e, labelGiven, "; if column %1$d holds labels, as the column after the features "
                    + "does in a CSV a classifier is trained on, " + advice.leaveOut("%1$d"), model.inputSize());
        }
        return note(e, labelGiven, "; the model's label was column %1$d of the columns it was trained on (those "
                + (advice == CsvReader.Advice.COMMAND_LINE ? "--drop " : "") + "left out not counted): if this file "
                + "has it there too, " + advice.leaveOut("%1$d"), model.labelColumn().getAsInt());
    }

    /**
     * What a refusal of unlabelled data for {@code model} with one feature too many adds: the column that may be
     * the label, by the model's name for it when the header has it, else its place; "" when the count is not one
     * over or the caller named a column to leave out.
     */
    public static String oneColumnTooMany(Samples s, Model model, boolean labelGiven, CsvReader.Advice advice) {
        if (s.features() != model.inputSize() + 1 || labelGiven) {
            return "";
        }
        String name = model.labelName().orElse(null);
        String spec = name != null && s.headerLine() != 0 && CsvReader.onlyIndexOf(s.featureNames(), name) >= 0
                ? Text.columnWord(name, false) : null;
        return spec != null ? " (if column '" + Text.quote(name) + "' holds the labels, as in the model's training "
                + "data, " + advice.leaveOut(advice == CsvReader.Advice.COMMAND_LINE ? spec : Text.quote(name)) + ")"
                : model.labelColumn().isPresent() ? " (if column " + model.labelColumn().getAsInt() + " holds the "
                + "labels, as in the model's training data, "
                + advice.leaveOut(String.valueOf(model.labelColumn().getAsInt())) + ")"
                : " (if one column is a label, " + advice.leaveOut("COLUMN").replace("\"", "") + ")";
    }

    /**
     * {@code e} with {@code note} added, {@code column} formatted into it ({@code %1$d}), when the refusal is
     * of a line of a CSV and of a kind the label column explains (a class not known, an empty label, text where
     * a number should be) and the caller did not name the label column ({@code labelGiven}); else {@code e}.
     */
    public static InvalidFileException note(InvalidFileException e, boolean labelGiven, String note, int column) {
        // A CSV's refusals name a line; an IDX file's, whose labels are a file of their own, do not.
        if (labelGiven || column < 0 || e.record() == null || !e.record().startsWith("line ")) {
            return e;
        }
        String p = e.problem();
        // Not when the refusal says what the value is: a missing value, or a column of text with the label named.
        if (!(p.startsWith("class '") || p.startsWith("the label (column") || p.contains("' is not a number"))
                || p.contains("' is not a number (a missing value") || p.contains("' holds text, not numbers, ")) {
            return e;
        }
        return new InvalidFileException(Path.of(e.file()), e.record(), p + String.format(note, column), e);
    }
}
