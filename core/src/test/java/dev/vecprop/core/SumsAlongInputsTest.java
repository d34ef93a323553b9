package dev.vecprop.core;

import dev.vecprop.spi.Activation;
import dev.vecprop.spi.Kernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A batch's first-layer sums split over the threads along the layer's inputs, in the blocks the kernels' gemm
 * sums in ({@link Kernels#gemmBlockDepth}), give the weights one thread gives, bit for bit: by steps and by
 * epochs (whose threads copy their share of every row's features), with and without biases, in either layout.
 */
class SumsAlongInputsTest {

    private static final Kernels SCALAR = KernelProviders.scalar();
    /** The blocks' depth: a 200-input layer has five, the last of 8 inputs. */
    private static final int DEPTH = 48;
    private static final int IN = 200;

    @ParameterizedTest(name = "{0} hidden units, biases {1}")
    @CsvSource({"160, true", "160, false", "24, true", "24, false"})
    void stepsAndEpochsGiveTheSameWeightsOnOneTwoAndThreeThreads(int hidden, boolean biases) {
        AtomicInteger blockCalls = new AtomicInteger();
        float[] one = trained(1, hidden, biases, blockCalls);
        assertEquals(0, blockCalls.get(), "one thread sums the layer in one call");
        for (int threads = 2; threads <= 3; threads++) {
            blockCalls.set(0);
            ParallelKernelsTest.assertBitwise(one, trained(threads, hidden, biases, blockCalls),
                    "weights after training on " + threads + " threads against 1");
            assertTrue(blockCalls.get() > 0, "the sums were split along the inputs on " + threads + " threads");
        }
    }

    /** {@link Trainer#gradients} takes the same split forward pass, without the deltas, and changes nothing. */
    @Test
    void gradientsAreTheSameOnOneAndTwoThreads() {
        AtomicInteger blockCalls = new AtomicInteger();
        float[][] one = gradients(1, blockCalls);
        float[][] two = gradients(2, blockCalls);
        assertTrue(blockCalls.get() > 0, "the sums were split along the inputs");
        for (int l = 0; l < one.length; l++) {
            ParallelKernelsTest.assertBitwise(one[l], two[l], "the gradient of layer " + l + " on 2 threads against 1");
        }
    }

    private static float[][] gradients(int threads, AtomicInteger blockCalls) {
        try (ParallelKernels k = ParallelKernelsTest.splitting(blocked(160, blockCalls), threads)) {
            FeedForwardNetwork net = FeedForwardNetwork.builder(IN).layer(160, Activation.SIGMOID)
                    .layer(10, Activation.SIGMOID).seed(4).kernels(k).build();
            Trainer trainer = new Trainer(net, TrainerTest.SQUARED, TrainingOptions.defaults().withBatchSize(64));
            SplittableRandom r = new SplittableRandom(9);
            float[] x = ParallelKernelsTest.random(r, 64 * IN);
            float[] t = new float[64 * 10];
            for (int i = 0; i < 64; i++) {
                t[i * 10 + r.nextInt(10)] = 1f;
            }
            float[] before = net.layers().getFirst().parameters();
            float[][] g = trainer.gradients(x, t, 64);
            ParallelKernelsTest.assertBitwise(before, net.layers().getFirst().parameters(), "the weights");
            return g;
        }
    }

    /**
     * An infinite input of a batch split by rows leaves the loss finite (the sigmoid of an infinite sum is 1),
     * and each thread looks at its own rows' first-layer sums: the step is refused, naming the input, in
     * either thread's rows, whether the sums were split along the inputs or not, and nothing changes.
     */
    @ParameterizedTest(name = "sums split along the inputs: {0}")
    @ValueSource(booleans = {true, false})
    void aSplitBatchWithAnInputThatIsNotFiniteIsRefusedAndChangesNothing(boolean alongInputs) {
        AtomicInteger blockCalls = new AtomicInteger();
        Set<Integer> dots = ConcurrentHashMap.newKeySet();
        Kernels base = watched(alongInputs ? blocked(160, blockCalls) : SCALAR, dots);
        try (ParallelKernels k = ParallelKernelsTest.splitting(base, 2)) {
            FeedForwardNetwork net = FeedForwardNetwork.builder(IN).layer(160, Activation.SIGMOID)
                    .layer(10, Activation.SIGMOID).seed(4).kernels(k).build();
            Trainer trainer = new Trainer(net, TrainerTest.SQUARED, TrainingOptions.defaults().withBatchSize(64));
            float[] before = parameters(net);
            SplittableRandom r = new SplittableRandom(5);
            float[] t = new float[64 * 10];
            for (int i = 0; i < 64; i++) {
                t[i * 10 + r.nextInt(10)] = 1f;
            }
            // Row 3 is in the first thread's block of rows, row 40 in the second's (blocks of 32 rows).
            for (int row : new int[]{3, 40}) {
                for (float bad : new float[]{Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN}) {
                    float[] x = ParallelKernelsTest.random(r, 64 * IN);
                    x[row * IN + 7] = bad;
                    assertEquals("row " + row + ", input 7 is " + bad + "; inputs must be finite", assertThrows(
                            IllegalArgumentException.class, () -> trainer.step(x, t, 64)).getMessage());
                }
            }
            ParallelKernelsTest.assertBitwise(before, parameters(net), "the parameters");
            assertEquals(Set.of(32 * 160), dots, "each block of rows looked at its own sums, and only they did");
            assertEquals(alongInputs, blockCalls.get() > 0, "the sums were split along the inputs");
        }
    }

    /**
     * Two trainers on one set of kernels, training at once from two threads: each call that finds the workers
     * taken runs on its own thread, also between the sums and the rows of a batch, and every network ends as
     * it would alone.
     */
    @Test
    void trainersSharingTheKernelsTrainAsTheyWouldAlone() throws Exception {
        AtomicInteger blockCalls = new AtomicInteger();
        float[] alone = trained(2, 160, true, blockCalls);
        try (ParallelKernels k = ParallelKernelsTest.splitting(blocked(160, blockCalls), 2)) {
            for (int round = 0; round < 5; round++) {
                List<Future<float[]>> runs = new ArrayList<>();
                ExecutorService pool = Executors.newFixedThreadPool(2);
                try {
                    for (int t = 0; t < 2; t++) {
                        runs.add(pool.submit(() -> trainedOn(k, 160, true)));
                    }
                    for (Future<float[]> run : runs) {
                        ParallelKernelsTest.assertBitwise(alone, run.get(), "weights trained beside another trainer");
                    }
                } finally {
                    pool.shutdown();
                }
            }
        }
    }

    private static float[] trained(int threads, int hidden, boolean biases, AtomicInteger blockCalls) {
        try (ParallelKernels k = ParallelKernelsTest.splitting(blocked(hidden, blockCalls), threads)) {
            return trainedOn(k, hidden, biases);
        }
    }

    /** Two steps of 64 rows, then an epoch of 232 samples in batches of 64 (the last of 40, not split). */
    private static float[] trainedOn(ParallelKernels k, int hidden, boolean biases) {
        FeedForwardNetwork net = FeedForwardNetwork.builder(IN).layer(hidden, Activation.SIGMOID)
                .layer(10, Activation.SIGMOID).biases(biases).seed(4).kernels(k).build();
        assertEquals(hidden >= DenseLayer.Layout.MIN_UNITS_BY_INPUT ? DenseLayer.Layout.BY_INPUT
                : DenseLayer.Layout.BY_UNIT, ((DenseLayer) net.layers().getFirst()).layout());
        Trainer trainer = new Trainer(net, TrainerTest.SQUARED,
                TrainingOptions.defaults().withBatchSize(64).withLearningRate(0.3f));
        SplittableRandom r = new SplittableRandom(9);
        for (int step = 0; step < 2; step++) {
            float[] x = ParallelKernelsTest.random(r, 64 * IN);
            float[] t = new float[64 * 10];
            for (int i = 0; i < 64; i++) {
                t[i * 10 + r.nextInt(10)] = 1f;
            }
            trainer.step(x, t, 64);
        }
        int n = 232;
        float[] t = new float[n * 10];
        for (int i = 0; i < n; i++) {
            t[i * 10 + r.nextInt(10)] = 1f;
        }
        trainer.epoch(Dataset.of(IN, 10, ParallelKernelsTest.random(r, n * IN), t), null);
        return parameters(net);
    }

    /** Every layer's parameters, from input to output, in one array. */
    private static float[] parameters(FeedForwardNetwork net) {
        float[] all = new float[0];
        for (Layer l : net.layers()) {
            float[] p = l.parameters();
            float[] more = java.util.Arrays.copyOf(all, all.length + p.length);
            System.arraycopy(p, 0, more, all.length, p.length);
            all = more;
        }
        return all;
    }

    /** {@code base}, noting the length of every dot product it computes. */
    private static Kernels watched(Kernels base, Set<Integer> dots) {
        return (Kernels) Proxy.newProxyInstance(Kernels.class.getClassLoader(), new Class<?>[]{Kernels.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("dot")) {
                        dots.add((Integer) args[0]);
                    }
                    try {
                        return method.invoke(base, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /**
     * The scalar kernels with a gemm that sums in blocks of {@link #DEPTH} steps as {@link Kernels#gemmBlockDepth}
     * describes (each block from zero, then fma(c, beta, s) or c + s); counts the calls that sum one block of
     * the first layer ({@code hidden} units) apart from the rest of its inputs.
     */
    private static Kernels blocked(int hidden, AtomicInteger blockCalls) {
        return (Kernels) Proxy.newProxyInstance(Kernels.class.getClassLoader(), new Class<?>[]{Kernels.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("gemmBlockDepth")) {
                        return Math.min((int) args[0], DEPTH);
                    }
                    if (method.getName().equals("gemm")) {
                        gemm(args);
                        // A block of the first layer's sums: X (IN wide) times a block of the weights.
                        if (!(boolean) args[0] && (int) args[4] <= DEPTH && (int) args[3] == hidden
                                && (int) args[8] == IN) {
                            blockCalls.incrementAndGet();
                        }
                        return null;
                    }
                    try {
                        return method.invoke(SCALAR, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static void gemm(Object[] args) {
        boolean transA = (boolean) args[0];
        boolean transB = (boolean) args[1];
        int m = (int) args[2];
        int n = (int) args[3];
        int k = (int) args[4];
        float alpha = (float) args[5];
        float[] a = (float[]) args[6];
        int aOff = (int) args[7];
        int lda = (int) args[8];
        float[] b = (float[]) args[9];
        int bOff = (int) args[10];
        int ldb = (int) args[11];
        float beta = (float) args[12];
        float[] c = (float[]) args[13];
        int cOff = (int) args[14];
        int ldc = (int) args[15];
        if (k == 0) {
            SCALAR.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        float[] s = new float[m * n];
        for (int p0 = 0; p0 < k; p0 += DEPTH) {
            int len = Math.min(DEPTH, k - p0);
            SCALAR.gemm(transA, transB, m, n, len, alpha, a, transA ? aOff + p0 * lda : aOff + p0, lda,
                    b, transB ? bOff + p0 : bOff + p0 * ldb, ldb, 0f, s, 0, n);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    int at = cOff + i * ldc + j;
                    float sum = s[i * n + j];
                    c[at] = p0 > 0 ? c[at] + sum : beta == 0f ? sum : Math.fma(c[at], beta, sum);
                }
            }
        }
    }
}
