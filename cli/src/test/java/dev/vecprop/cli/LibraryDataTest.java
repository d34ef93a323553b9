package dev.vecprop.cli;

import dev.vecprop.core.DataFile;
import dev.vecprop.core.Dataset;
import dev.vecprop.core.FeatureScaling;
import dev.vecprop.core.FeedForwardNetwork;
import dev.vecprop.core.LossRegistry;
import dev.vecprop.core.Metrics;
import dev.vecprop.core.Model;
import dev.vecprop.core.ModelFile;
import dev.vecprop.core.Trainer;
import dev.vecprop.core.TrainingOptions;
import dev.vecprop.spi.Activation;
import dev.vecprop.spi.LossFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model trained by the library on a file it read ({@link DataFile}) is one the command line evaluates on
 * that file: the same names, the same classes, the same accuracy.
 */
class LibraryDataTest {

    @TempDir
    Path dir;

    @Test
    void aModelTrainedFromTheLibraryOnAFileIsEvaluatedByTheCommandLineAsTheLibraryEvaluatesIt() throws IOException {
        // Iris with its label first: the model must keep the label's column for eval to find it.
        List<String> lines = Files.readAllLines(CommandsTest.IRIS);
        Path data = dir.resolve("iris-label-first.csv");
        Files.write(data, lines.stream().map(l -> l.substring(l.lastIndexOf(',') + 1) + ","
                + l.substring(0, l.lastIndexOf(','))).toList());

        DataFile file = DataFile.readCsv(data, "species");
        assertEquals(List.of("setosa", "versicolor", "virginica"), file.classNames());
        Dataset raw = file.dataset();
        FeatureScaling scaling = FeatureScaling.fit(FeatureScaling.Kind.STANDARD, raw);
        Dataset scaled = scaling.apply(raw);
        LossFunction loss = LossRegistry.system().get("softmax-cross-entropy");
        FeedForwardNetwork net = FeedForwardNetwork.builder(file.featureCount())
                .layer(8, Activation.SIGMOID)
                .layer(3, Activation.SOFTMAX)
                .seed(3)
                .build();
        new Trainer(net, loss, TrainingOptions.defaults().withLearningRate(0.1f).withEpochs(40)).fit(scaled, null, r -> {
        });
        double accuracy = Metrics.evaluate(net, loss, scaled).accuracy();
        assertTrue(accuracy > 0.9, "iris after 40 epochs: " + accuracy);

        Model model = file.name(Model.classifier(net, loss.name(), scaling, file.classNames()));
        Path saved = dir.resolve("iris.vpm");
        ModelFile.save(model, saved);
        // No --label: the model names its label column, and its features by name.
        CliRun eval = CliRun.run("eval", "--model", saved.toString(), "--data", data.toString());
        assertEquals(0, eval.code(), eval.both());
        Matcher m = Pattern.compile("(?m)^accuracy: (\\d\\.\\d{4}) ").matcher(eval.out());
        assertTrue(m.find(), eval.out());
        assertEquals(String.format(Locale.ROOT, "%.4f", accuracy), m.group(1), eval.out());
    }

    @Test
    void aModelTheCommandLineTrainedIsEvaluatedByTheLibraryAsTheCommandLineEvaluatesIt() throws IOException {
        // An ID column beside the features: eval leaves it out by the model's names, and so must the library.
        List<String> lines = Files.readAllLines(CommandsTest.IRIS);
        Path data = dir.resolve("iris-with-id.csv");
        Files.write(data, java.util.stream.IntStream.range(0, lines.size())
                .mapToObj(i -> (i == 0 ? "id" : String.valueOf(i)) + "," + lines.get(i)).toList());
        Path saved = dir.resolve("cli.vpm");
        CliRun train = CliRun.run("train", "--data", data.toString(), "--drop", "id", "--epochs", "5", "-q",
                "--save", saved.toString());
        assertEquals(0, train.code(), train.both());
        CliRun eval = CliRun.run("eval", "--model", saved.toString(), "--data", data.toString());
        assertEquals(0, eval.code(), eval.both());
        Matcher m = Pattern.compile("(?m)^accuracy: (\\d\\.\\d{4}) ").matcher(eval.out());
        assertTrue(m.find(), eval.out());

        Model model = ModelFile.load(saved);
        DataFile file = DataFile.csv(data).forModel(model);
        assertEquals(List.of("id"), file.unusedColumns());
        LossFunction loss = LossRegistry.system().get(model.lossName());
        double accuracy = Metrics.evaluate(model.network(), loss, model.scaling().apply(file.dataset(model))).accuracy();
        assertEquals(m.group(1), String.format(Locale.ROOT, "%.4f", accuracy), eval.out());
    }
}
