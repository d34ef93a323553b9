package dev.vecprop.core;

import dev.vecprop.spi.Activation;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TrainerLimitsTest {

    /**
     * The buffers hold the batch size's rows, or the data's when it has fewer: a batch size beyond any array (full
     * batches asked for by a huge one) is refused only when a batch of the data would not fit, before the epoch
     * changes anything, and by name.
     */
    @Test
    void aBatchWhoseBuffersNoJavaArrayHoldsIsRefusedByNameWhenTheDataWouldFillIt() {
        FeedForwardNetwork net = FeedForwardNetwork.builder(1).layer(1 << 20, Activation.IDENTITY)
                .layer(1, Activation.IDENTITY).kernels(KernelProviders.scalar()).build();
        float[] before = net.layers().get(1).parameters();
        Trainer trainer = new Trainer(net, TrainerTest.SQUARED, TrainingOptions.defaults()
                .withBatchSize(Integer.MAX_VALUE).withLearningRate(1e-6f));
        // 2^20 x 3,000 values is more than 2^31; the buffers used to fail with a negative array size.
        Dataset many = Dataset.of(1, 1, new float[3_000], new float[3_000]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer.epoch(many, null));
        assertEquals("a batch of 3000 rows of 1048576 values does not fit in a Java array; use a smaller batch size",
                e.getMessage());
        assertEquals(0, trainer.epochsDone());
        assertArrayEquals(before, net.layers().get(1).parameters());
        // Three samples, one full batch of three rows.
        trainer.epoch(Dataset.of(1, 1, new float[]{1, 2, 3}, new float[]{0, 1, 0}), null);
        assertEquals(1, trainer.epochsDone());
    }
}
