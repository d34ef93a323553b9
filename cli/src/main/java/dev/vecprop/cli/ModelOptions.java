package dev.vecprop.cli;

import dev.vecprop.core.Dataset;
import dev.vecprop.core.InvalidFileException;
import dev.vecprop.core.Model;
import dev.vecprop.core.internal.PluginFaults;
import dev.vecprop.core.internal.Words;
import dev.vecprop.core.internal.data.CsvReader;
import dev.vecprop.core.internal.data.DataFiles;
import dev.vecprop.core.internal.data.LabelNotes;
import dev.vecprop.core.internal.data.Samples;
import dev.vecprop.core.internal.data.Text;
import dev.vecprop.spi.LossFunction;
import picocli.CommandLine;

import java.io.IOException;
import java.util.List;

/** What train, eval and predict share about data for a saved model: reading it, and checking targets and outputs. */
final class ModelOptions {

    private ModelOptions() {
    }

    /**
     * What a warning says of the columns of {@code s} that the model does not take (chosen by the names of its
     * features: {@link CsvReader.ForModel}), or {@code null} when there are none.
     */
    static String unusedColumns(Samples s) {
        List<String> unused = s.unusedColumns();
        if (unused.isEmpty()) {
            return null;
        }
        String names = Text.list(unused.stream().map(n -> "'" + Text.quote(n) + "'").toList(), 8);
        return s.source() + ": " + (unused.size() == 1 ? "column " + names + " is" : "columns " + names + " are")
                + " not among the model's " + Words.count(s.features(), "feature") + " and not used (the features "
                + "were found by the names in the header)";
    }

    /**
     * Fails naming the file and record of the first sample whose targets the loss refuses (binary-cross-entropy
     * outside [0, 1], say), as training refuses them: a loss is only defined on the targets it accepts.
     */
    static void checkTargets(LossFunction loss, Samples s, Dataset data) throws InvalidFileException {
        float[] row = new float[data.targetCount()];
        double[] t = new double[row.length];
        for (int r = 0; r < data.size(); r++) {
            data.copyTargets(r, row, 0);
            for (int j = 0; j < row.length; j++) {
                t[j] = row[j];
            }
            String why = PluginFaults.invalidTarget(loss, t);
            if (why != null) {
                // Classes come from the labels (an IDX labels file of their own), regression targets from the data.
                throw s.hasLabels() ? s.labelError(r, why) : new InvalidFileException(s.source(), s.where(r), why);
            }
        }
    }

    /**
     * Fails naming the file and record of the first sample whose outputs {@code y} ({@code k} a sample) are
     * not all finite: values so large that the network overflows on them have no prediction to report.
     */
    static void checkOutputs(Samples s, float[] y, int k) throws InvalidFileException {
        for (int r = 0; r < s.rows(); r++) {
            for (int j = 0; j < k; j++) {
                if (!Float.isFinite(y[r * k + j])) {
                    throw new InvalidFileException(s.source(), s.where(r), "the model's output " + j + " is "
                            + y[r * k + j] + ": the network overflows on these values");
                }
            }
        }
    }

    /** Opens unlabelled samples (predict) as the model needs them, to read a number at a time. */
    static DataOptions.Source openUnlabelled(CommandLine cmd, DataOptions input, Model model) throws IOException {
        if (input.data == null) {
            throw new CommandLine.ParameterException(cmd, "missing --data FILE");
        }
        return DataOptions.open(cmd, "--data", input.data, "--labels", input.labels, input.headerMode(),
                new CsvReader.ForModel(new CsvReader.FeaturesOnly(input.label), model.featureNames(), model.inputSize(),
                        model.labelName().orElse(null)),
                false, true);
    }

    /**
     * Opens labelled samples (eval) as the model needs them, its class label or its targets by name, to read a
     * number at a time.
     */
    static DataOptions.Source openLabelled(CommandLine cmd, DataOptions input, Model model) throws IOException {
        CsvReader.Columns columns;
        if (model.isClassifier()) {
            // Without --label, the column the model was trained with: by its name in a header, else by its place
            // (a CSV without a header has no names to check, and its last column may be another's feature).
            columns = labelOf(input, model);
        } else {
            if (input.label != null) {
                throw new CommandLine.ParameterException(cmd, "the model is a regressor; its target columns ("
                        + String.join(", ", model.outputNames()) + ") are found by name, so --label does not apply");
            }
            columns = new CsvReader.TargetColumns(model.outputNames(), true);
        }
        if (input.data == null) {
            throw new CommandLine.ParameterException(cmd, "missing --data FILE");
        }
        return DataOptions.open(cmd, "--data", input.data, "--labels", input.labels, input.headerMode(),
                new CsvReader.ForModel(columns, model.featureNames(), model.inputSize(),
                        model.labelName().orElse(null)), true, false);
    }

    /**
     * {@code e}, a refusal of labelled CSV data read for {@code model}, saying that the label column was the
     * model's choice when it was, and the refusal may come of that choice: a class not known or an empty label
     * (a feature taken for the label), or text where a number should be (the label taken for a feature).
     * {@code s} is the data's first chunk when it was read (its columns are every chunk's), else {@code null}:
     * the column is then the one the file's header (read again) and the model chose (CsvReader.ForModel), or
     * nothing is added when that cannot be told. Nothing is added either when the labels were taken from the
     * last column by default.
     */
    static InvalidFileException saysLabelColumn(InvalidFileException e, DataOptions input, Model model, Samples s) {
        Label label = s != null ? new Label(s.labelColumn(), s.headerLine() != 0 ? s.labelName() : null,
                s.labelColumn() == s.features() + s.unusedColumns().size()) : labelColumnOf(input, model);
        boolean byName = label.name() != null && model.labelName().filter(label.name()::equals).isPresent();
        // The last column, where the model's label was too, is what anyone would guess.
        if (model.labelColumn().isEmpty() && (!byName || label.last())) {
            return e;
        }
        return LabelNotes.note(e, input.label != null, "; the labels were taken from column %1$d" + (byName
                ? (", found by the name of the model's label column ('" + Text.quote(label.name()) + "') in the header")
                .replace("%", "%%")
                : model.labelColumn().equals(java.util.OptionalInt.of(label.column())) ? ", the model's label column"
                : ", found by the model's feature names in the header") + " (give --label COLUMN for another)",
                label.column());
    }

    /** The label column of data read for the classifier {@code model}: {@code --label}, or the model's. */
    private static CsvReader.LabelColumn labelOf(DataOptions input, Model model) {
        return new CsvReader.LabelColumn(input.label, model.labelColumn().orElse(-1), model.labelName().orElse(null));
    }

    /**
     * A label column of a CSV, its name in the header ({@code null} without one), and whether it is the file's last
     * column; column -1 when not known.
     */
    private record Label(int column, String name, boolean last) {
    }

    /** The column a CSV read for {@code model} takes its labels from, as its header decides. */
    private static Label labelColumnOf(DataOptions input, Model model) {
        Label none = new Label(-1, null, false);
        if (input.data == null || !model.isClassifier()) {
            return none;
        }
        try {
            if (DataFiles.detect(input.data) != DataFiles.Format.CSV) {
                return none;
            }
        } catch (IOException | RuntimeException e) {
            return none;
        }
        try (DataFiles.CsvRows rows = DataFiles.openCsv(input.data, input.headerMode(), new CsvReader.ForModel(
                labelOf(input, model), model.featureNames(), model.inputSize(), model.labelName().orElse(null)),
                dev.vecprop.core.internal.data.BadValues.refuse())) {
            return new Label(rows.labelColumn(), rows.labelName(), rows.labelColumn() == rows.columns() - 1);
        } catch (IOException | RuntimeException e) {
            return none;
        }
    }

    /**
     * {@code e}, a refusal of unlabelled CSV data read for {@code model} (predict), with a note of the column
     * that held the model's labels: {@link LabelNotes#toPredict}.
     */
    static InvalidFileException saysLabelColumn(InvalidFileException e, DataOptions input, Model model) {
        return LabelNotes.toPredict(e, model, input.label != null, CsvReader.Advice.COMMAND_LINE);
    }
}
