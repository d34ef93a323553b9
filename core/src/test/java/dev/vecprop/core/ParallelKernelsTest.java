package dev.vecprop.core;

import dev.vecprop.spi.Activation;
import dev.vecprop.spi.Kernels;
import dev.vecprop.spi.LossFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The parallel kernels over the scalar ones: every method forwarded, results bit for bit those of one thread
 * for any number of threads, failures passed to the caller, several callers at once. The same invariance on
 * the SIMD kernels is tested in the simd module (ThreadsInvarianceTest).
 */
class ParallelKernelsTest {

    static final Kernels SCALAR = KernelProviders.scalar();

    @Test
    void everyMethodOfKernelsIsForwarded() {
        // A default method of Kernels that the decorator does not override would silently run the default
        // instead of the base kernels' own (faster, or differently rounded) implementation.
        List<String> missing = new ArrayList<>();
        for (Method m : Kernels.class.getDeclaredMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || Modifier.isPrivate(m.getModifiers()) || m.isSynthetic()) {
                continue;
            }
            try {
                Method own = ParallelKernels.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
                if (own.isBridge() || own.isSynthetic()) {
                    missing.add(m.toString());
                }
            } catch (NoSuchMethodException e) {
                missing.add(m.toString());
            }
        }
        assertEquals(List.of(), missing, "ParallelKernels must override every method of Kernels");
    }

    @Test
    void namesAndDescribesItsBase() {
        try (ParallelKernels k = KernelProviders.parallel(SCALAR, 2)) {
            assertEquals("scalar", k.name());
            assertEquals("scalar (plain Java loops) on 2 threads", k.description());
            assertEquals(SCALAR.priority(), k.priority());
            assertEquals(SCALAR.unavailableReason(), k.unavailableReason());
            assertEquals(2, k.threads());
            assertSame(SCALAR, k.base());
            try (ParallelKernels again = KernelProviders.parallel(k, 3)) {
                assertSame(SCALAR, again.base(), "parallel kernels are not stacked");
            }
        }
        try (ParallelKernels one = KernelProviders.parallel(SCALAR, 1)) {
            assertEquals("scalar (plain Java loops) on 1 thread", one.description());
        }
        assertThrows(IllegalArgumentException.class, () -> KernelProviders.parallel(SCALAR, 0));
        assertThrows(NullPointerException.class, () -> KernelProviders.parallel(null, 2));
    }

    @Test
    void gemmIsBitForBitTheSameOnAnyNumberOfThreads() {
        checkGemm(SCALAR);
    }

    @Test
    void levelTwoAndElementwiseAreBitForBitTheSameOnAnyNumberOfThreads() {
        checkLevel2AndElementwise(SCALAR);
    }

    /**
     * Parallel kernels that split a gemm from 2^17 multiply-adds instead of {@link ParallelKernels#GEMM_MIN}:
     * the products here stay small, so that the scalar kernels run them quickly, and are split all the same.
     */
    static ParallelKernels splitting(Kernels base, int threads) {
        return new ParallelKernels(base, threads, 1L << 17);
    }

    /** Every gemm form, on shapes cut by rows and by columns, with offsets and padded rows, against base. */
    static void checkGemm(Kernels base) {
        int[][] shapes = {{130, 70, 50}, {10, 300, 64}, {129, 131, 17}, {512, 64, 8}, {5, 1000, 40}, {64, 64, 64}};
        SplittableRandom r = new SplittableRandom(11);
        for (int threads : new int[]{2, 3, 4}) {
            try (ParallelKernels par = splitting(base, threads)) {
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
                            base.gemm(tA, tB, m, n, k, 0.75f, a, 7, lda, b, 4, ldb, beta, c0, 9, ldc);
                            par.gemm(tA, tB, m, n, k, 0.75f, a, 7, lda, b, 4, ldb, beta, c1, 9, ldc);
                            assertBitwise(c0, c1, "gemm " + Arrays.toString(s) + " transA " + tA + " transB " + tB
                                    + " beta " + beta + " on " + threads + " threads");
                        }
                    }
                }
            }
        }
    }

    static void checkLevel2AndElementwise(Kernels base) {
        SplittableRandom r = new SplittableRandom(12);
        int m = 515, n = 517;
        for (int threads : new int[]{2, 3}) {
            try (ParallelKernels par = splitting(base, threads)) {
                int lda = n + 3;
                float[] a = random(r, 2 + m * lda);
                float[] xm = random(r, 1 + m);
                float[] xn = random(r, 1 + n);
                for (float beta : new float[]{0f, 1f, -0.5f}) {
                    float[] y0 = random(r, 1 + m + 4);
                    float[] y1 = y0.clone();
                    base.gemv(m, n, 1.5f, a, 2, lda, xn, 1, beta, y0, 1);
                    par.gemv(m, n, 1.5f, a, 2, lda, xn, 1, beta, y1, 1);
                    assertBitwise(y0, y1, "gemv beta " + beta + " on " + threads + " threads");
                    y0 = random(r, 1 + n + 4);
                    y1 = y0.clone();
                    base.gemvT(m, n, 1.5f, a, 2, lda, xm, 1, beta, y0, 1);
                    par.gemvT(m, n, 1.5f, a, 2, lda, xm, 1, beta, y1, 1);
                    assertBitwise(y0, y1, "gemvT beta " + beta + " on " + threads + " threads");
                }
                float[] a0 = a.clone();
                float[] a1 = a.clone();
                base.ger(m, n, -0.25f, xm, 1, xn, 1, a0, 2, lda);
                par.ger(m, n, -0.25f, xm, 1, xn, 1, a1, 2, lda);
                assertBitwise(a0, a1, "ger on " + threads + " threads");

                int len = 70_001;
                float[] x = random(r, len + 3);
                float[] g = random(r, len + 5);
                for (int op = 0; op < 8; op++) {
                    float[] out0 = g.clone();
                    float[] out1 = g.clone();
                    apply(base, op, len, x, out0);
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

    @Test
    void aFailureInAnyPartReachesTheCallerAndTheKernelsStillWork() {
        // Base kernels whose gemm fails on any block but the first: the calls are valid, so the failure
        // comes from a part, not from the checks made before splitting.
        Kernels failing = (Kernels) Proxy.newProxyInstance(Kernels.class.getClassLoader(), new Class<?>[]{Kernels.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("gemm") && (int) args[14] != 0) {
                        throw new ArrayIndexOutOfBoundsException("a block after the first");
                    }
                    try {
                        return method.invoke(SCALAR, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        try (ParallelKernels par = splitting(failing, 2)) {
            int m = 128, n = 128, k = 64;
            float[] a = new float[m * k];
            float[] b = new float[k * n];
            float[] c = new float[m * n];
            assertThrows(ArrayIndexOutOfBoundsException.class,
                    () -> par.gemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n));
        }
        try (ParallelKernels par = splitting(SCALAR, 2)) {
            int m = 128, n = 128, k = 64;
            float[] a = new float[m * k];
            float[] b = new float[k * n];
            float[] shortC = new float[m * n - 1];
            // Refused before splitting, so no block is written.
            assertThrows(IndexOutOfBoundsException.class,
                    () -> par.gemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, shortC, 0, n));
            Arrays.fill(a, 0.5f);
            Arrays.fill(b, 2f);
            assertGemmAsScalar(par, m, n, k, a, b, "gemm after a failure");
        }
    }

    /**
     * Bad arguments fail as on the base kernels, split or not: the same exception and message, before any
     * block is written, and the workers stay usable. Split by columns, each block of a C whose leading
     * dimension is half its width would look valid by itself.
     */
    @Test
    void badArgumentsAreRefusedAsByTheBaseKernels() {
        try (ParallelKernels par = splitting(SCALAR, 2)) {
            for (ScalarKernelsTest.MatrixArgument arg : ScalarKernelsTest.MatrixArgument.all()) {
                assertEquals(arg.assertRefused(SCALAR), arg.assertRefused(par), arg.what());
            }
            // Split by columns (m too small for a block of rows per thread).
            int m = 4, n = 2048, k = 64;
            float[] a = new float[m * k];
            float[] b = new float[k * n];
            float[] c = new float[m * n];
            IllegalArgumentException gemm = assertThrows(IllegalArgumentException.class,
                    () -> par.gemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n / 2));
            assertEquals(assertThrows(IllegalArgumentException.class,
                    () -> SCALAR.gemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n / 2)).getMessage(),
                    gemm.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> par.gemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n / 2, 0f, c, 0, n));
            assertThrows(IndexOutOfBoundsException.class,
                    () -> par.gemm(false, false, m, n, k, 1f, a, 0, k, b, 1, n, 0f, c, 0, n));
            // gemvT is split by columns, gemv and ger by rows.
            int rows = 256, cols = 2048;
            float[] big = new float[rows * cols];
            float[] x = new float[cols];
            float[] y = new float[cols];
            assertThrows(IllegalArgumentException.class,
                    () -> par.gemvT(rows, cols, 1f, big, 0, cols / 2, x, 0, 0f, y, 0));
            assertThrows(IllegalArgumentException.class,
                    () -> par.gemv(rows, cols, 1f, big, 0, cols - 1, x, 0, 0f, y, 0));
            assertThrows(IllegalArgumentException.class,
                    () -> par.ger(rows, cols, 1f, x, 0, y, 0, big, 0, cols - 1));
            assertThrows(IndexOutOfBoundsException.class,
                    () -> par.ger(rows, cols, 1f, x, 0, y, 0, big, 1, cols));
            assertThrows(IndexOutOfBoundsException.class, () -> par.relu(1 << 17, big, 1 << 17, y, 0));
            // The workers were not left taken: a valid call still splits and gives the base kernels' bits.
            Arrays.fill(a, 0.5f);
            Arrays.fill(b, 2f);
            assertGemmAsScalar(par, m, n, k, a, b, "gemm after refused calls");
        }
    }

    /** C = A B (A m x k, B k x n) on {@code par} gives the scalar kernels' bits. */
    private static void assertGemmAsScalar(Kernels par, int m, int n, int k, float[] a, float[] b, String what) {
        float[] want = new float[m * n];
        float[] got = new float[m * n];
        SCALAR.gemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, want, 0, n);
        par.gemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, got, 0, n);
        assertBitwise(want, got, what);
    }

    @Test
    void closedKernelsRunEveryCallOnTheCallingThread() {
        ParallelKernels par = splitting(SCALAR, 3);
        par.close();
        par.close();
        SplittableRandom r = new SplittableRandom(5);
        int m = 128, n = 96, k = 33;
        assertGemmAsScalar(par, m, n, k, random(r, m * k), random(r, k * n), "gemm after close");
        assertEquals(3, par.threads());
    }

    @Test
    void severalCallersAtOnceGetTheirOwnResults() throws Exception {
        try (ParallelKernels par = splitting(SCALAR, 2);
             ExecutorService callers = Executors.newFixedThreadPool(4)) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                results.add(callers.submit(() -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    int m = 64 + 4 * seed, n = 80, k = 40;
                    float[] a = random(r, m * k);
                    float[] b = random(r, k * n);
                    float[] expected = new float[m * n];
                    SCALAR.gemm(false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, expected, 0, n);
                    float[] x = random(r, 20_000);
                    float[] sig = new float[20_000];
                    SCALAR.sigmoid(x.length, x, 0, sig, 0);
                    for (int i = 0; i < 200; i++) {
                        float[] c = new float[m * n];
                        par.gemm(false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, c, 0, n);
                        assertBitwise(expected, c, "caller " + seed + " call " + i);
                        float[] y = new float[x.length];
                        par.sigmoid(x.length, x, 0, y, 0);
                        assertBitwise(sig, y, "caller " + seed + " sigmoid " + i);
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get());
            }
        }
    }

    @Test
    void severalThreadsPredictThroughOneNetworkOnParallelKernels() throws Exception {
        try (ParallelKernels par = splitting(SCALAR, 2)) {
            // 64 rows through 100-300: products and activations large enough to be split.
            FeedForwardNetwork net = FeedForwardNetwork.builder(100).layer(300, Activation.TANH).layer(10, Activation.SOFTMAX)
                    .seed(8).kernels(SCALAR).build();
            int rows = 64;
            SplittableRandom r = new SplittableRandom(3);
            float[] x = random(r, rows * 100);
            float[] expected = new float[rows * 10];
            net.predict(x, rows, expected);
            net.useKernels(par);
            try (ExecutorService callers = Executors.newFixedThreadPool(4)) {
                List<Future<Integer>> results = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    results.add(callers.submit(() -> {
                        for (int i = 0; i < 100; i++) {
                            float[] y = new float[rows * 10];
                            net.predict(x, rows, y);
                            assertBitwise(expected, y, "batch prediction " + i);
                            float[] one = net.predict(Arrays.copyOfRange(x, 100 * (i % rows), 100 * (i % rows) + 100));
                            assertBitwise(Arrays.copyOfRange(expected, 10 * (i % rows), 10 * (i % rows) + 10), one,
                                    "single prediction " + i);
                        }
                        return 100;
                    }));
                }
                for (Future<Integer> f : results) {
                    assertEquals(100, f.get());
                }
            }
        }
    }

    /**
     * Without momentum the updates of a batch split by rows run in one hand-off, every thread taking a block of
     * every layer ({@link DenseLayer#updatePart}); with momentum, one layer after another.
     */
    @ParameterizedTest
    @ValueSource(floats = {0f, 0.5f})
    void trainingGivesTheSameWeightsOnOneTwoAndThreeThreads(float momentum) {
        float[] one = trainedWeights(SCALAR, 1, momentum);
        float[] two = trainedWeights(SCALAR, 2, momentum);
        float[] three = trainedWeights(SCALAR, 3, momentum);
        assertBitwise(one, two, "weights after training on 2 threads against 1");
        assertBitwise(one, three, "weights after training on 3 threads against 1");
        assertFalse(Arrays.equals(one, trainedWeights(SCALAR, 1, momentum == 0f ? 0.5f : 0f)),
                "the momentum changes the weights");
    }

    /** A net big enough for its batch-64 products and activations to be split; weights after a few steps. */
    static float[] trainedWeights(Kernels base, int threads, float momentum) {
        try (ParallelKernels k = splitting(base, threads)) {
            FeedForwardNetwork net = FeedForwardNetwork.builder(200).layer(160, Activation.SIGMOID)
                    .layer(64, Activation.TANH).layer(10, Activation.SIGMOID).seed(4).kernels(k).build();
            int rows = 64;
            SplittableRandom r = new SplittableRandom(9);
            Trainer trainer = new Trainer(net, TrainerTest.SQUARED,
                    TrainingOptions.defaults().withBatchSize(rows).withMomentum(momentum));
            for (int step = 0; step < 5; step++) {
                float[] x = random(r, rows * 200);
                float[] t = new float[rows * 10];
                for (int i = 0; i < rows; i++) {
                    t[i * 10 + r.nextInt(10)] = 1f;
                }
                trainer.step(x, t, rows);
            }
            List<float[]> params = new ArrayList<>();
            int total = 0;
            for (Layer l : net.layers()) {
                float[] p = l.parameters();
                params.add(p);
                total += p.length;
            }
            float[] all = new float[total];
            int at = 0;
            for (float[] p : params) {
                System.arraycopy(p, 0, all, at, p.length);
                at += p.length;
            }
            return all;
        }
    }

    static float[] random(SplittableRandom r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }

    @Test
    void ofSeveralFailedBlocksOfASplitTheFirstBlocksFailureReachesTheCaller() {
        try (ParallelKernels par = new ParallelKernels(SCALAR, 3)) {
            for (int round = 0; round < 20; round++) {
                // Block 0 fails last, whichever thread runs it.
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> par.split(96, 32, (base, part, from, to) -> {
                            if (part == 0) {
                                LockSupport.parkNanos(2_000_000);
                            }
                            throw new IllegalStateException("block " + part + " from " + from + " to " + to);
                        }));
                assertEquals("block 0 from 0 to 32", e.getMessage());
            }
            int[] seen = new int[96];
            assertTrue(par.split(96, 32, (base, part, from, to) -> {
                for (int i = from; i < to; i++) {
                    seen[i]++;
                }
            }), "the workers still take a split");
            int[] once = new int[96];
            Arrays.fill(once, 1);
            assertArrayEquals(once, seen, "every index in exactly one block");
            assertFalse(par.split(63, 32, (base, part, from, to) -> fail("fewer than two blocks is not split")));
        }
    }

    @Test
    void twoSplitsInOneHandOverRunInOrderAndAFailedFirstStopsTheSecond() {
        try (ParallelKernels par = new ParallelKernels(SCALAR, 2)) {
            for (int round = 0; round < 20; round++) {
                AtomicInteger firstDone = new AtomicInteger();
                int[] seenByFirst = new int[4];
                int[] seenBySecond = new int[96];
                assertTrue(par.split(4, 1, (base, part, from, to) -> {
                    for (int i = from; i < to; i++) {
                        seenByFirst[i]++;
                    }
                    firstDone.incrementAndGet();
                }, 96, 32, (base, part, from, to) -> {
                    assertEquals(2, firstDone.get(), "every block of the first split is done before the second");
                    for (int i = from; i < to; i++) {
                        seenBySecond[i]++;
                    }
                }), "split");
                assertArrayEquals(new int[]{1, 1, 1, 1}, seenByFirst, "every index of the first in one block");
                int[] once = new int[96];
                Arrays.fill(once, 1);
                assertArrayEquals(once, seenBySecond, "every index of the second in one block");
            }
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> par.split(4, 1,
                    (base, part, from, to) -> {
                        throw new IllegalStateException("first, block " + part);
                    }, 96, 32, (base, part, from, to) -> fail("the second split runs after a failed first")));
            assertEquals("first, block 0", e.getMessage());
            assertTrue(par.split(64, 32, (base, part, from, to) -> { }), "the workers are free again");
            assertFalse(par.split(4, 1, (base, part, from, to) -> fail("not split"), 63, 32,
                    (base, part, from, to) -> fail("not split")), "a second split of one block is no split");
        }
    }

    @Test
    void aLossFailingInAnyBlockOfABatchSplitByRowsFailsTheStepAndChangesNoWeight() {
        // A batch of 64 through 200-160-10 is split by rows on these kernels (two blocks of 32); the loss fails
        // on row 50, in the second block, whichever thread computes it.
        LossFunction failing = new LossFunction() {
            public String name() {
                return "fails-on-a-quarter";
            }

            public double value(double[] y, double[] t) {
                if (t[0] == 0.25) {
                    throw new IllegalStateException("a target of 0.25");
                }
                return TrainerTest.SQUARED.value(y, t);
            }

            public void gradient(double[] y, double[] t, double[] g) {
                TrainerTest.SQUARED.gradient(y, t, g);
            }
        };
        try (ParallelKernels k = splitting(SCALAR, 2)) {
            FeedForwardNetwork net = FeedForwardNetwork.builder(200).layer(160, Activation.SIGMOID)
                    .layer(10, Activation.SIGMOID).seed(4).kernels(k).build();
            Trainer trainer = new Trainer(net, failing, TrainingOptions.defaults().withBatchSize(64));
            SplittableRandom r = new SplittableRandom(9);
            float[] x = random(r, 64 * 200);
            float[] t = new float[64 * 10];
            t[50 * 10] = 0.25f;
            float[] before = net.layers().getFirst().parameters();
            LossPluginException e = assertThrows(LossPluginException.class, () -> trainer.step(x, t, 64));
            assertTrue(e.getMessage().contains("a target of 0.25"), e.getMessage());
            assertBitwise(before, net.layers().getFirst().parameters(), "the first layer after the failed step");
            t[50 * 10] = 1f;
            trainer.step(x, t, 64);
            assertFalse(Arrays.equals(before, net.layers().getFirst().parameters()), "a good step trains after it");
        }
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
