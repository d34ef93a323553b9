package dev.vecprop.simd;

import dev.vecprop.core.FeedForwardNetwork;
import dev.vecprop.core.KernelProviders;
import dev.vecprop.core.Layer;
import dev.vecprop.core.LossRegistry;
import dev.vecprop.core.ParallelKernels;
import dev.vecprop.core.Trainer;
import dev.vecprop.core.TrainingOptions;
import dev.vecprop.spi.Activation;
import dev.vecprop.spi.Kernels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The SIMD kernels split over threads ({@link KernelProviders#parallel}) give bit for bit the results of one
 * call on one thread, for 2, 3 and 4 threads: the cuts fall on the register tile of the gemm (4 x 16), the
 * eight-row pass of gemv and whole vectors elsewhere, so no element is computed differently. The same
 * holds for training: the weights after a few batch steps do not depend on the number of threads.
 */
class ThreadsInvarianceTest {

    static Kernels simd;

    @BeforeAll
    static void simdIsActive() {
        simd = new SimdKernels();
        assertNull(simd.unavailableReason(), "the SIMD kernels must run in this test JVM");
    }

    @Test
    void gemmOnAnyNumberOfThreadsEqualsOneCall() {
        // Each at least ParallelKernels.GEMM_MIN (2^22) multiply-adds, so that every one is split.
        int[][] shapes = {{130, 70, 500}, {10, 300, 1400}, {129, 131, 250}, {512, 64, 128}, {5, 1000, 840},
                {128, 784, 128}, {128, 128, 784}, {37, 533, 300}};
        SplittableRandom r = new SplittableRandom(21);
        for (int threads : new int[]{2, 3, 4}) {
            try (ParallelKernels par = KernelProviders.parallel(simd, threads)) {
                for (int[] s : shapes) {
                    int m = s[0], n = s[1], k = s[2];
                    for (int form = 0; form < 4; form++) {
                        boolean tA = (form & 1) != 0, tB = (form & 2) != 0;
                        for (float beta : new float[]{0f, 1f, 0.5f}) {
                            int lda = (tA ? m : k) + 3, ldb = (tB ? k : n) + 2, ldc = n + 5;
                            float[] a = random(r, 7 + (tA ? k : m) * lda);
                            float[] b = random(r, 4 + (tB ? n : k) * ldb);
                            float[] c0 = random(r, 9 + m * ldc + 6);
                            float[] c1 = c0.clone();
                            simd.gemm(tA, tB, m, n, k, 0.75f, a, 7, lda, b, 4, ldb, beta, c0, 9, ldc);
                            par.gemm(tA, tB, m, n, k, 0.75f, a, 7, lda, b, 4, ldb, beta, c1, 9, ldc);
                            assertBitwise(c0, c1, "gemm " + Arrays.toString(s) + " transA " + tA + " transB " + tB
                                    + " beta " + beta + " on " + threads + " threads");
                        }
                    }
                }
            }
        }
    }

    @Test
    void levelTwoAndElementwiseOnAnyNumberOfThreadsEqualOneCall() {
        SplittableRandom r = new SplittableRandom(22);
        int m = 515, n = 517;
        for (int threads : new int[]{2, 3}) {
            try (ParallelKernels par = KernelProviders.parallel(simd, threads)) {
                int lda = n + 3;
                float[] a = random(r, 2 + m * lda);
                float[] xm = random(r, 1 + m);
                float[] xn = random(r, 1 + n);
                for (float beta : new float[]{0f, 1f, -0.5f}) {
                    float[] y0 = random(r, 1 + m + 4);
                    float[] y1 = y0.clone();
                    simd.gemv(m, n, 1.5f, a, 2, lda, xn, 1, beta, y0, 1);
                    par.gemv(m, n, 1.5f, a, 2, lda, xn, 1, beta, y1, 1);
                    assertBitwise(y0, y1, "gemv beta " + beta + " on " + threads + " threads");
                    y0 = random(r, 1 + n + 4);
                    y1 = y0.clone();
                    simd.gemvT(m, n, 1.5f, a, 2, lda, xm, 1, beta, y0, 1);
                    par.gemvT(m, n, 1.5f, a, 2, lda, xm, 1, beta, y1, 1);
                    assertBitwise(y0, y1, "gemvT beta " + beta + " on " + threads + " threads");
                }
                float[] a0 = a.clone();
                float[] a1 = a.clone();
                simd.ger(m, n, -0.25f, xm, 1, xn, 1, a0, 2, lda);
                par.ger(m, n, -0.25f, xm, 1, xn, 1, a1, 2, lda);
                assertBitwise(a0, a1, "ger on " + threads + " threads");

                int len = 70_001;
                float[] x = random(r, len + 3);
                float[] g = random(r, len + 5);
                for (int op = 0; op < 8; op++) {
                    float[] out0 = g.clone();
                    float[] out1 = g.clone();
                    apply(simd, op, len, x, out0);
                    apply(par, op, len, x, out1);
                    assertBitwise(out0, out1, "element-wise operation " + op + " on " + threads + " threads");
                }
            }
        }
    }

    private static void apply(Kernels k, int op, int n, float[] x, float[] y) {
        switch (op) {
            case 0 -> k.sigmoid(n, x, 3, y, 5);
            case 1 -> k.tanh(n, x, 3, y, 5);
            case 2 -> k.relu(n, x, 3, y, 5);
            case 3 -> k.sigmoidBackward(n, x, 3, y, 5);
            case 4 -> k.tanhBackward(n, x, 3, y, 5);
            case 5 -> k.reluBackward(n, x, 3, y, 5);
            case 6 -> k.axpy(n, 0.3f, x, 3, y, 5);
            case 7 -> k.scal(n, 0.3f, y, 5);
            default -> fail("no operation " + op);
        }
    }

    /** Plain SGD (the updates in one hand-off on several threads) and momentum (one layer after another). */
    @ParameterizedTest
    @ValueSource(floats = {0f, 0.9f})
    void batchTrainingGivesTheSameWeightsOnOneTwoAndThreeThreads(float momentum) {
        float[] one = trainedWeights(1, momentum, 128);
        assertBitwise(one, trainedWeights(2, momentum, 128), "weights after training on 2 threads against 1");
        assertBitwise(one, trainedWeights(3, momentum, 128), "weights after training on 3 threads against 1");
    }

    /** A hidden layer of 100 sigmoid units, and the uneven blocks of partial batches. */
    @Test
    void aHiddenLayerOfAnyWidthGivesTheSameWeights() {
        float[] one = trainedWeights(1, 0f, 100);
        assertBitwise(one, trainedWeights(2, 0f, 100), "weights after training on 2 threads against 1");
        assertBitwise(one, trainedWeights(3, 0f, 100), "weights after training on 3 threads against 1");
    }

    /** The 784-H-10 network (H = 128: the benchmarks'), softmax cross-entropy, batches of up to 128. */
    private static float[] trainedWeights(int threads, float momentum, int hidden) {
        try (ParallelKernels k = KernelProviders.parallel(simd, threads)) {
            FeedForwardNetwork net = FeedForwardNetwork.builder(784).layer(hidden, Activation.SIGMOID)
                    .layer(10, Activation.SOFTMAX).seed(7).kernels(k).build();
            Trainer trainer = new Trainer(net, LossRegistry.system().get("softmax-cross-entropy"),
                    TrainingOptions.defaults().withBatchSize(128).withLearningRate(0.05f).withMomentum(momentum));
            SplittableRandom r = new SplittableRandom(3);
            // Whole batches, and partial ones whose blocks are uneven.
            for (int rows : new int[]{128, 128, 77, 100}) {
                float[] x = new float[rows * 784];
                float[] t = new float[rows * 10];
                for (int i = 0; i < x.length; i++) {
                    x[i] = r.nextBoolean() ? 0f : (float) r.nextDouble();
                }
                for (int s = 0; s < rows; s++) {
                    t[s * 10 + r.nextInt(10)] = 1f;
                }
                trainer.step(x, t, rows);
            }
            return parameters(net);
        }
    }

    /** Every layer's parameters, one after the other. */
    static float[] parameters(FeedForwardNetwork net) {
        float[] all = new float[0];
        for (Layer l : net.layers()) {
            float[] p = l.parameters();
            int at = all.length;
            all = Arrays.copyOf(all, at + p.length);
            System.arraycopy(p, 0, all, at, p.length);
        }
        return all;
    }

    static float[] random(SplittableRandom r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }

    static void assertBitwise(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                fail(what + ": first difference at " + i + ": " + expected[i] + " against " + actual[i]);
            }
        }
    }
}
