package dev.vecprop.examples.app;

import dev.vecprop.core.DataFile;
import dev.vecprop.core.Dataset;
import dev.vecprop.core.EpochReport;
import dev.vecprop.core.FeatureScaling;
import dev.vecprop.core.FeedForwardNetwork;
import dev.vecprop.core.KernelProviders;
import dev.vecprop.core.LossRegistry;
import dev.vecprop.core.Metrics;
import dev.vecprop.core.Model;
import dev.vecprop.core.ModelFile;
import dev.vecprop.core.Trainer;
import dev.vecprop.core.TrainingOptions;
import dev.vecprop.spi.Activation;
import dev.vecprop.spi.LossFunction;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains a classifier of points inside or outside a circle, saves it, loads it back and checks that the
 * loaded model predicts exactly what the trained one does; then writes the test points to a CSV file (an ID
 * column, the two coordinates, the class), reads it back for the loaded model, which finds its columns by the
 * header's names, and checks that it scores there what it scores on the same points in memory; and reads points
 * far from the circle's edge from a resource of its own module, each of which it must classify right. Exits
 * with 1 if it learned too little or anything disagrees.
 *
 * <p>Usage: {@code Main MODEL-FILE}
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "circle.vpm");
        System.out.println(KernelProviders.selection().describe());

        SplittableRandom random = new SplittableRandom(2024);
        int n = 2000;
        float[][] x = new float[n][2];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = (float) (random.nextDouble() * 4 - 2);
            x[i][1] = (float) (random.nextDouble() * 4 - 2);
            labels[i] = x[i][0] * x[i][0] + x[i][1] * x[i][1] < 1.5 ? 1 : 0;
        }
        Dataset.Split split = Dataset.ofClasses(x, labels, 2).split(0.8, 1);

        LossFunction loss = LossRegistry.system().get("softmax-cross-entropy");
        FeedForwardNetwork net = FeedForwardNetwork.builder(2)
                .layer(16, Activation.TANH)
                .layer(2, Activation.SOFTMAX)
                .seed(7)
                .build();
        TrainingOptions options = TrainingOptions.defaults().withLearningRate(0.1f).withBatchSize(8)
                .withMomentum(0.9f).withEpochs(40).withSeed(7);
        List<EpochReport> reports = new Trainer(net, loss, options).fit(split.train(), split.test(), null);
        double accuracy = reports.getLast().test().accuracy();
        System.out.printf("test accuracy after %d epochs: %.4f%n", reports.size(), accuracy);

        Model model = Model.classifier(net, loss.name(), FeatureScaling.none(2), List.of("outside", "inside"))
                .withFeatureNames(List.of("x", "y")).withLabelName("where");
        ModelFile.save(model, file);
        Model loaded = ModelFile.load(file);
        int disagreements = 0;
        for (int i = 0; i < split.test().size(); i++) {
            float[] features = split.test().features(i);
            if (!Arrays.equals(model.predict(features), loaded.predict(features))) {
                disagreements++;
            }
        }
        System.out.printf("saved to %s, loaded back: %d of %d test predictions differ; (0.5, 0.5) is %s%n",
                file, disagreements, split.test().size(), loaded.predictLabel(new float[]{0.5f, 0.5f}));

        // The test points as a CSV file, columns in another order than the model's, read back for the model.
        Path csv = file.resolveSibling("circle-test.csv");
        List<String> lines = new ArrayList<>(List.of("id,where,x,y"));
        for (int i = 0; i < split.test().size(); i++) {
            float[] p = split.test().features(i);
            lines.add(i + "," + model.outputNames().get(split.test().label(i)) + "," + p[0] + "," + p[1]);
        }
        Files.write(csv, lines);
        DataFile read = DataFile.csv(csv).forModel(loaded);
        double fromFile = Metrics.evaluate(loaded.network(), loss, loaded.scaling().apply(read.dataset(loaded)))
                .accuracy();
        double inMemory = Metrics.evaluate(loaded.network(), loss, loaded.scaling().apply(split.test())).accuracy();
        System.out.printf("%s: %d samples, columns %s, unused %s; accuracy %.4f%n", csv, read.size(),
                read.featureNames(), read.unusedColumns(), fromFile);
        // Points far from the circle's edge, from a resource of this module: every one classified right.
        double landmarks;
        try (InputStream in = Main.class.getResourceAsStream("landmarks.csv")) {
            if (in == null) {
                throw new IllegalStateException("landmarks.csv is missing from the jpms-app jar");
            }
            DataFile points = DataFile.csv(in, "landmarks.csv").forModel(loaded);
            landmarks = Metrics.evaluate(loaded.network(), loss, loaded.scaling().apply(points.dataset(loaded)))
                    .accuracy();
            System.out.printf("%s (a resource): %d points, accuracy %.4f%n", points.source(), points.size(),
                    landmarks);
        }
        if (accuracy < 0.9 || disagreements > 0 || !loaded.predictLabel(new float[]{0.5f, 0.5f}).equals("inside")
                || fromFile != inMemory || landmarks != 1) {
            System.err.println("jpms-app: FAILED (accuracy " + accuracy + ", " + disagreements + " disagreements, "
                    + fromFile + " from the file against " + inMemory + ", " + landmarks + " on the landmarks)");
            System.exit(1);
        }
    }
}
