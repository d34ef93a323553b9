package dev.vecprop.core;

import dev.vecprop.core.internal.Words;
import dev.vecprop.core.internal.check.KernelChecks;
import dev.vecprop.spi.Kernels;

import java.lang.ref.Cleaner;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Kernels that split the large operations of other kernels over several threads, made with
 * {@link KernelProviders#parallel(Kernels, int)}.
 *
 * <p>A matrix product is cut into as many contiguous blocks of C's rows (or, when C has few rows, of its
 * columns) as there are threads; the element-wise operations and the matrix-vector products are cut the same
 * way when they are large enough to gain from it. The cuts depend only on the shapes and the number of
 * threads, and fall on multiples of 4 or 8 rows, 16 columns or 64 elements, where the kernels of this project
 * compute every element of a block as they would in one call: so the results are bit for bit those of the
 * underlying kernels, whatever the number of threads. The dot product, a reduction, and the small operations
 * of a single sample are never split.
 *
 * <p>The threads are made once, here: {@code threads - 1} daemon workers, while the calling thread computes
 * blocks too. A call hands its blocks over without allocating; the calling thread computes the first block
 * and each worker takes the next block not yet taken, the caller too once it is done, so a worker that is
 * slow to wake costs no waiting (which thread computes a block does not change it), and while the workers
 * keep up each thread takes the same block of every call. Idle workers spin for a moment, so that the next
 * call of a training step finds them awake, then
 * park. Several threads may call at once (for example, predicting through one network): one call at a time
 * uses the workers, and a call that finds them busy runs on its own thread alone, with the same result.
 *
 * <p>A call that is split has its arguments checked first, as the kernels of this project check them (an
 * {@link IllegalArgumentException} for a leading dimension below the row length, an
 * {@link IndexOutOfBoundsException} for a range outside its array), so that it fails before any block is
 * written, and alike on any number of threads: a block alone could look valid where the whole call is not.
 * A call that is not split goes to the base kernels, which check it themselves.
 *
 * <p>{@link #close()} stops the workers; the kernels then run every call on the calling thread. Kernels that
 * are no longer reachable stop their workers by themselves, so closing is only needed to release the threads
 * at a known time.
 */
public final class ParallelKernels implements Kernels, AutoCloseable {

    /** The most threads one instance runs on. */
    static final int MAX_THREADS = 4096;

    /** Rows of C per block boundary: the SIMD gemm's register tile height. */
    static final int GEMM_ROW_ALIGN = 4;
    /** Columns of C per block boundary: the SIMD gemm's register tile width at 256 bits. */
    static final int GEMM_COL_ALIGN = 16;
    /** Rows per block boundary of gemv and ger: the SIMD gemv's eight-row pass. */
    static final int ROWS_ALIGN = 8;
    /** Elements per block boundary of the element-wise operations and gemvT: whole vectors of any width. */
    static final int ELEMENT_ALIGN = 64;

    /**
     * Smallest m n k worth splitting a gemm for: 2^22, about a batch of 42 through a 784-128 layer. From 2^17
     * on, a batch of 32 (3.2 x 10^6) was split, and on an AVX-512 Xeon, where the product takes some 50 µs,
     * such runs trained 5 to 20% slower on two threads than on one (docs/architecture.md, "Thresholds").
     */
    static final long GEMM_MIN = 1L << 22;
    /** Smallest m n worth splitting gemv, gemvT and ger for: above a layer's matrix at batch 1. */
    static final long LEVEL2_MIN = 1L << 18;
    /** Smallest length worth splitting sigmoid and tanh for (a transcendental per element). */
    static final int TRANSCENDENTAL_MIN = 1 << 13;
    /** Smallest length worth splitting the cheap element-wise operations for (bound by memory). */
    static final int ELEMENTWISE_MIN = 1 << 16;

    private static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "vecprop-kernels-cleaner");
        t.setDaemon(true);
        return t;
    });

    private final Kernels base;
    private final int threads;
    private final long gemmMin;
    private final Pool pool;
    private final Cleaner.Cleanable cleanable;

    ParallelKernels(Kernels base, int threads) {
        this(base, threads, GEMM_MIN);
    }

    /** With another gemm threshold than {@link #GEMM_MIN}: for tests that split small products. */
    ParallelKernels(Kernels base, int threads, long gemmMin) {
        this.gemmMin = gemmMin;
        this.base = Objects.requireNonNull(base, "base");
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("the number of threads must be in 1 to " + MAX_THREADS + ", not " + threads);
        }
        this.threads = threads;
        if (threads == 1) {
            this.pool = null;
            this.cleanable = null;
        } else {
            this.pool = new Pool(base, threads);
            this.cleanable = CLEANER.register(this, pool::close);
        }
    }

    /**
     * The kernels that do the work.
     *
     * @return the kernels these split calls for, never themselves parallel kernels
     */
    public Kernels base() {
        return base;
    }

    /** The smallest m n k of a gemm that is split. */
    long gemmMin() {
        return gemmMin;
    }

    /**
     * The number of threads a large operation is split over, the calling thread included.
     *
     * @return at least 1
     */
    public int threads() {
        return threads;
    }

    /**
     * Stops the worker threads; every later call runs on the calling thread alone, with the same results.
     * Calls in progress finish first. Closing again does nothing.
     */
    @Override
    public void close() {
        if (cleanable != null) {
            cleanable.clean();
        }
    }

    @Override
    public String name() {
        return base.name();
    }

    /**
     * {@inheritDoc}
     *
     * @return the base kernels' description followed by the number of threads, such as
     *         "simd (FloatVector 256 bits, FMA) on 2 threads"
     */
    @Override
    public String description() {
        return base.description() + " on " + Words.count(threads, "thread");
    }

    @Override
    public int priority() {
        return base.priority();
    }

    @Override
    public String unavailableReason() {
        return base.unavailableReason();
    }

    @Override
    public float dot(int n, float[] x, int xOff, float[] y, int yOff) {
        // A reduction: splitting it would change the order of the additions.
        return base.dot(n, x, xOff, y, yOff);
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        if (n >= ELEMENTWISE_MIN && run(Op.AXPY, n, alpha, x, xOff, y, yOff)) {
            return;
        }
        base.axpy(n, alpha, x, xOff, y, yOff);
    }

    @Override
    public void scal(int n, float alpha, float[] x, int xOff) {
        if (n >= ELEMENTWISE_MIN && run(Op.SCAL, n, alpha, x, xOff, x, xOff)) {
            return;
        }
        base.scal(n, alpha, x, xOff);
    }

    @Override
    public void gemv(int m, int n, float alpha, float[] a, int aOff, int lda, float[] x, int xOff,
                     float beta, float[] y, int yOff) {
        if ((long) m * n >= LEVEL2_MIN && pool != null && m >= 2 * ROWS_ALIGN) {
            KernelChecks.gemv(m, n, a, aOff, lda, x, xOff, y, yOff);
            Pool p = pool;
            if (p.acquire()) {
                p.level2(Op.GEMV, m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff, m, ROWS_ALIGN);
                return;
            }
        }
        base.gemv(m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
    }

    @Override
    public void gemvT(int m, int n, float alpha, float[] a, int aOff, int lda, float[] x, int xOff,
                      float beta, float[] y, int yOff) {
        if ((long) m * n >= LEVEL2_MIN && pool != null && n >= 2 * ELEMENT_ALIGN) {
            KernelChecks.gemvT(m, n, a, aOff, lda, x, xOff, y, yOff);
            Pool p = pool;
            if (p.acquire()) {
                p.level2(Op.GEMVT, m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff, n, ELEMENT_ALIGN);
                return;
            }
        }
        base.gemvT(m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
    }

    @Override
    public void ger(int m, int n, float alpha, float[] x, int xOff, float[] y, int yOff, float[] a, int aOff, int lda) {
        if ((long) m * n >= LEVEL2_MIN && pool != null && m >= 2 * ROWS_ALIGN) {
            KernelChecks.gemvT(m, n, a, aOff, lda, x, xOff, y, yOff);
            Pool p = pool;
            if (p.acquire()) {
                // Stored as gemv's arguments: A is the matrix, x the column vector, y the row vector.
                p.level2(Op.GER, m, n, alpha, a, aOff, lda, x, xOff, 0f, y, yOff, m, ROWS_ALIGN);
                return;
            }
        }
        base.ger(m, n, alpha, x, xOff, y, yOff, a, aOff, lda);
    }

    /** Not split: it serves one sample through one layer, a few microseconds of work. */
    @Override
    public void sparseGemvT(int m, int n, float[] a, int aOff, int lda, float[] x, int xOff, float[] y, int yOff) {
        base.sparseGemvT(m, n, a, aOff, lda, x, xOff, y, yOff);
    }

    /** Not split, like {@link #sparseGemvT}. */
    @Override
    public void sparseGer(int m, int n, float alpha, float[] x, int xOff, float[] y, int yOff, float[] a, int aOff,
                          int lda) {
        base.sparseGer(m, n, alpha, x, xOff, y, yOff, a, aOff, lda);
    }

    /** Not split, like {@link #sparseGer}. */
    @Override
    public void sparseMomentumGer(int m, int n, float mu, float eta, float[] x, int xOff, float[] d, int dOff,
                                  float[] v, int vOff, float[] a, int aOff, int lda) {
        base.sparseMomentumGer(m, n, mu, eta, x, xOff, d, dOff, v, vOff, a, aOff, lda);
    }

    /** Not split, like {@link #sparseGemvT}. */
    @Override
    public void sparseMomentumGerGemvT(int m, int n, float mu, float eta, float[] u, int uOff, float[] d, int dOff,
                                       float[] s, float[] c, int sOff, float[] v, int vOff, float[] a, int aOff,
                                       int lda, float[] x, int xOff, float[] y, int yOff) {
        base.sparseMomentumGerGemvT(m, n, mu, eta, u, uOff, d, dOff, s, c, sOff, v, vOff, a, aOff, lda, x, xOff, y,
                yOff);
    }

    /** Not split, like {@link #sparseGemvT}. */
    @Override
    public void sparseGerGemvT(int m, int n, float alpha, float[] u, int uOff, float[] d, int dOff,
                               float[] a, int aOff, int lda, float[] x, int xOff, float[] y, int yOff) {
        base.sparseGerGemvT(m, n, alpha, u, uOff, d, dOff, a, aOff, lda, x, xOff, y, yOff);
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        if (pool != null && (long) m * n * k >= gemmMin) {
            int cut = gemmCut(m, n, threads);
            if (cut != UNCUT) {
                KernelChecks.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
                Pool p = pool;
                if (p.acquire()) {
                    p.gemm(cut == BY_ROWS, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff,
                            ldc);
                    return;
                }
            }
        }
        base.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** The base kernels' blocks: a product cut by rows or columns keeps k whole, so each block sums as one call. */
    @Override
    public int gemmBlockDepth(int k) {
        return base.gemmBlockDepth(k);
    }

    /** {@link #gemmCut}: a product cut into blocks of C's rows, of its columns, or not cut. */
    private static final int BY_ROWS = 0;
    private static final int BY_COLUMNS = 1;
    private static final int UNCUT = 2;

    /**
     * How a product with C of m x n is cut over {@code parts} threads: {@link #BY_ROWS}, {@link #BY_COLUMNS}
     * or {@link #UNCUT}.
     */
    private static int gemmCut(int m, int n, int parts) {
        int rowUnits = ceilDiv(m, GEMM_ROW_ALIGN);
        int colUnits = ceilDiv(n, GEMM_COL_ALIGN);
        // A block of rows packs all of B again, a block of columns all of A: cut the side that repeats the
        // smaller packing, as long as it has a block for every thread.
        if (rowUnits >= parts && (m >= n || colUnits < parts)) {
            return BY_ROWS;
        }
        return colUnits >= parts ? BY_COLUMNS : UNCUT;
    }

    /**
     * Block {@code part} of a gemm cut into {@code parts} blocks as {@link #gemm} cuts it over that many threads,
     * computed by {@code kernels}: the values a call on the whole product computes in that block, when the
     * kernels are this project's. A product too small to cut is part 0's alone. For work that runs on each
     * thread of a {@link #split} anyway, where a product of its own would cost another hand-off.
     */
    static void gemmPart(Kernels kernels, int part, int parts, boolean transA, boolean transB, int m, int n, int k,
                         float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                         float beta, float[] c, int cOff, int ldc) {
        int cut = gemmCut(m, n, parts);
        if (cut == UNCUT) {
            if (part == 0) {
                kernels.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            }
            return;
        }
        boolean byRows = cut == BY_ROWS;
        int extent = byRows ? m : n;
        int align = byRows ? GEMM_ROW_ALIGN : GEMM_COL_ALIGN;
        gemmBlock(kernels, byRows, bound(extent, align, part, parts), bound(extent, align, part + 1, parts),
                transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** The rows (or columns) {@code lo} to {@code hi - 1} of C of a gemm, on {@code kernels}. */
    private static void gemmBlock(Kernels kernels, boolean byRows, int lo, int hi, boolean transA, boolean transB,
                                  int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                                  float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        int len = hi - lo;
        if (len <= 0) {
            return;
        }
        if (byRows) {
            kernels.gemm(transA, transB, len, n, k, alpha, a, transA ? aOff + lo : aOff + lo * lda, lda,
                    b, bOff, ldb, beta, c, cOff + lo * ldc, ldc);
        } else {
            kernels.gemm(transA, transB, m, len, k, alpha, a, aOff, lda,
                    b, transB ? bOff + lo * ldb : bOff + lo, ldb, beta, c, cOff + lo, ldc);
        }
    }

    /**
     * Start of block {@code p} of {@code parts} of 0 to {@code extent}: whole multiples of align, as even as
     * they come.
     */
    static int bound(int extent, int align, int p, int parts) {
        if (p >= parts) {
            return extent;
        }
        int units = (extent + align - 1) / align;
        return Math.min(extent, (int) ((long) units * p / parts) * align);
    }

    @Override
    public void sigmoid(int n, float[] x, int xOff, float[] y, int yOff) {
        if (n >= TRANSCENDENTAL_MIN && run(Op.SIGMOID, n, 0f, x, xOff, y, yOff)) {
            return;
        }
        base.sigmoid(n, x, xOff, y, yOff);
    }

    @Override
    public void tanh(int n, float[] x, int xOff, float[] y, int yOff) {
        if (n >= TRANSCENDENTAL_MIN && run(Op.TANH, n, 0f, x, xOff, y, yOff)) {
            return;
        }
        base.tanh(n, x, xOff, y, yOff);
    }

    @Override
    public void relu(int n, float[] x, int xOff, float[] y, int yOff) {
        if (n >= ELEMENTWISE_MIN && run(Op.RELU, n, 0f, x, xOff, y, yOff)) {
            return;
        }
        base.relu(n, x, xOff, y, yOff);
    }

    @Override
    public void softmax(int n, float[] x, int xOff, float[] y, int yOff) {
        // One row, a reduction over it: never split.
        base.softmax(n, x, xOff, y, yOff);
    }

    @Override
    public void sigmoidBackward(int n, float[] y, int yOff, float[] g, int gOff) {
        if (n >= ELEMENTWISE_MIN && run(Op.SIGMOID_BACKWARD, n, 0f, y, yOff, g, gOff)) {
            return;
        }
        base.sigmoidBackward(n, y, yOff, g, gOff);
    }

    @Override
    public void tanhBackward(int n, float[] y, int yOff, float[] g, int gOff) {
        if (n >= ELEMENTWISE_MIN && run(Op.TANH_BACKWARD, n, 0f, y, yOff, g, gOff)) {
            return;
        }
        base.tanhBackward(n, y, yOff, g, gOff);
    }

    @Override
    public void reluBackward(int n, float[] y, int yOff, float[] g, int gOff) {
        if (n >= ELEMENTWISE_MIN && run(Op.RELU_BACKWARD, n, 0f, y, yOff, g, gOff)) {
            return;
        }
        base.reluBackward(n, y, yOff, g, gOff);
    }

    @Override
    public String toString() {
        return description();
    }

    /** Work over a range of indices that any thread may do any part of, for {@link #split}. */
    interface RangeTask {
        /**
         * Does the work of indices {@code from} (inclusive) to {@code to} (exclusive), block {@code part} of
         * the split: no two threads run the same part of one split at once.
         *
         * @param base the kernels to compute with: the base kernels, which split nothing further
         * @param part the block's number, from 0 to one less than {@link #threads()}
         */
        void run(Kernels base, int part, int from, int to);
    }

    /**
     * Runs {@code task} over 0 to {@code extent} in as many contiguous blocks as there are threads, cut on
     * multiples of {@code align} as the other operations are, the calling thread taking blocks too.
     *
     * @return false, having run nothing, when there is one thread, the workers are busy or closed, or the
     *         extent has fewer than two blocks of {@code align}: the caller then does the work its own way
     */
    boolean split(int extent, int align, RangeTask task) {
        Pool p = pool;
        if (p == null || extent < 2 * align || !p.acquire()) {
            return false;
        }
        p.task(extent, align, task);
        return true;
    }

    /**
     * {@link #split} of {@code first} over 0 to {@code extent1}, then of {@code second} over 0 to
     * {@code extent2}, the workers held for both, so that no other caller takes them in between and the second
     * is split whenever the first was. When the first fails, its failure is thrown and the second does not run.
     *
     * @return false, having run nothing, when either would not be split
     */
    boolean split(int extent1, int align1, RangeTask first, int extent2, int align2, RangeTask second) {
        Pool p = pool;
        if (p == null || extent1 < 2 * align1 || extent2 < 2 * align2 || !p.acquire()) {
            return false;
        }
        boolean firstDone = false;
        try {
            p.task(extent1, align1, first, false);
            firstDone = true;
        } finally {
            if (!firstDone) {
                p.release();
            }
        }
        p.task(extent2, align2, second);
        return true;
    }

    /** Splits an element-wise operation; false when the workers are busy or closed (the caller runs it alone). */
    private boolean run(Op op, int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        Pool p = pool;
        if (p == null || n < 2 * ELEMENT_ALIGN) {
            return false;
        }
        // Before the workers are taken: a call that throws here must leave them free.
        KernelChecks.vectors(n, x, xOff, y, yOff);
        if (!p.acquire()) {
            return false;
        }
        p.elementwise(op, n, alpha, x, xOff, y, yOff);
        return true;
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    /** The operations a pool hands to its workers. */
    private enum Op { TASK, GEMM, GEMV, GEMVT, GER, AXPY, SCAL, SIGMOID, TANH, RELU, SIGMOID_BACKWARD, TANH_BACKWARD, RELU_BACKWARD }

    /**
     * The workers and the one job they share. It refers to no {@link ParallelKernels}, so that those can
     * become unreachable and be cleaned while the workers wait.
     */
    private static final class Pool {
        /**
         * How long an idle worker, or a caller waiting for its workers, spins before it parks, when there are
         * no more threads than processors.
         */
        private static final long SPIN_NANOS = 200_000;
        /** The generation bits kept in {@link #claims}. */
        private static final long GENERATION_MASK = (1L << 48) - 1;

        private final Kernels base;
        private final int parts;
        /**
         * {@link #SPIN_NANOS}, or 0 when there are more threads than processors: a spinning thread would then
         * hold a processor that a thread with work is waiting for.
         */
        private final long spinNanos;
        private final Worker[] workers;
        private final AtomicBoolean busy = new AtomicBoolean();
        /** Parts of the current job finished, by whichever thread. */
        private final AtomicInteger done = new AtomicInteger();
        /** The current job's generation (high bits) and its next unclaimed part (low 16 bits). */
        private final AtomicLong claims = new AtomicLong();
        private volatile long generation;
        private volatile boolean closed;
        private volatile Thread caller;
        private volatile boolean callerParked;
        /** What the lowest failed part of the current job threw, and that part (guarded by this). */
        private Throwable failure;
        private int failedPart = Integer.MAX_VALUE;

        // The job: written by the caller that holds busy before it bumps generation, read by the workers
        // after they see the new generation (the volatile write and read order them).
        private Op op;
        private boolean byRows;
        private boolean transA;
        private boolean transB;
        private int m;
        private int n;
        private int k;
        private float alpha;
        private float beta;
        private float[] a;
        private int aOff;
        private int lda;
        private float[] b;
        private int bOff;
        private int ldb;
        private float[] c;
        private int cOff;
        private int ldc;
        private int extent;
        private int align;
        private RangeTask task;

        Pool(Kernels base, int threads) {
            this.base = base;
            this.parts = threads;
            this.spinNanos = threads <= Runtime.getRuntime().availableProcessors() ? SPIN_NANOS : 0;
            this.workers = new Worker[threads - 1];
            for (int w = 0; w < workers.length; w++) {
                workers[w] = new Worker(this, w + 1);
            }
            for (Worker w : workers) {
                w.thread.start();
            }
        }

        /** Takes the workers for one call; false when another call has them or they were stopped. */
        boolean acquire() {
            return !closed && busy.compareAndSet(false, true);
        }

        void gemm(boolean byRows, boolean transA, boolean transB, int m, int n, int k, float alpha,
                  float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                  float beta, float[] c, int cOff, int ldc) {
            this.op = Op.GEMM;
            this.byRows = byRows;
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            this.alpha = alpha;
            this.beta = beta;
            this.a = a;
            this.aOff = aOff;
            this.lda = lda;
            this.b = b;
            this.bOff = bOff;
            this.ldb = ldb;
            this.c = c;
            this.cOff = cOff;
            this.ldc = ldc;
            this.extent = byRows ? m : n;
            this.align = byRows ? GEMM_ROW_ALIGN : GEMM_COL_ALIGN;
            execute();
        }

        /** gemv, gemvT, ger: A in a, x in b, y in c. */
        void level2(Op op, int m, int n, float alpha, float[] a, int aOff, int lda, float[] x, int xOff,
                    float beta, float[] y, int yOff, int extent, int align) {
            this.op = op;
            this.m = m;
            this.n = n;
            this.alpha = alpha;
            this.beta = beta;
            this.a = a;
            this.aOff = aOff;
            this.lda = lda;
            this.b = x;
            this.bOff = xOff;
            this.c = y;
            this.cOff = yOff;
            this.extent = extent;
            this.align = align;
            execute();
        }

        /** Element-wise: the first operand in a, the second (the one written) in c. */
        void elementwise(Op op, int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
            this.op = op;
            this.n = n;
            this.alpha = alpha;
            this.a = x;
            this.aOff = xOff;
            this.c = y;
            this.cOff = yOff;
            this.extent = n;
            this.align = ELEMENT_ALIGN;
            execute();
        }

        void task(int extent, int align, RangeTask task) {
            task(extent, align, task, true);
        }

        /** A task; with {@code release} false the caller keeps the workers afterwards, for another call. */
        void task(int extent, int align, RangeTask task, boolean release) {
            this.op = Op.TASK;
            this.task = task;
            this.extent = extent;
            this.align = align;
            execute(release);
        }

        /** Gives the workers back after a task that kept them. */
        void release() {
            busy.set(false);
        }

        private void execute() {
            execute(true);
        }

        /**
         * Offers the job's parts to the workers, computes parts itself until none is left, waits for the rest;
         * then gives the workers back when {@code release}.
         */
        private void execute(boolean release) {
            Throwable thrown;
            try {
                caller = Thread.currentThread();
                long g = generation + 1;
                done.set(0);
                // Part 0 is the caller's; the workers claim from part 1.
                claims.set(g << 16 | 1);
                generation = g;
                for (Worker w : workers) {
                    if (w.parked) {
                        LockSupport.unpark(w.thread);
                    }
                }
                // The caller computes part 0 first, so that while the workers keep up each thread takes the
                // same part of every job (a training step's phases then find their rows and weights in the
                // cache of the core that used them last); then it claims parts like a worker: when a worker
                // is slow to wake (or the machine has no free core for it), the caller does its part too,
                // instead of waiting for it.
                for (int part = 0; part >= 0; part = claim(g)) {
                    Throwable failed = null;
                    try {
                        runPart(part);
                    } catch (Throwable t) {
                        failed = t;
                    }
                    partDone(part, failed);
                }
                awaitWorkers();
            } finally {
                thrown = failure;
                failure = null;
                failedPart = Integer.MAX_VALUE;
                a = null;
                b = null;
                c = null;
                task = null;
                caller = null;
                if (release) {
                    busy.set(false);
                }
            }
            if (thrown instanceof RuntimeException e) {
                throw e;
            }
            if (thrown instanceof Error e) {
                throw e;
            }
            if (thrown != null) {
                throw new IllegalStateException(thrown);
            }
        }

        private void awaitWorkers() {
            if (done.get() == parts) {
                return;
            }
            long start = System.nanoTime();
            int spins = 0;
            while (done.get() != parts) {
                if ((++spins & 63) != 0 || System.nanoTime() - start < spinNanos) {
                    Thread.onSpinWait();
                } else {
                    callerParked = true;
                    if (done.get() != parts) {
                        LockSupport.park(this);
                    }
                    callerParked = false;
                }
            }
        }

        /**
         * The next part of job {@code g} to compute, or -1 when all are taken or job {@code g} is over (a
         * worker that wakes late must not take a part of a later job).
         */
        int claim(long g) {
            while (true) {
                long c = claims.get();
                int next = (int) (c & 0xFFFF);
                if (c >>> 16 != (g & GENERATION_MASK) || next >= parts) {
                    return -1;
                }
                if (claims.compareAndSet(c, c + 1)) {
                    return next;
                }
            }
        }

        /**
         * Called by each thread when it has finished a part, with what the part threw (or null): of several
         * failed parts, the first part's failure is kept, whichever thread ran it and whenever.
         */
        void partDone(int part, Throwable t) {
            if (t != null) {
                synchronized (this) {
                    if (part < failedPart) {
                        failure = t;
                        failedPart = part;
                    }
                }
            }
            if (done.incrementAndGet() == parts && callerParked) {
                LockSupport.unpark(caller);
            }
        }

        void runPart(int part) {
            int lo = bound(extent, align, part, parts);
            int hi = bound(extent, align, part + 1, parts);
            int len = hi - lo;
            if (len <= 0) {
                return;
            }
            switch (op) {
                case TASK -> task.run(base, part, lo, hi);
                case GEMM -> gemmBlock(base, byRows, lo, hi, transA, transB, m, n, k, alpha, a, aOff, lda,
                        b, bOff, ldb, beta, c, cOff, ldc);
                case GEMV -> base.gemv(len, n, alpha, a, aOff + lo * lda, lda, b, bOff, beta, c, cOff + lo);
                case GEMVT -> base.gemvT(m, len, alpha, a, aOff + lo, lda, b, bOff, beta, c, cOff + lo);
                case GER -> base.ger(len, n, alpha, b, bOff + lo, c, cOff, a, aOff + lo * lda, lda);
                case AXPY -> base.axpy(len, alpha, a, aOff + lo, c, cOff + lo);
                case SCAL -> base.scal(len, alpha, c, cOff + lo);
                case SIGMOID -> base.sigmoid(len, a, aOff + lo, c, cOff + lo);
                case TANH -> base.tanh(len, a, aOff + lo, c, cOff + lo);
                case RELU -> base.relu(len, a, aOff + lo, c, cOff + lo);
                case SIGMOID_BACKWARD -> base.sigmoidBackward(len, a, aOff + lo, c, cOff + lo);
                case TANH_BACKWARD -> base.tanhBackward(len, a, aOff + lo, c, cOff + lo);
                case RELU_BACKWARD -> base.reluBackward(len, a, aOff + lo, c, cOff + lo);
            }
        }

        /** Stops the workers once a call in progress has finished; the pool then stays taken for good. */
        void close() {
            closed = true;
            while (!busy.compareAndSet(false, true)) {
                Thread.yield();
            }
            for (Worker w : workers) {
                LockSupport.unpark(w.thread);
            }
        }
    }

    /** One worker thread: waits for a new generation, computes parts of it while any is left. */
    private static final class Worker implements Runnable {
        private final Pool pool;
        final Thread thread;
        volatile boolean parked;

        Worker(Pool pool, int number) {
            this.pool = pool;
            this.thread = new Thread(this, "vecprop-kernels-" + number);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            // Generation 0 is the pool's before any call: a call made before this thread first ran must
            // not be taken for the current state.
            long seen = 0;
            while (true) {
                long start = System.nanoTime();
                int spins = 0;
                long g;
                while ((g = pool.generation) == seen) {
                    if (pool.closed) {
                        return;
                    }
                    if ((++spins & 63) != 0) {
                        Thread.onSpinWait();
                    } else if (System.nanoTime() - start < pool.spinNanos) {
                        Thread.yield();
                    } else {
                        parked = true;
                        if (pool.generation == seen && !pool.closed) {
                            LockSupport.park(pool);
                        }
                        parked = false;
                    }
                }
                seen = g;
                for (int p; (p = pool.claim(g)) >= 0; ) {
                    Throwable failed = null;
                    try {
                        pool.runPart(p);
                    } catch (Throwable t) {
                        failed = t;
                    }
                    pool.partDone(p, failed);
                }
            }
        }
    }
}
