package dev.vecprop.cli;

import dev.vecprop.core.Dataset;
import dev.vecprop.core.FeedForwardNetwork;
import dev.vecprop.core.KernelProviders;
import dev.vecprop.core.LossRegistry;
import dev.vecprop.core.ParallelKernels;
import dev.vecprop.core.Trainer;
import dev.vecprop.core.TrainingOptions;
import dev.vecprop.spi.Activation;
import dev.vecprop.spi.Kernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JIT warm-up of train: it trains something, stops when told, and changes nothing of the real training. */
class WarmupTest {

    /** 40 hidden units: a first layer stored by input, whose steps at batch 1 an epoch carries over. */
    private static float[][] trainOnce(Kernels kernels, int batch, float momentum) {
        FeedForwardNetwork net = FeedForwardNetwork.builder(20).layer(40, Activation.SIGMOID)
                .layer(3, Activation.SOFTMAX).seed(4).kernels(kernels).build();
        SplittableRandom random = new SplittableRandom(8);
        float[][] x = new float[96][20];
        int[] labels = new int[96];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 20; j++) {
                x[i][j] = random.nextFloat();
            }
            labels[i] = random.nextInt(3);
        }
        new Trainer(net, LossRegistry.system().get("softmax-cross-entropy"),
                TrainingOptions.defaults().withBatchSize(batch).withEpochs(3).withLearningRate(0.3f)
                        .withMomentum(momentum))
                .fit(Dataset.ofClasses(x, labels, 3), null, null);
        return new float[][]{net.layers().get(0).parameters(), net.layers().get(1).parameters()};
    }

    /** At batch 1 the warm-up trains epochs (with the run's momentum, whose step differs), at larger batches steps. */
    @ParameterizedTest
    @CsvSource({"8, 0", "1, 0", "1, 0.9"})
    void aWarmUpOnTheSameKernelsLeavesTheTrainingBitForBitAsWithout(int batch, float momentum)
            throws InterruptedException {
        float[][] without;
        try (ParallelKernels k = KernelProviders.parallel(KernelProviders.best(), 2)) {
            without = trainOnce(k, batch, momentum);
        }
        try (ParallelKernels k = KernelProviders.parallel(KernelProviders.best(), 2)) {
            Warmup w = Warmup.start(k, new int[]{20, 40, 3}, Activation.SIGMOID, batch, momentum);
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (w.steps() < 50 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            int steps = w.stop();
            assertTrue(steps >= 50, "the warm-up trained: " + steps + " steps");
            float[][] after = trainOnce(k, batch, momentum);
            assertArrayEquals(without[0], after[0]);
            assertArrayEquals(without[1], after[1]);
        }
    }

    @Test
    void thePropertyOrAnUnknownShapeTurnsItOff() {
        assertNull(Warmup.start(KernelProviders.scalar(), null, Activation.SIGMOID, 32, 0f));
        System.setProperty(Warmup.PROPERTY, "false");
        try {
            assertNull(Warmup.start(KernelProviders.scalar(), new int[]{4, 3}, Activation.SIGMOID, 32, 0f));
        } finally {
            System.clearProperty(Warmup.PROPERTY);
        }
    }
}
