package dev.vecprop.core;

import dev.vecprop.spi.Activation;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TrainerLimitsTest {

    @Test
    void aBatchWhoseBuffersNoJavaArrayHoldsIsRefusedByName() {
        FeedForwardNetwork net = FeedForwardNetwork.builder(784).layer(128, Activation.SIGMOID)
                .layer(10, Activation.IDENTITY).kernels(KernelProviders.scalar()).build();
        // 784 x 3,000,000 values is more than 2^31; the buffers used to fail with a negative array size.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Trainer(net,
                TrainerTest.SQUARED, TrainingOptions.defaults().withBatchSize(3_000_000)));
        assertEquals("a batch of 3000000 rows of 784 values does not fit in a Java array; use a smaller batch size",
                e.getMessage());
        new Trainer(net, TrainerTest.SQUARED, TrainingOptions.defaults().withBatchSize(2_000));
    }
}
