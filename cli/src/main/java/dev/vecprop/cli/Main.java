package dev.vecprop.cli;

import dev.vecprop.core.Dataset;
import dev.vecprop.core.EpochReport;
import dev.vecprop.core.FeedForwardNetwork;
import dev.vecprop.core.KernelProviders;
import dev.vecprop.core.LossRegistry;
import dev.vecprop.core.Trainer;
import dev.vecprop.core.TrainingOptions;
import dev.vecprop.spi.Activation;
import dev.vecprop.spi.LossFunction;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The main job: trains a 64-32-10 network (sigmoid hidden layer, softmax output, softmax cross-entropy) on
 * the embedded digits data set, 80/20 split, and prints each epoch's loss and accuracy.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0) {
            err.println("vecprop: this version takes no arguments; it trains on the embedded digits data set");
            return 2;
        }
        Dataset all = loadDigits();
        Dataset.Split split = all.split(0.8, 42);
        LossFunction loss = LossRegistry.system().get("softmax-cross-entropy");
        FeedForwardNetwork net = FeedForwardNetwork.builder(64)
                .layer(32, Activation.SIGMOID)
                .layer(10, Activation.SOFTMAX)
                .seed(42)
                .build();
        TrainingOptions options = TrainingOptions.defaults().withLearningRate(0.1f).withEpochs(20).withSeed(42);
        out.println(KernelProviders.selection().describe());
        out.printf("digits: %d training and %d test samples, network %s, loss %s, batch %d, learning rate %s%n",
                split.train().size(), split.test().size(), net, loss.name(), options.batchSize(), options.learningRate());
        out.printf("%5s %10s %10s %10s %12s%n", "epoch", "loss", "train acc", "test acc", "samples/s");
        List<EpochReport> reports = new Trainer(net, loss, options).fit(split.train(), split.test(),
                r -> out.printf("%5d %10.4f %10.4f %10.4f %12.0f%n", r.epoch(), r.train().loss(),
                        r.train().accuracy(), r.test().accuracy(), r.samplesPerSecond()));
        out.printf("test accuracy %.4f%n", reports.getLast().test().accuracy());
        return 0;
    }

    /** The digits data (1797 samples of 8x8 grey levels 0..16), features scaled to [0, 1]. */
    static Dataset loadDigits() {
        try (InputStream in = Main.class.getResourceAsStream("data/digits.csv")) {
            if (in == null) {
                throw new IllegalStateException("the embedded digits data set is missing from the vecprop-cli jar");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            reader.readLine();
            List<float[]> rows = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            for (String line; (line = reader.readLine()) != null; ) {
                String[] f = line.split(",");
                float[] x = new float[f.length - 1];
                for (int i = 0; i < x.length; i++) {
                    x[i] = Float.parseFloat(f[i]) / 16f;
                }
                rows.add(x);
                labels.add(Integer.parseInt(f[f.length - 1]));
            }
            return Dataset.ofClasses(rows.toArray(float[][]::new), labels.stream().mapToInt(Integer::intValue).toArray(), 10);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
