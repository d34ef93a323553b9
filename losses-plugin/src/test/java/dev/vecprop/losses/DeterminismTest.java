package dev.vecprop.losses;

import dev.vecprop.core.Dataset;
import dev.vecprop.core.FeedForwardNetwork;
import dev.vecprop.core.Layer;
import dev.vecprop.core.Trainer;
import dev.vecprop.core.TrainingOptions;
import dev.vecprop.spi.Activation;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Same seed, same data, same settings: bit-identical weights. */
class DeterminismTest {

    @Test
    void twoRunsWithTheSameSeedGiveIdenticalWeights() {
        Dataset digits = TestData.dataset(TestData.scaled(TestData.read("digits.csv"), 1 / 16f));
        float[][] first = train(digits, 21, 8);
        float[][] second = train(digits, 21, 8);
        for (int l = 0; l < first.length; l++) {
            assertArrayEquals(first[l], second[l], "layer " + (l + 1));
        }
        float[][] otherSeed = train(digits, 22, 8);
        assertFalse(Arrays.equals(first[0], otherSeed[0]), "a different seed should give different weights");
    }

    private static float[][] train(Dataset data, long seed, int batch) {
        FeedForwardNetwork net = FeedForwardNetwork.builder(64)
                .layer(16, Activation.TANH).layer(10, Activation.SOFTMAX).seed(seed).build();
        TrainingOptions options = TrainingOptions.defaults().withBatchSize(batch).withMomentum(0.5f)
                .withEpochs(2).withSeed(seed);
        new Trainer(net, new SoftmaxCrossEntropy(), options).fit(data, null, null);
        return net.layers().stream().map(Layer::parameters).toArray(float[][]::new);
    }
}
