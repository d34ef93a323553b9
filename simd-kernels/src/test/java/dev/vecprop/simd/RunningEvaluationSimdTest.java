package dev.vecprop.simd;

import dev.vecprop.core.Dataset;
import dev.vecprop.core.Evaluation;
import dev.vecprop.core.FeedForwardNetwork;
import dev.vecprop.core.KernelProviders;
import dev.vecprop.core.LossRegistry;
import dev.vecprop.core.Metrics;
import dev.vecprop.core.ParallelKernels;
import dev.vecprop.spi.Activation;
import dev.vecprop.spi.Kernels;
import dev.vecprop.spi.LossFunction;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * {@link Metrics.Running} on the SIMD kernels, on one thread and split over two: data evaluated in parts of
 * random sizes gives the figures of {@link Metrics#evaluate} on the whole and the outputs of
 * {@link dev.vecprop.core.Network#predict(float[], int, float[])}, bit for bit, as eval relies on for a file
 * read 4,096 rows at a time (core's RunningEvaluationTest checks the same on the scalar kernels).
 */
class RunningEvaluationSimdTest {

    @Test
    void partsGiveTheWholeFiguresAndOutputsOnTheSimdKernels() {
        Kernels simd = new SimdKernels();
        assertNull(simd.unavailableReason(), "the SIMD kernels must run in this test JVM");
        LossFunction loss = LossRegistry.system().get("softmax-cross-entropy");
        int rows = 3000;
        SplittableRandom random = new SplittableRandom(4);
        float[][] x = new float[rows][784];
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < 784; j++) {
                // Half zeros, as in an image.
                x[r][j] = random.nextBoolean() ? 0f : random.nextFloat();
            }
            labels[r] = random.nextInt(10);
        }
        Dataset data = Dataset.ofClasses(x, labels, 10);
        for (int threads : new int[]{1, 2}) {
            try (ParallelKernels kernels = KernelProviders.parallel(simd, threads)) {
                FeedForwardNetwork net = FeedForwardNetwork.builder(784).layer(128, Activation.SIGMOID)
                        .layer(10, Activation.SOFTMAX).seed(6).kernels(kernels).build();
                Evaluation whole = Metrics.evaluate(net, loss, data);
                float[] expected = new float[rows * 10];
                net.predict(data.featureMatrix(), rows, expected);
                for (int seed = 0; seed < 3; seed++) {
                    SplittableRandom cut = new SplittableRandom(seed);
                    Metrics.Running running = new Metrics.Running(net, loss);
                    float[] y = new float[rows * 10];
                    for (int r0 = 0; r0 < rows; ) {
                        int n = Math.min(rows - r0, cut.nextInt(4) == 0 ? cut.nextInt(0, 3) : cut.nextInt(1, 700));
                        int[] part = new int[n];
                        for (int i = 0; i < n; i++) {
                            part[i] = r0 + i;
                        }
                        float[] py = new float[n * 10];
                        running.add(data.subset(part), py);
                        System.arraycopy(py, 0, y, r0 * 10, n * 10);
                        r0 += n;
                    }
                    assertEquals(whole, running.result(), threads + " threads, seed " + seed);
                    assertArrayEquals(expected, y, threads + " threads, seed " + seed);
                }
            }
        }
    }
}
