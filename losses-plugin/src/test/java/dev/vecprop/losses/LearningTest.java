package dev.vecprop.losses;

import dev.vecprop.core.Dataset;
import dev.vecprop.core.EpochReport;
import dev.vecprop.core.FeedForwardNetwork;
import dev.vecprop.core.Metrics;
import dev.vecprop.core.Trainer;
import dev.vecprop.core.TrainingOptions;
import dev.vecprop.spi.Activation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine learns: XOR, and the real iris and digits data sets, to stated accuracy bounds. */
class LearningTest {

    @Test
    void xorWithTwoFourOneSigmoidAndBinaryCrossEntropy() {
        float[][] x = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
        Dataset xor = Dataset.ofClasses(x, new int[]{0, 1, 1, 0}, 1);
        FeedForwardNetwork net = FeedForwardNetwork.builder(2)
                .layer(4, Activation.SIGMOID)
                .layer(1, Activation.SIGMOID)
                .seed(3)
                .build();
        TrainingOptions options = TrainingOptions.defaults().withLearningRate(0.5f).withEpochs(2000).withSeed(3);
        Trainer trainer = new Trainer(net, new BinaryCrossEntropy(), options);
        assertTrue(trainer.usesFusedDelta());
        List<EpochReport> reports = trainer.fit(xor, null, null);
        assertEquals(1.0, Metrics.accuracy(net, xor));
        assertTrue(reports.getLast().train().loss() < 0.05 * reports.getFirst().train().loss(),
                "loss " + reports.getFirst().train().loss() + " -> " + reports.getLast().train().loss());
        for (int i = 0; i < 4; i++) {
            float y = net.predict(x[i])[0];
            assertTrue(xor.label(i) == 1 ? y > 0.9f : y < 0.1f, "XOR(" + x[i][0] + ", " + x[i][1] + ") = " + y);
        }
    }

    @Test
    void irisAbove93PercentOnASeededSplit() {
        Dataset iris = TestData.dataset(TestData.standardised(TestData.read("iris.csv")));
        assertEquals(150, iris.size());
        // The split decides most of the score (45 test flowers: one error is 2.2%); seed 7 is neither the
        // easiest nor the hardest of the first twelve (0.89 to 1.0 with these settings).
        Dataset.Split split = iris.split(0.7, 7);
        FeedForwardNetwork net = FeedForwardNetwork.builder(4)
                .layer(8, Activation.SIGMOID)
                .layer(3, Activation.SOFTMAX)
                .seed(7)
                .build();
        TrainingOptions options = TrainingOptions.defaults().withLearningRate(0.05f).withEpochs(100).withSeed(7);
        List<EpochReport> reports = new Trainer(net, new SoftmaxCrossEntropy(), options).fit(split.train(), split.test(), null);
        double accuracy = reports.getLast().test().accuracy();
        assertEquals(accuracy, Metrics.accuracy(net, split.test()));
        assertTrue(accuracy > 0.93, "iris test accuracy " + accuracy);
    }

    @Test
    void digitsAbove93PercentWithMiniBatchesAndMomentum() {
        Dataset digits = TestData.dataset(TestData.scaled(TestData.read("digits.csv"), 1 / 16f));
        assertEquals(1797, digits.size());
        Dataset.Split split = digits.split(0.7, 5);
        FeedForwardNetwork net = FeedForwardNetwork.builder(64)
                .layer(32, Activation.SIGMOID)
                .layer(10, Activation.SOFTMAX)
                .seed(5)
                .build();
        TrainingOptions options = TrainingOptions.defaults().withLearningRate(0.2f).withBatchSize(16)
                .withMomentum(0.9f).withEpochs(30).withSeed(5);
        List<EpochReport> reports = new Trainer(net, new SoftmaxCrossEntropy(), options).fit(split.train(), split.test(), null);
        double accuracy = reports.getLast().test().accuracy();
        assertTrue(accuracy > 0.93, "digits test accuracy " + accuracy);
    }

    @Test
    void digitsAbove93PercentWithPerSampleSgdAndMseOnSigmoidOutputs() {
        // The derivation's own configuration: sigmoid units everywhere, per-sample steps, mse, no biases.
        Dataset digits = TestData.dataset(TestData.scaled(TestData.read("digits.csv"), 1 / 16f));
        Dataset.Split split = digits.split(0.7, 9);
        FeedForwardNetwork net = FeedForwardNetwork.builder(64)
                .layer(32, Activation.SIGMOID)
                .layer(10, Activation.SIGMOID)
                .biases(false)
                .seed(9)
                .build();
        TrainingOptions options = TrainingOptions.defaults().withLearningRate(0.5f).withEpochs(30).withSeed(9);
        List<EpochReport> reports = new Trainer(net, new MeanSquaredError(), options).fit(split.train(), split.test(), null);
        double accuracy = reports.getLast().test().accuracy();
        assertTrue(accuracy > 0.93, "digits test accuracy " + accuracy);
    }
}
