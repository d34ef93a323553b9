package dev.vecprop.core;

import dev.vecprop.spi.Activation;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an epoch allocates once the trainer's buffers are made: a few small objects, nothing per sample. */
class TrainerAllocationTest {

    @Test
    void anEpochAfterTheFirstAllocatesNothingPerSample() throws ReflectiveOperationException {
        int n = 50_000;
        SplittableRandom random = new SplittableRandom(5);
        float[] x = new float[n * 4];
        float[] t = new float[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble();
        }
        for (int i = 0; i < n; i++) {
            t[i] = x[4 * i] > x[4 * i + 1] ? 0.9f : 0.1f;
        }
        Dataset data = Dataset.of(4, 1, x, t);
        // Scalar kernels: in the interpreter, Vector API operations allocate their boxes.
        FeedForwardNetwork net = FeedForwardNetwork.builder(4).layer(3, Activation.SIGMOID)
                .layer(1, Activation.SIGMOID).seed(1).kernels(KernelProviders.scalar()).build();
        Trainer trainer = new Trainer(net, TrainerTest.SQUARED,
                TrainingOptions.defaults().withBatchSize(10_000).withEpochs(3));
        trainer.epoch(data, null);
        long before = ModelFileHostileTest.allocatedBytes();
        trainer.epoch(data, null);
        long bytes = ModelFileHostileTest.allocatedBytes() - before;
        // The shuffled order of the samples alone would be 4 bytes each, 200,000.
        assertTrue(bytes < 32_000, "the second epoch allocated " + bytes + " bytes");
    }
}
