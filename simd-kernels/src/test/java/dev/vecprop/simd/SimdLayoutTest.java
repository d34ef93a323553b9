package dev.vecprop.simd;

import dev.vecprop.core.DenseLayer;
import dev.vecprop.core.DenseLayer.Layout;
import dev.vecprop.core.FeedForwardNetwork;
import dev.vecprop.core.LossRegistry;
import dev.vecprop.core.Trainer;
import dev.vecprop.core.TrainingOptions;
import dev.vecprop.spi.Activation;
import dev.vecprop.spi.Kernels;
import dev.vecprop.spi.LossFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Per-sample training of a 784-128-10 network on the SIMD kernels, with image-like inputs (half zeros): the
 * input-by-input layout, skipping zero inputs, gives the weights of the unit-by-unit one to float rounding.
 */
class SimdLayoutTest {

    static final LossFunction SOFTMAX_CE = LossRegistry.system().get("softmax-cross-entropy");
    static Kernels simd;

    @BeforeAll
    static void simdIsActive() {
        simd = new SimdKernels();
        assertNull(simd.unavailableReason(), "the SIMD kernels must run in this test JVM");
    }

    static FeedForwardNetwork network(Layout first) {
        FeedForwardNetwork seeded = FeedForwardNetwork.builder(784).layer(128, Activation.SIGMOID)
                .layer(10, Activation.SOFTMAX).seed(7).kernels(simd).build();
        DenseLayer l1 = new DenseLayer(784, 128, Activation.SIGMOID, true, first);
        l1.setParameters(seeded.layers().get(0).parameters());
        return FeedForwardNetwork.of(List.of(l1, seeded.layers().get(1)), simd);
    }

    /** Steps over 100 image-like samples. */
    static FeedForwardNetwork train(Layout first) {
        FeedForwardNetwork net = network(first);
        Trainer trainer = new Trainer(net, SOFTMAX_CE, TrainingOptions.defaults().withLearningRate(0.05f));
        SplittableRandom r = new SplittableRandom(17);
        float[] x = new float[784];
        float[] t = new float[10];
        for (int s = 0; s < 100; s++) {
            for (int i = 0; i < 784; i++) {
                // a blob in the middle, zeros around it, like a Fashion-MNIST image
                int row = i / 28;
                int col = i % 28;
                boolean inside = Math.abs(row - 14) < 6 + s % 5 && Math.abs(col - 14) < 5 + s % 7;
                x[i] = inside && r.nextDouble() < 0.9 ? (float) r.nextDouble() : 0f;
            }
            Arrays.fill(t, 0f);
            t[r.nextInt(10)] = 1f;
            trainer.step(x, t, 1);
        }
        return net;
    }

    @Test
    void inputByInputLearnsWhatUnitByUnitLearns() {
        FeedForwardNetwork byUnit = train(Layout.BY_UNIT);
        FeedForwardNetwork byInput = train(Layout.BY_INPUT);
        for (int l = 0; l < 2; l++) {
            float[] a = byUnit.layers().get(l).parameters();
            float[] b = byInput.layers().get(l).parameters();
            assertEquals(a.length, b.length);
            for (int i = 0; i < a.length; i++) {
                if (!(Math.abs(a[i] - b[i]) <= 1e-5)) {
                    fail("layer " + (l + 1) + ", parameter " + i + ": by input " + b[i] + ", by unit " + a[i]);
                }
            }
        }
    }
}
