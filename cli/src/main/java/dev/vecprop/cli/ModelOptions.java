package dev.vecprop.cli;

import dev.vecprop.cli.data.CsvReader;
import dev.vecprop.cli.data.Samples;
import dev.vecprop.core.InvalidFileException;
import dev.vecprop.core.Model;
import picocli.CommandLine;

import java.io.IOException;

/** What eval and predict share: reading data for a saved model. */
final class ModelOptions {

    private ModelOptions() {
    }

    /**
     * Fails with the file named when the samples do not have as many features as the model takes, or when both
     * name their features and the names differ.
     */
    static void checkFeatures(Model model, Samples s, String labelHint) throws InvalidFileException {
        if (s.features() != model.inputSize()) {
            throw new InvalidFileException(s.source(), null, s.features() + " features per sample, but the model takes "
                    + model.inputSize() + labelHint);
        }
        s.checkFeatureNames(model.featureNames(), "the model");
    }

    /** Reads labelled (eval) or unlabelled (predict) samples as the model needs them. */
    static Samples read(CommandLine cmd, DataOptions input, Model model, boolean labelled) throws IOException {
        CsvReader.Columns columns;
        if (!labelled) {
            columns = new CsvReader.FeaturesOnly(input.label);
        } else if (model.isClassifier()) {
            columns = new CsvReader.LabelColumn(input.label);
        } else {
            if (input.label != null) {
                throw new CommandLine.ParameterException(cmd, "the model is a regressor; its target columns ("
                        + String.join(", ", model.outputNames()) + ") are found by name, so --label does not apply");
            }
            columns = new CsvReader.TargetColumns(model.outputNames());
        }
        if (input.data == null) {
            throw new CommandLine.ParameterException(cmd, "missing --data FILE");
        }
        return DataOptions.read(cmd, "--data", input.data, "--labels", input.labels, input.headerMode(), columns, labelled);
    }
}
