package dev.vecprop.core;

import dev.vecprop.spi.Kernels;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What the parallel kernels hand to their base kernels: a large call arrives as several calls whose ranges
 * tile the whole call exactly, with every cut on a multiple of the alignment the class promises (8 rows for
 * gemv and ger, 64 elements for gemvT and the element-wise operations, 4 rows or 16 columns of C for gemm),
 * one part per thread while there are enough aligned blocks, and no empty part. ParallelKernelsTest compares
 * results, which are the same whether a call is split or not; here the base kernels only record the calls.
 */
class ParallelKernelsSplitTest {

    static final Kernels SCALAR = KernelProviders.scalar();

    /** 1 goes straight to the base; 5 and 7 leave uneven parts; 64 is more threads than some calls have blocks. */
    static final int[] THREADS = {1, 2, 3, 4, 5, 7, 16, 64};

    /** One call that reached the base kernels. */
    record Call(String method, Object[] args) {
        int i(int at) {
            return (Integer) args[at];
        }
    }

    /**
     * Base kernels that record every call of an operation and compute nothing (the results of split calls
     * are compared with the base's in ParallelKernelsTest); only the provider's name and the like are the
     * scalar kernels'.
     */
    static final class Recorder {
        private final Queue<Call> calls = new ConcurrentLinkedQueue<>();
        final Kernels kernels = (Kernels) Proxy.newProxyInstance(Kernels.class.getClassLoader(),
                new Class<?>[]{Kernels.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Kernels.class && args != null) {
                        calls.add(new Call(method.getName(), args.clone()));
                        return method.getReturnType() == float.class ? 0f : null;
                    }
                    try {
                        return method.invoke(SCALAR, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });

        List<Call> take() {
            List<Call> taken = new ArrayList<>();
            for (Call c; (c = calls.poll()) != null; ) {
                taken.add(c);
            }
            return taken;
        }
    }

    /** Where a part lies in the whole call, as {lo, length}, after checking its other arguments agree. */
    interface PartOf {
        int[] of(Call whole, Call part);
    }

    /**
     * One operation on fixed data.
     *
     * @param what   for messages
     * @param method the name of the Kernels method
     * @param extent the length of the dimension that is cut
     * @param align  the promised multiple of every cut
     * @param out    the array the operation writes
     * @param call   runs the operation on the given kernels, with {@code out} as its output
     * @param part   locates a part
     */
    record Case(String what, String method, int extent, int align, float[] out, BiConsumer<Kernels, float[]> call,
                PartOf part) {
    }

    /** Asserts the arguments of a part equal the whole call's, except at the indices that place the part. */
    static void sameExcept(Call whole, Call part, int... placing) {
        assertEquals(whole.method(), part.method());
        outer:
        for (int i = 0; i < whole.args().length; i++) {
            for (int p : placing) {
                if (p == i) {
                    continue outer;
                }
            }
            Object w = whole.args()[i];
            Object g = part.args()[i];
            if (w instanceof float[] ? w != g : !Objects.equals(w, g)) {
                fail(whole.method() + " argument " + i + " of a part is " + g + ", the whole call's " + w);
            }
        }
    }

    // Argument indices follow the parameter lists of Kernels.

    static final PartOf GEMV_ROWS = (w, p) -> {
        sameExcept(w, p, 0, 4, 10);
        int lo = p.i(10) - w.i(10);
        assertEquals(w.i(4) + lo * w.i(5), p.i(4), "gemv: A's offset of the part starting at row " + lo);
        return new int[]{lo, p.i(0)};
    };

    static final PartOf GEMVT_COLUMNS = (w, p) -> {
        sameExcept(w, p, 1, 4, 10);
        int lo = p.i(10) - w.i(10);
        assertEquals(w.i(4) + lo, p.i(4), "gemvT: A's offset of the part starting at column " + lo);
        return new int[]{lo, p.i(1)};
    };

    static final PartOf GER_ROWS = (w, p) -> {
        sameExcept(w, p, 0, 4, 8);
        int lo = p.i(4) - w.i(4);
        assertEquals(w.i(8) + lo * w.i(9), p.i(8), "ger: A's offset of the part starting at row " + lo);
        return new int[]{lo, p.i(0)};
    };

    static final PartOf AXPY = (w, p) -> {
        sameExcept(w, p, 0, 3, 5);
        int lo = p.i(5) - w.i(5);
        assertEquals(w.i(3) + lo, p.i(3), "axpy: x's offset of the part starting at " + lo);
        return new int[]{lo, p.i(0)};
    };

    static final PartOf SCAL = (w, p) -> {
        sameExcept(w, p, 0, 3);
        return new int[]{p.i(3) - w.i(3), p.i(0)};
    };

    /** sigmoid, tanh, relu and the three derivatives: (n, in, inOff, out, outOff). */
    static final PartOf MAP = (w, p) -> {
        sameExcept(w, p, 0, 2, 4);
        int lo = p.i(4) - w.i(4);
        assertEquals(w.i(2) + lo, p.i(2), p.method() + ": input offset of the part starting at " + lo);
        return new int[]{lo, p.i(0)};
    };

    /** gemm cut by rows of C: A and C move down, B stays. */
    static final PartOf GEMM_ROWS = (w, p) -> {
        sameExcept(w, p, 2, 7, 14);
        int ldc = w.i(15);
        int d = p.i(14) - w.i(14);
        assertEquals(0, d % ldc, "gemm cut by rows: C's offset moves by whole rows");
        int lo = d / ldc;
        boolean transA = (Boolean) w.args()[0];
        assertEquals(w.i(7) + (transA ? lo : lo * w.i(8)), p.i(7), "gemm: A's offset of the part at row " + lo);
        return new int[]{lo, p.i(2)};
    };

    /** gemm cut by columns of C: B and C move right, A stays. */
    static final PartOf GEMM_COLUMNS = (w, p) -> {
        sameExcept(w, p, 3, 10, 14);
        int lo = p.i(14) - w.i(14);
        boolean transB = (Boolean) w.args()[1];
        assertEquals(w.i(10) + (transB ? lo * w.i(11) : lo), p.i(10), "gemm: B's offset of the part at column " + lo);
        return new int[]{lo, p.i(3)};
    };

    /** Every operation that is split, on shapes above its threshold, with offsets, padded rows and tails. */
    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        // gemv: 1003 x 300 (126 blocks of 8 rows, the last of 3), and 37 x 8000 (5 blocks, fewer than threads).
        for (int[] s : new int[][]{{1003, 300}, {37, 8000}}) {
            int m = s[0], n = s[1], lda = n + 3;
            float[] a = new float[2 + m * lda];
            float[] x = new float[1 + n];
            cases.add(new Case("gemv " + m + "x" + n, "gemv", m, 8, new float[m + 9],
                    (k, y) -> k.gemv(m, n, 1.5f, a, 2, lda, x, 1, 0.5f, y, 4), GEMV_ROWS));
        }
        {
            // gemvT: 300 x 1003, 16 blocks of 64 columns, the last of 43: fewer blocks than 64 threads.
            int m = 300, n = 1003, lda = n + 1;
            float[] a = new float[5 + m * lda];
            float[] x = new float[2 + m];
            cases.add(new Case("gemvT " + m + "x" + n, "gemvT", n, 64, new float[n + 7],
                    (k, y) -> k.gemvT(m, n, -0.5f, a, 5, lda, x, 2, 1f, y, 3), GEMVT_COLUMNS));
        }
        for (int[] s : new int[][]{{1003, 300}, {37, 8000}}) {
            int m = s[0], n = s[1], lda = n + 2;
            float[] x = new float[3 + m];
            float[] y = new float[1 + n];
            cases.add(new Case("ger " + m + "x" + n, "ger", m, 8, new float[6 + m * lda],
                    (k, a) -> k.ger(m, n, 0.25f, x, 3, y, 1, a, 6, lda), GER_ROWS));
        }
        int len = 70_001;  // 1094 blocks of 64, the last of 49
        float[] x = new float[len + 3];
        cases.add(new Case("axpy", "axpy", len, 64, new float[len + 5], (k, y) -> k.axpy(len, 0.3f, x, 3, y, 5), AXPY));
        cases.add(new Case("scal", "scal", len, 64, new float[len + 5], (k, y) -> k.scal(len, -1.5f, y, 5), SCAL));
        cases.add(new Case("relu", "relu", len, 64, new float[len + 5], (k, y) -> k.relu(len, x, 3, y, 5), MAP));
        cases.add(new Case("sigmoidBackward", "sigmoidBackward", len, 64, new float[len + 5],
                (k, g) -> k.sigmoidBackward(len, x, 3, g, 5), MAP));
        cases.add(new Case("tanhBackward", "tanhBackward", len, 64, new float[len + 5],
                (k, g) -> k.tanhBackward(len, x, 3, g, 5), MAP));
        cases.add(new Case("reluBackward", "reluBackward", len, 64, new float[len + 5],
                (k, g) -> k.reluBackward(len, x, 3, g, 5), MAP));
        int tlen = 9001;  // the transcendental ones split from a shorter length: 141 blocks, the last of 41
        cases.add(new Case("sigmoid", "sigmoid", tlen, 64, new float[tlen + 5],
                (k, y) -> k.sigmoid(tlen, x, 3, y, 5), MAP));
        cases.add(new Case("tanh", "tanh", tlen, 64, new float[tlen + 5], (k, y) -> k.tanh(tlen, x, 3, y, 5), MAP));
        for (int form = 0; form < 4; form++) {
            boolean tA = (form & 1) != 0, tB = (form & 2) != 0;
            // Tall C: cut by rows, 129 blocks of 4, the last of 2.
            addGemm(cases, tA, tB, 514, 64, 8, GEMM_ROWS, 4);
            // C of 4 rows: too few rows for a block per thread, so cut by columns, 129 blocks of 16, the last of 2.
            addGemm(cases, tA, tB, 4, 2050, 64, GEMM_COLUMNS, 16);
        }
        return cases;
    }

    private static void addGemm(List<Case> cases, boolean tA, boolean tB, int m, int n, int k,
                                PartOf part, int align) {
        int lda = (tA ? m : k) + 3, ldb = (tB ? k : n) + 2, ldc = n + 5;
        float[] a = new float[7 + (tA ? k : m) * lda];
        float[] b = new float[4 + (tB ? n : k) * ldb];
        cases.add(new Case("gemm " + m + "x" + n + "x" + k + " transA " + tA + " transB " + tB, "gemm",
                part == GEMM_ROWS ? m : n, align, new float[9 + m * ldc + 6],
                (kernels, c) -> kernels.gemm(tA, tB, m, n, k, 0.75f, a, 7, lda, b, 4, ldb, 0.5f, c, 9, ldc), part));
    }

    @Test
    void largeCallsReachTheBaseAsAlignedPartsThatTileTheWholeCall() {
        List<Case> cases = cases();
        Recorder rec = new Recorder();
        for (int threads : THREADS) {
            try (ParallelKernels par = ParallelKernelsTest.splitting(rec.kernels, threads)) {
                for (Case c : cases) {
                    String what = c.what() + " on " + threads + " threads";
                    // The whole call straight on the base, then on the parallel kernels, with the same arrays
                    // so that the parts can be compared with it argument by argument.
                    c.call().accept(rec.kernels, c.out());
                    List<Call> whole = rec.take();
                    assertEquals(1, whole.size(), what);

                    c.call().accept(par, c.out());
                    List<Call> parts = rec.take();
                    List<int[]> ranges = new ArrayList<>();
                    for (Call p : parts) {
                        assertEquals(c.method(), p.method(), what + ": the base got another operation");
                        ranges.add(c.part().of(whole.getFirst(), p));
                    }
                    int blocks = (c.extent() + c.align() - 1) / c.align();
                    // As many parts as threads, or one per aligned block when there are fewer blocks.
                    assertEquals(Math.min(threads, blocks), ranges.size(), what + ": parts");
                    assertTiles(ranges, c.extent(), c.align(), what);
                }
            }
        }
    }

    /** Sorted by start, the ranges follow each other from 0 to extent, none empty, each start aligned. */
    static void assertTiles(List<int[]> ranges, int extent, int align, String what) {
        ranges.sort(Comparator.comparingInt(p -> p[0]));
        int at = 0;
        for (int[] p : ranges) {
            assertEquals(at, p[0], what + ": a part starts at " + p[0] + " where the one before ended at " + at);
            assertTrue(p[1] > 0, what + ": an empty part reached the base at " + p[0]);
            assertEquals(0, p[0] % align, what + ": a part starts at " + p[0] + ", not a multiple of " + align);
            at += p[1];
        }
        assertEquals(extent, at, what + ": the parts end at " + at + " of " + extent);
    }

    /**
     * Each operation is split from its threshold on and not below it: the element-wise ones from
     * ELEMENTWISE_MIN elements (sigmoid and tanh from TRANSCENDENTAL_MIN), gemv, gemvT and ger from
     * LEVEL2_MIN = m n, gemm from GEMM_MIN = m n k.
     */
    @Test
    void eachOperationIsSplitFromItsThresholdOn() {
        Recorder rec = new Recorder();
        try (ParallelKernels par = KernelProviders.parallel(rec.kernels, 2)) {
            float[] big = new float[1 << 19];
            float[] out = new float[1 << 19];
            for (int at : new int[]{ParallelKernels.ELEMENTWISE_MIN - 1, ParallelKernels.ELEMENTWISE_MIN}) {
                int expected = at >= ParallelKernels.ELEMENTWISE_MIN ? 2 : 1;
                par.axpy(at, 1f, big, 0, out, 0);
                assertCalls(rec, "axpy", expected, at);
                par.scal(at, 1f, out, 0);
                assertCalls(rec, "scal", expected, at);
                par.relu(at, big, 0, out, 0);
                assertCalls(rec, "relu", expected, at);
                par.sigmoidBackward(at, big, 0, out, 0);
                assertCalls(rec, "sigmoidBackward", expected, at);
                par.tanhBackward(at, big, 0, out, 0);
                assertCalls(rec, "tanhBackward", expected, at);
                par.reluBackward(at, big, 0, out, 0);
                assertCalls(rec, "reluBackward", expected, at);
            }
            for (int at : new int[]{ParallelKernels.TRANSCENDENTAL_MIN - 1, ParallelKernels.TRANSCENDENTAL_MIN}) {
                int expected = at >= ParallelKernels.TRANSCENDENTAL_MIN ? 2 : 1;
                par.sigmoid(at, big, 0, out, 0);
                assertCalls(rec, "sigmoid", expected, at);
                par.tanh(at, big, 0, out, 0);
                assertCalls(rec, "tanh", expected, at);
            }
            // 511 x 513 is LEVEL2_MIN - 1, 512 x 512 is LEVEL2_MIN.
            assertEquals(ParallelKernels.LEVEL2_MIN - 1, 511L * 513);
            for (int[] s : new int[][]{{511, 513}, {512, 512}}) {
                int m = s[0], n = s[1];
                int expected = (long) m * n >= ParallelKernels.LEVEL2_MIN ? 2 : 1;
                par.gemv(m, n, 1f, big, 0, n, big, 0, 0f, out, 0);
                assertCalls(rec, "gemv", expected, m * n);
                par.gemvT(m, n, 1f, big, 0, n, big, 0, 0f, out, 0);
                assertCalls(rec, "gemvT", expected, m * n);
                par.ger(m, n, 1f, big, 0, big, 0, out, 0, n);
                assertCalls(rec, "ger", expected, m * n);
            }
            // 64 x 64 x 1023 is below GEMM_MIN, 64 x 64 x 1024 is GEMM_MIN.
            assertEquals(ParallelKernels.GEMM_MIN, 64L * 64 * 1024);
            for (int k : new int[]{1023, 1024}) {
                par.gemm(false, false, 64, 64, k, 1f, big, 0, k, big, 0, 64, 0f, out, 0, 64);
                assertCalls(rec, "gemm", k == 1024 ? 2 : 1, 64 * 64 * k);
            }
        }
    }

    private static void assertCalls(Recorder rec, String method, int expected, long size) {
        List<Call> calls = rec.take();
        for (Call c : calls) {
            assertEquals(method, c.method());
        }
        assertEquals(expected, calls.size(), method + " of size " + size + ": calls that reached the base");
    }

    /**
     * The reductions (dot, softmax), the zero-skipping operations of one sample and every call on one thread
     * or after close reach the base as one call with the caller's own arguments: in particular sparseGemvT
     * and sparseGer go to the base's own methods, not to the interface's default loops over axpy.
     */
    @Test
    void whatIsNotSplitReachesTheBaseAsOneCall() {
        Recorder rec = new Recorder();
        int len = 200_000, m = 1000, n = 1000;
        float[] x = new float[len];
        float[] y = new float[len];
        float[] a = new float[m * n];
        ParallelKernels par = KernelProviders.parallel(rec.kernels, 4);
        try (par) {
            par.dot(len - 2, x, 1, y, 2);
            assertOneCall(rec, "dot", len - 2, x, 1, y, 2);
            par.softmax(len, x, 0, y, 0);
            assertOneCall(rec, "softmax", len, x, 0, y, 0);
            par.sparseGemvT(m, n, a, 0, n, x, 0, y, 0);
            assertOneCall(rec, "sparseGemvT", m, n, a, 0, n, x, 0, y, 0);
            par.sparseGer(m, n, 2f, x, 0, y, 0, a, 0, n);
            assertOneCall(rec, "sparseGer", m, n, 2f, x, 0, y, 0, a, 0, n);
        }
        // Closed: every call on the calling thread, as one call to the base.
        par.gemv(m, n, 1f, a, 0, n, x, 0, 0f, y, 0);
        assertOneCall(rec, "gemv", m, n, 1f, a, 0, n, x, 0, 0f, y, 0);
        par.relu(len, x, 0, y, 0);
        assertOneCall(rec, "relu", len, x, 0, y, 0);
        try (ParallelKernels one = KernelProviders.parallel(rec.kernels, 1)) {
            one.gemm(false, false, 100, 100, 100, 1f, a, 0, 100, a, 0, 100, 0f, y, 0, 100);
            assertOneCall(rec, "gemm", false, false, 100, 100, 100, 1f, a, 0, 100, a, 0, 100, 0f, y, 0, 100);
            one.tanh(len, x, 0, y, 0);
            assertOneCall(rec, "tanh", len, x, 0, y, 0);
        }
    }

    private static void assertOneCall(Recorder rec, String method, Object... args) {
        List<Call> calls = rec.take();
        assertEquals(1, calls.size(), method + ": calls that reached the base");
        sameExcept(new Call(method, args), calls.getFirst());
    }

    @Test
    void theNumberOfThreadsIsBoundedAsDocumented() {
        // KernelProviders.parallel: "the number of threads, the calling one included, in 1 to 4096".
        for (int threads : new int[]{4097, Integer.MAX_VALUE, 0, -1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> KernelProviders.parallel(SCALAR, threads), "threads " + threads);
            assertTrue(e.getMessage().contains("1 to 4096") && e.getMessage().contains(String.valueOf(threads)),
                    e.getMessage());
        }
    }
}
