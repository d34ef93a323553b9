package dev.vecprop.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The level-1 and level-2 kernels and the activations, on {@link Lanes#F}. Arguments were checked by
 * {@link SimdKernels}; loops run unmasked over whole vectors and finish with a scalar tail (masks cost nothing
 * on AVX2 for floats but buy nothing either, notes/vector-api.md A2).
 *
 * <p>Every multiply-add is a vector fma, called directly: an earlier helper that chose between fma and
 * multiply-then-add by a constant flag cost C2 inlining budget, and in one of three JVMs the eight-row
 * gemv inside a training step then boxed a vector per iteration (6 KB per call in {@code -prof gc}).
 * Every x86 CPU with AVX2 and every aarch64 one has fma.
 *
 * <p>Dot-like loops keep several accumulators, because one fma waits about four cycles for the previous
 * one: four independent chains measured 1.9x one on this kind of machine (vector-api.md A3). The lanes
 * are reduced once, after the loop (A4).
 */
final class VectorKernels {

    private static final VectorSpecies<Float> F = Lanes.F;
    private static final int L = Lanes.L;

    private VectorKernels() {
    }

    static float dot(int n, float[] x, int xOff, float[] y, int yOff) {
        int i = 0;
        float s = 0f;
        if (n >= L) {
            FloatVector s0 = FloatVector.zero(F);
            FloatVector s1 = FloatVector.zero(F);
            FloatVector s2 = FloatVector.zero(F);
            FloatVector s3 = FloatVector.zero(F);
            int ub4 = n - n % (4 * L);
            for (; i < ub4; i += 4 * L) {
                s0 = FloatVector.fromArray(F, x, xOff + i).fma(FloatVector.fromArray(F, y, yOff + i), s0);
                s1 = FloatVector.fromArray(F, x, xOff + i + L).fma(FloatVector.fromArray(F, y, yOff + i + L), s1);
                s2 = FloatVector.fromArray(F, x, xOff + i + 2 * L).fma(FloatVector.fromArray(F, y, yOff + i + 2 * L), s2);
                s3 = FloatVector.fromArray(F, x, xOff + i + 3 * L).fma(FloatVector.fromArray(F, y, yOff + i + 3 * L), s3);
            }
            int ub = F.loopBound(n);
            for (; i < ub; i += L) {
                s0 = FloatVector.fromArray(F, x, xOff + i).fma(FloatVector.fromArray(F, y, yOff + i), s0);
            }
            s = VectorMath.sum(s0.add(s1).add(s2.add(s3)));
        }
        for (; i < n; i++) {
            s += x[xOff + i] * y[yOff + i];
        }
        return s;
    }

    static void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        int i = 0;
        FloatVector va = FloatVector.broadcast(F, alpha);
        int ub = F.loopBound(n);
        for (; i < ub; i += L) {
            va.fma(FloatVector.fromArray(F, x, xOff + i), FloatVector.fromArray(F, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    static void scal(int n, float alpha, float[] x, int xOff) {
        int i = 0;
        int ub = F.loopBound(n);
        for (; i < ub; i += L) {
            FloatVector.fromArray(F, x, xOff + i).mul(alpha).intoArray(x, xOff + i);
        }
        for (; i < n; i++) {
            x[xOff + i] *= alpha;
        }
    }

    /** y = beta * y, with beta == 0 clearing y without reading it (BLAS convention). */
    static void scaleOrClear(int n, float beta, float[] y, int yOff) {
        if (beta == 0f) {
            java.util.Arrays.fill(y, yOff, yOff + n, 0f);
        } else if (beta != 1f) {
            scal(n, beta, y, yOff);
        }
    }

    /**
     * Room for eight vectors per thread: gemv's eight row sums are stored here and added up lane by lane
     * in scalar code, in one fixed order. A vector lane sum (reduceLanes, or {@link VectorMath#sum} when
     * C2 declines to inline it into a method this large) would box its vector or depend on the JIT tier.
     */
    private static final ThreadLocal<float[]> LANES_OF_8 = ThreadLocal.withInitial(() -> new float[8 * L]);

    /** t[off] + t[off + 1] + ... + t[off + L - 1], in that order. */
    private static float laneSum(float[] t, int off) {
        float s = t[off];
        for (int l = 1; l < L; l++) {
            s += t[off + l];
        }
        return s;
    }

    /*
     * The eight sums of gemv's eight-row pass, added across lanes in registers at 8 lanes: lane i with
     * lane i ^ 4, then i ^ 2, then i ^ 1, the order of VectorMath.sum, with blends that gather two rows'
     * partial sums into one vector at each level, and a last shuffle that puts row k's sum in lane k.
     */
    private static final boolean SUMS8 = L == 8;
    /** The sums at 16 lanes: see below. */
    private static final boolean SUMS16 = L == 16;
    private static final VectorShuffle<Float> SWAP4 = SUMS8 || SUMS16 ? Lanes.swap(4) : null;
    private static final VectorShuffle<Float> SWAP2 = SUMS8 || SUMS16 ? Lanes.swap(2) : null;
    private static final VectorShuffle<Float> SWAP1 = SUMS8 || SUMS16 ? Lanes.swap(1) : null;
    private static final VectorMask<Float> BIT4 = SUMS8 || SUMS16 ? Lanes.bit(4) : null;
    private static final VectorMask<Float> BIT2 = SUMS8 || SUMS16 ? Lanes.bit(2) : null;
    private static final VectorMask<Float> BIT1 = SUMS8 ? Lanes.bit(1) : null;
    /** From lanes [S0, S4, S2, S6, S1, S5, S3, S7] to S0 ... S7. */
    private static final VectorShuffle<Float> ROWS = SUMS8 ? VectorShuffle.fromValues(F, 0, 4, 2, 6, 1, 5, 3, 7) : null;

    /*
     * The same at 16 lanes, one level more: lane i with lane i ^ 8 first (VectorMath.sum's order at 16
     * lanes), which puts two rows in one vector, then i ^ 4, i ^ 2 and i ^ 1 as above; the eight sums end in
     * the even lanes and are gathered into lanes 0 to 7, and y is written through a mask of those lanes.
     */
    private static final VectorShuffle<Float> SWAP8 = SUMS16 ? Lanes.swap(8) : null;
    private static final VectorMask<Float> BIT8 = SUMS16 ? Lanes.bit(8) : null;
    /** Row k's sum is in lane 2 * (k's bits reversed): lanes 0, 8, 4, 12, 2, 10, 6, 14 hold rows 0 to 7. */
    private static final VectorShuffle<Float> ROWS16 = SUMS16
            ? VectorShuffle.fromValues(F, 0, 8, 4, 12, 2, 10, 6, 14, 0, 8, 4, 12, 2, 10, 6, 14) : null;
    private static final VectorMask<Float> LOW8 = SUMS16 ? F.indexInRange(0, 8) : null;

    /**
     * y = alpha A x + beta y: eight rows at a time, so that each vector of x, loaded once, feeds eight
     * independent fma chains (one per row, enough to cover the fma latency). A is read once, so at the
     * shapes of a network layer (128 x 784 = 392 KiB, in L2) this is bound by L2 bandwidth, not by the
     * fma units. Measured against four rows with two vectors per step (the same eight chains): eight rows
     * load x half as often and were 10 to 30% faster. At 8 or 16 lanes with rows of whole vectors, the
     * eight sums are added across lanes in registers and y is written as one vector (half of one at 16);
     * stored and summed lane by lane instead, that was a third of the time at 784 x 128, where rows are
     * short, and gemv there measured 0.89x VectorBLAS (docs/benchmarks.md, PairedBench). At 16 lanes (an
     * AVX-512 Xeon) the same in registers took 784 x 128 from 7.6 to 7.9 µs down to 5.3, level with
     * VectorBLAS, and 128 x 784 from 4.6 to 4.1 µs (Level2Bench, the two builds alternated). Tried and
     * dropped: each half of the eight rows with two accumulators per row (two vectors per step, x loaded
     * twice as often), 0.69x to 0.73x. Also dropped: for rows of eight vectors at 16 lanes, x held in eight
     * registers for the whole matrix and each row read from start to end (the same sums in the same order).
     * Alone it took 784 x 128 from 5.9 to 5.2 µs on a Zen 4 (Level2Bench), but inside a training step (an
     * output layer of 10 x 128) C2 did not keep its vectors in registers: 18.5 KB allocated per batch-1 step,
     * all in that path (JFR), and the step from 8.6-10.8 µs to 12.8-15.0 µs (TrainingStepBench,
     * alternated; docs/benchmarks.md, "gemv at 784 x 128"). Written out, the path is some 170 Vector API
     * calls in one method, against about 50 in this one.
     */
    static void gemv(int m, int n, float alpha, float[] a, int aOff, int lda, float[] x, int xOff,
                     float beta, float[] y, int yOff) {
        int i = 0;
        int ub = F.loopBound(n);
        // At 8 or 16 lanes with rows of whole vectors the eight sums are added across lanes in registers;
        // otherwise through a per-thread scratch array, lane by lane.
        boolean inRegisters = (SUMS8 || SUMS16) && ub == n;
        float[] t = m >= 8 && !inRegisters ? LANES_OF_8.get() : null;
        for (; i + 8 <= m; i += 8) {
            int r0 = aOff + i * lda;
            int r1 = r0 + lda;
            int r2 = r1 + lda;
            int r3 = r2 + lda;
            int r4 = r3 + lda;
            int r5 = r4 + lda;
            int r6 = r5 + lda;
            int r7 = r6 + lda;
            FloatVector s0 = FloatVector.zero(F);
            FloatVector s1 = FloatVector.zero(F);
            FloatVector s2 = FloatVector.zero(F);
            FloatVector s3 = FloatVector.zero(F);
            FloatVector s4 = FloatVector.zero(F);
            FloatVector s5 = FloatVector.zero(F);
            FloatVector s6 = FloatVector.zero(F);
            FloatVector s7 = FloatVector.zero(F);
            int j = 0;
            for (; j < ub; j += L) {
                FloatVector xv = FloatVector.fromArray(F, x, xOff + j);
                s0 = FloatVector.fromArray(F, a, r0 + j).fma(xv, s0);
                s1 = FloatVector.fromArray(F, a, r1 + j).fma(xv, s1);
                s2 = FloatVector.fromArray(F, a, r2 + j).fma(xv, s2);
                s3 = FloatVector.fromArray(F, a, r3 + j).fma(xv, s3);
                s4 = FloatVector.fromArray(F, a, r4 + j).fma(xv, s4);
                s5 = FloatVector.fromArray(F, a, r5 + j).fma(xv, s5);
                s6 = FloatVector.fromArray(F, a, r6 + j).fma(xv, s6);
                s7 = FloatVector.fromArray(F, a, r7 + j).fma(xv, s7);
            }
            if (inRegisters && SUMS16) {
                // Lane i plus lane i ^ 8: rows p and q in lanes 0-7 and 8-15 of one vector.
                FloatVector e01 = s0.add(s0.rearrange(SWAP8)).blend(s1.add(s1.rearrange(SWAP8)), BIT8);
                FloatVector e23 = s2.add(s2.rearrange(SWAP8)).blend(s3.add(s3.rearrange(SWAP8)), BIT8);
                FloatVector e45 = s4.add(s4.rearrange(SWAP8)).blend(s5.add(s5.rearrange(SWAP8)), BIT8);
                FloatVector e67 = s6.add(s6.rearrange(SWAP8)).blend(s7.add(s7.rearrange(SWAP8)), BIT8);
                // Then i ^ 4, four rows per vector, and i ^ 2, all eight.
                FloatVector f0 = e01.add(e01.rearrange(SWAP4)).blend(e23.add(e23.rearrange(SWAP4)), BIT4);
                FloatVector f1 = e45.add(e45.rearrange(SWAP4)).blend(e67.add(e67.rearrange(SWAP4)), BIT4);
                FloatVector g = f0.add(f0.rearrange(SWAP2)).blend(f1.add(f1.rearrange(SWAP2)), BIT2);
                // Then i ^ 1: each sum is in both lanes of a pair; the even ones go to lanes 0 to 7.
                FloatVector d = g.add(g.rearrange(SWAP1)).rearrange(ROWS16);
                FloatVector out = d.mul(alpha);
                if (beta != 0f) {
                    out = out.add(FloatVector.fromArray(F, y, yOff + i, LOW8).mul(beta));
                }
                out.intoArray(y, yOff + i, LOW8);
                continue;
            }
            if (inRegisters) {
                // Lane i plus lane i ^ 4 in every row; two rows per vector: row p in lanes 0-3, q in 4-7.
                FloatVector h01 = s0.add(s0.rearrange(SWAP4)).blend(s1.add(s1.rearrange(SWAP4)), BIT4);
                FloatVector h23 = s2.add(s2.rearrange(SWAP4)).blend(s3.add(s3.rearrange(SWAP4)), BIT4);
                FloatVector h45 = s4.add(s4.rearrange(SWAP4)).blend(s5.add(s5.rearrange(SWAP4)), BIT4);
                FloatVector h67 = s6.add(s6.rearrange(SWAP4)).blend(s7.add(s7.rearrange(SWAP4)), BIT4);
                // Then i ^ 2: [0 0 2 2 1 1 3 3] (rows, two lanes each) and [4 4 6 6 5 5 7 7].
                FloatVector q0 = h01.add(h01.rearrange(SWAP2)).blend(h23.add(h23.rearrange(SWAP2)), BIT2);
                FloatVector q1 = h45.add(h45.rearrange(SWAP2)).blend(h67.add(h67.rearrange(SWAP2)), BIT2);
                // Then i ^ 1: [0 4 2 6 1 5 3 7], put in row order.
                FloatVector d = q0.add(q0.rearrange(SWAP1)).blend(q1.add(q1.rearrange(SWAP1)), BIT1).rearrange(ROWS);
                FloatVector out = d.mul(alpha);
                if (beta != 0f) {
                    out = out.add(FloatVector.fromArray(F, y, yOff + i).mul(beta));
                }
                out.intoArray(y, yOff + i);
                continue;
            }
            s0.intoArray(t, 0 * L);
            s1.intoArray(t, 1 * L);
            s2.intoArray(t, 2 * L);
            s3.intoArray(t, 3 * L);
            s4.intoArray(t, 4 * L);
            s5.intoArray(t, 5 * L);
            s6.intoArray(t, 6 * L);
            s7.intoArray(t, 7 * L);
            float d0 = laneSum(t, 0 * L);
            float d1 = laneSum(t, 1 * L);
            float d2 = laneSum(t, 2 * L);
            float d3 = laneSum(t, 3 * L);
            float d4 = laneSum(t, 4 * L);
            float d5 = laneSum(t, 5 * L);
            float d6 = laneSum(t, 6 * L);
            float d7 = laneSum(t, 7 * L);
            for (; j < n; j++) {
                float xj = x[xOff + j];
                d0 += a[r0 + j] * xj;
                d1 += a[r1 + j] * xj;
                d2 += a[r2 + j] * xj;
                d3 += a[r3 + j] * xj;
                d4 += a[r4 + j] * xj;
                d5 += a[r5 + j] * xj;
                d6 += a[r6 + j] * xj;
                d7 += a[r7 + j] * xj;
            }
            store(y, yOff + i, alpha, beta, d0);
            store(y, yOff + i + 1, alpha, beta, d1);
            store(y, yOff + i + 2, alpha, beta, d2);
            store(y, yOff + i + 3, alpha, beta, d3);
            store(y, yOff + i + 4, alpha, beta, d4);
            store(y, yOff + i + 5, alpha, beta, d5);
            store(y, yOff + i + 6, alpha, beta, d6);
            store(y, yOff + i + 7, alpha, beta, d7);
        }
        for (; i < m; i++) {
            store(y, yOff + i, alpha, beta, dot(n, a, aOff + i * lda, x, xOff));
        }
    }

    private static void store(float[] y, int i, float alpha, float beta, float d) {
        y[i] = beta == 0f ? alpha * d : alpha * d + beta * y[i];
    }

    /**
     * y = alpha A^T x + beta y, without walking A's columns: y += (alpha x_i) A[i,:] over contiguous rows,
     * eight rows per pass so that each vector of y is loaded and stored once per eight rows. The eight
     * products go into two chains (even and odd rows) that are added at the end, halving the dependent
     * fma latency per vector of y. Rows of at most {@link #GEMVT_ROW} floats apart take {@link #gemvTShort}
     * instead.
     */
    static void gemvT(int m, int n, float alpha, float[] a, int aOff, int lda, float[] x, int xOff,
                      float beta, float[] y, int yOff) {
        scaleOrClear(n, beta, y, yOff);
        if (lda <= GEMVT_ROW) {
            gemvTShort(m, n, alpha, a, aOff, lda, x, xOff, y, yOff);
            return;
        }
        int ub = F.loopBound(n);
        int i = 0;
        for (; i + 8 <= m; i += 8) {
            int r0 = aOff + i * lda;
            int r1 = r0 + lda;
            int r2 = r1 + lda;
            int r3 = r2 + lda;
            int r4 = r3 + lda;
            int r5 = r4 + lda;
            int r6 = r5 + lda;
            int r7 = r6 + lda;
            float c0 = alpha * x[xOff + i];
            float c1 = alpha * x[xOff + i + 1];
            float c2 = alpha * x[xOff + i + 2];
            float c3 = alpha * x[xOff + i + 3];
            float c4 = alpha * x[xOff + i + 4];
            float c5 = alpha * x[xOff + i + 5];
            float c6 = alpha * x[xOff + i + 6];
            float c7 = alpha * x[xOff + i + 7];
            FloatVector v0 = FloatVector.broadcast(F, c0);
            FloatVector v1 = FloatVector.broadcast(F, c1);
            FloatVector v2 = FloatVector.broadcast(F, c2);
            FloatVector v3 = FloatVector.broadcast(F, c3);
            FloatVector v4 = FloatVector.broadcast(F, c4);
            FloatVector v5 = FloatVector.broadcast(F, c5);
            FloatVector v6 = FloatVector.broadcast(F, c6);
            FloatVector v7 = FloatVector.broadcast(F, c7);
            int j = 0;
            for (; j < ub; j += L) {
                FloatVector p = v0.fma(FloatVector.fromArray(F, a, r0 + j), FloatVector.fromArray(F, y, yOff + j));
                FloatVector q = v1.mul(FloatVector.fromArray(F, a, r1 + j));
                p = v2.fma(FloatVector.fromArray(F, a, r2 + j), p);
                q = v3.fma(FloatVector.fromArray(F, a, r3 + j), q);
                p = v4.fma(FloatVector.fromArray(F, a, r4 + j), p);
                q = v5.fma(FloatVector.fromArray(F, a, r5 + j), q);
                p = v6.fma(FloatVector.fromArray(F, a, r6 + j), p);
                q = v7.fma(FloatVector.fromArray(F, a, r7 + j), q);
                p.add(q).intoArray(y, yOff + j);
            }
            for (; j < n; j++) {
                y[yOff + j] += c0 * a[r0 + j] + c1 * a[r1 + j] + c2 * a[r2 + j] + c3 * a[r3 + j]
                        + c4 * a[r4 + j] + c5 * a[r5 + j] + c6 * a[r6 + j] + c7 * a[r7 + j];
            }
        }
        for (; i < m; i++) {
            axpy(n, alpha * x[xOff + i], a, aOff + i * lda, y, yOff);
        }
    }

    /**
     * The longest row stride (lda) for which {@link #gemvT} keeps y in registers: 128 floats, a row of a
     * 128-unit layer (eight vectors at 16 lanes, sixteen at 8, as {@link #sparseGemvT} blocks them). The
     * choice is made by lda, not n, so that the blocks of y that parallel kernels give one thread each (the
     * same lda, fewer elements) take the path the whole product takes.
     */
    static final int GEMVT_ROW = 128;

    /**
     * y += (alpha x_i) A[i,:] for rows of at most {@link #GEMVT_ROW} floats, y held in registers in blocks of
     * 16, 8, 4 and 1 vectors, each block streaming over all the rows in order, as {@link #sparseGemvT} does: a
     * 128-float row is one block at 8 and 16 lanes, which then reads the rows whole (784 x 128 at
     * 16 lanes: 3.9 us against 4.8 for the passes of eight rows, in a probe outside the repository, the mean
     * over 16 placements of A; at 128 x 784, rows read in blocks of eight vectors took 5.0 us against 3.5, so
     * longer rows keep the passes). Each element of y is one chain of fma over the rows in order, in the
     * vectors and in the tail alike, so any split of y gives every element the same value.
     */
    private static void gemvTShort(int m, int n, float alpha, float[] a, int aOff, int lda, float[] x, int xOff,
                                   float[] y, int yOff) {
        int ub = F.loopBound(n);
        int j = 0;
        for (; j + 16 * L <= ub; j += 16 * L) {
            int c = yOff + j;
            FloatVector y0 = FloatVector.fromArray(F, y, c);
            FloatVector y1 = FloatVector.fromArray(F, y, c + L);
            FloatVector y2 = FloatVector.fromArray(F, y, c + 2 * L);
            FloatVector y3 = FloatVector.fromArray(F, y, c + 3 * L);
            FloatVector y4 = FloatVector.fromArray(F, y, c + 4 * L);
            FloatVector y5 = FloatVector.fromArray(F, y, c + 5 * L);
            FloatVector y6 = FloatVector.fromArray(F, y, c + 6 * L);
            FloatVector y7 = FloatVector.fromArray(F, y, c + 7 * L);
            FloatVector y8 = FloatVector.fromArray(F, y, c + 8 * L);
            FloatVector y9 = FloatVector.fromArray(F, y, c + 9 * L);
            FloatVector y10 = FloatVector.fromArray(F, y, c + 10 * L);
            FloatVector y11 = FloatVector.fromArray(F, y, c + 11 * L);
            FloatVector y12 = FloatVector.fromArray(F, y, c + 12 * L);
            FloatVector y13 = FloatVector.fromArray(F, y, c + 13 * L);
            FloatVector y14 = FloatVector.fromArray(F, y, c + 14 * L);
            FloatVector y15 = FloatVector.fromArray(F, y, c + 15 * L);
            for (int i = 0; i < m; i++) {
                int r = aOff + i * lda + j;
                FloatVector v = FloatVector.broadcast(F, alpha * x[xOff + i]);
                y0 = v.fma(FloatVector.fromArray(F, a, r), y0);
                y1 = v.fma(FloatVector.fromArray(F, a, r + L), y1);
                y2 = v.fma(FloatVector.fromArray(F, a, r + 2 * L), y2);
                y3 = v.fma(FloatVector.fromArray(F, a, r + 3 * L), y3);
                y4 = v.fma(FloatVector.fromArray(F, a, r + 4 * L), y4);
                y5 = v.fma(FloatVector.fromArray(F, a, r + 5 * L), y5);
                y6 = v.fma(FloatVector.fromArray(F, a, r + 6 * L), y6);
                y7 = v.fma(FloatVector.fromArray(F, a, r + 7 * L), y7);
                y8 = v.fma(FloatVector.fromArray(F, a, r + 8 * L), y8);
                y9 = v.fma(FloatVector.fromArray(F, a, r + 9 * L), y9);
                y10 = v.fma(FloatVector.fromArray(F, a, r + 10 * L), y10);
                y11 = v.fma(FloatVector.fromArray(F, a, r + 11 * L), y11);
                y12 = v.fma(FloatVector.fromArray(F, a, r + 12 * L), y12);
                y13 = v.fma(FloatVector.fromArray(F, a, r + 13 * L), y13);
                y14 = v.fma(FloatVector.fromArray(F, a, r + 14 * L), y14);
                y15 = v.fma(FloatVector.fromArray(F, a, r + 15 * L), y15);
            }
            y0.intoArray(y, c);
            y1.intoArray(y, c + L);
            y2.intoArray(y, c + 2 * L);
            y3.intoArray(y, c + 3 * L);
            y4.intoArray(y, c + 4 * L);
            y5.intoArray(y, c + 5 * L);
            y6.intoArray(y, c + 6 * L);
            y7.intoArray(y, c + 7 * L);
            y8.intoArray(y, c + 8 * L);
            y9.intoArray(y, c + 9 * L);
            y10.intoArray(y, c + 10 * L);
            y11.intoArray(y, c + 11 * L);
            y12.intoArray(y, c + 12 * L);
            y13.intoArray(y, c + 13 * L);
            y14.intoArray(y, c + 14 * L);
            y15.intoArray(y, c + 15 * L);
        }
        for (; j + 8 * L <= ub; j += 8 * L) {
            int c = yOff + j;
            FloatVector y0 = FloatVector.fromArray(F, y, c);
            FloatVector y1 = FloatVector.fromArray(F, y, c + L);
            FloatVector y2 = FloatVector.fromArray(F, y, c + 2 * L);
            FloatVector y3 = FloatVector.fromArray(F, y, c + 3 * L);
            FloatVector y4 = FloatVector.fromArray(F, y, c + 4 * L);
            FloatVector y5 = FloatVector.fromArray(F, y, c + 5 * L);
            FloatVector y6 = FloatVector.fromArray(F, y, c + 6 * L);
            FloatVector y7 = FloatVector.fromArray(F, y, c + 7 * L);
            for (int i = 0; i < m; i++) {
                int r = aOff + i * lda + j;
                FloatVector v = FloatVector.broadcast(F, alpha * x[xOff + i]);
                y0 = v.fma(FloatVector.fromArray(F, a, r), y0);
                y1 = v.fma(FloatVector.fromArray(F, a, r + L), y1);
                y2 = v.fma(FloatVector.fromArray(F, a, r + 2 * L), y2);
                y3 = v.fma(FloatVector.fromArray(F, a, r + 3 * L), y3);
                y4 = v.fma(FloatVector.fromArray(F, a, r + 4 * L), y4);
                y5 = v.fma(FloatVector.fromArray(F, a, r + 5 * L), y5);
                y6 = v.fma(FloatVector.fromArray(F, a, r + 6 * L), y6);
                y7 = v.fma(FloatVector.fromArray(F, a, r + 7 * L), y7);
            }
            y0.intoArray(y, c);
            y1.intoArray(y, c + L);
            y2.intoArray(y, c + 2 * L);
            y3.intoArray(y, c + 3 * L);
            y4.intoArray(y, c + 4 * L);
            y5.intoArray(y, c + 5 * L);
            y6.intoArray(y, c + 6 * L);
            y7.intoArray(y, c + 7 * L);
        }
        for (; j + 4 * L <= ub; j += 4 * L) {
            FloatVector y0 = FloatVector.fromArray(F, y, yOff + j);
            FloatVector y1 = FloatVector.fromArray(F, y, yOff + j + L);
            FloatVector y2 = FloatVector.fromArray(F, y, yOff + j + 2 * L);
            FloatVector y3 = FloatVector.fromArray(F, y, yOff + j + 3 * L);
            for (int i = 0; i < m; i++) {
                int r = aOff + i * lda + j;
                FloatVector c = FloatVector.broadcast(F, alpha * x[xOff + i]);
                y0 = c.fma(FloatVector.fromArray(F, a, r), y0);
                y1 = c.fma(FloatVector.fromArray(F, a, r + L), y1);
                y2 = c.fma(FloatVector.fromArray(F, a, r + 2 * L), y2);
                y3 = c.fma(FloatVector.fromArray(F, a, r + 3 * L), y3);
            }
            y0.intoArray(y, yOff + j);
            y1.intoArray(y, yOff + j + L);
            y2.intoArray(y, yOff + j + 2 * L);
            y3.intoArray(y, yOff + j + 3 * L);
        }
        for (; j < ub; j += L) {
            FloatVector y0 = FloatVector.fromArray(F, y, yOff + j);
            for (int i = 0; i < m; i++) {
                y0 = FloatVector.broadcast(F, alpha * x[xOff + i]).fma(FloatVector.fromArray(F, a, aOff + i * lda + j), y0);
            }
            y0.intoArray(y, yOff + j);
        }
        for (; j < n; j++) {
            float s = y[yOff + j];
            for (int i = 0; i < m; i++) {
                s = Math.fma(alpha * x[xOff + i], a[aOff + i * lda + j], s);
            }
            y[yOff + j] = s;
        }
    }

    /**
     * A = alpha x y^T + A: eight rows per pass (the rest one by one, with axpy), so that each vector of y
     * is loaded once for eight rows. Bound by the traffic over A (read and written once), so nothing cleverer pays:
     * eight rows instead of four measured 1.00x VectorBLAS instead of 0.97x at 128 x 784 (PairedBench),
     * within the noise. Every element gets fma(alpha x_i, y_j, a_ij) (the tail a_ij + (alpha x_i) y_j)
     * whichever pass it is in, so a split by rows does not change the result.
     */
    static void ger(int m, int n, float alpha, float[] x, int xOff, float[] y, int yOff,
                    float[] a, int aOff, int lda) {
        int ub = F.loopBound(n);
        int i = 0;
        for (; i + 8 <= m; i += 8) {
            int r0 = aOff + i * lda;
            int r1 = r0 + lda;
            int r2 = r1 + lda;
            int r3 = r2 + lda;
            int r4 = r3 + lda;
            int r5 = r4 + lda;
            int r6 = r5 + lda;
            int r7 = r6 + lda;
            float c0 = alpha * x[xOff + i];
            float c1 = alpha * x[xOff + i + 1];
            float c2 = alpha * x[xOff + i + 2];
            float c3 = alpha * x[xOff + i + 3];
            float c4 = alpha * x[xOff + i + 4];
            float c5 = alpha * x[xOff + i + 5];
            float c6 = alpha * x[xOff + i + 6];
            float c7 = alpha * x[xOff + i + 7];
            FloatVector v0 = FloatVector.broadcast(F, c0);
            FloatVector v1 = FloatVector.broadcast(F, c1);
            FloatVector v2 = FloatVector.broadcast(F, c2);
            FloatVector v3 = FloatVector.broadcast(F, c3);
            FloatVector v4 = FloatVector.broadcast(F, c4);
            FloatVector v5 = FloatVector.broadcast(F, c5);
            FloatVector v6 = FloatVector.broadcast(F, c6);
            FloatVector v7 = FloatVector.broadcast(F, c7);
            int j = 0;
            for (; j < ub; j += L) {
                FloatVector yv = FloatVector.fromArray(F, y, yOff + j);
                v0.fma(yv, FloatVector.fromArray(F, a, r0 + j)).intoArray(a, r0 + j);
                v1.fma(yv, FloatVector.fromArray(F, a, r1 + j)).intoArray(a, r1 + j);
                v2.fma(yv, FloatVector.fromArray(F, a, r2 + j)).intoArray(a, r2 + j);
                v3.fma(yv, FloatVector.fromArray(F, a, r3 + j)).intoArray(a, r3 + j);
                v4.fma(yv, FloatVector.fromArray(F, a, r4 + j)).intoArray(a, r4 + j);
                v5.fma(yv, FloatVector.fromArray(F, a, r5 + j)).intoArray(a, r5 + j);
                v6.fma(yv, FloatVector.fromArray(F, a, r6 + j)).intoArray(a, r6 + j);
                v7.fma(yv, FloatVector.fromArray(F, a, r7 + j)).intoArray(a, r7 + j);
            }
            for (; j < n; j++) {
                float yj = y[yOff + j];
                a[r0 + j] += c0 * yj;
                a[r1 + j] += c1 * yj;
                a[r2 + j] += c2 * yj;
                a[r3 + j] += c3 * yj;
                a[r4 + j] += c4 * yj;
                a[r5 + j] += c5 * yj;
                a[r6 + j] += c6 * yj;
                a[r7 + j] += c7 * yj;
            }
        }
        for (; i < m; i++) {
            axpy(n, alpha * x[xOff + i], y, yOff, a, aOff + i * lda);
        }
    }

    /**
     * y += A^T x over the i with x[i] != 0. Columns go in blocks of sixteen vectors (128 floats at 256 bits,
     * a whole row of a 128-unit layer) whose sums stay in registers over all the rows: per nonzero x[i],
     * sixteen loads of one contiguous row and sixteen fmas, no load or store of y. Whole rows matter: at
     * 784 x 128, blocks of eight vectors (two passes over half rows) took 1.6 to 1.9 times as long, and an
     * axpy per row (y loaded and stored for every row) 1.3 times. At 16 lanes a 128-float row is eight
     * vectors, which a block of eight takes in one pass (it went in two blocks of four before: a batch-1
     * Fashion-MNIST training step then took 9.1 to 9.4 µs, and 8.3 to 8.8 since, TrainingStepBench
     * alternated on a Xeon). Each y[j] is summed in ascending i with
     * the fma of {@link #axpy}, and the columns past the last whole vector with axpy's scalar tail, so the
     * result is bit for bit what an axpy per nonzero row gives.
     */
    static void sparseGemvT(int m, int n, float[] a, int aOff, int lda, float[] x, int xOff, float[] y, int yOff) {
        int j = 0;
        for (; j + 16 * L <= n; j += 16 * L) {
            int c = yOff + j;
            FloatVector s0 = FloatVector.fromArray(F, y, c + 0 * L);
            FloatVector s1 = FloatVector.fromArray(F, y, c + 1 * L);
            FloatVector s2 = FloatVector.fromArray(F, y, c + 2 * L);
            FloatVector s3 = FloatVector.fromArray(F, y, c + 3 * L);
            FloatVector s4 = FloatVector.fromArray(F, y, c + 4 * L);
            FloatVector s5 = FloatVector.fromArray(F, y, c + 5 * L);
            FloatVector s6 = FloatVector.fromArray(F, y, c + 6 * L);
            FloatVector s7 = FloatVector.fromArray(F, y, c + 7 * L);
            FloatVector s8 = FloatVector.fromArray(F, y, c + 8 * L);
            FloatVector s9 = FloatVector.fromArray(F, y, c + 9 * L);
            FloatVector s10 = FloatVector.fromArray(F, y, c + 10 * L);
            FloatVector s11 = FloatVector.fromArray(F, y, c + 11 * L);
            FloatVector s12 = FloatVector.fromArray(F, y, c + 12 * L);
            FloatVector s13 = FloatVector.fromArray(F, y, c + 13 * L);
            FloatVector s14 = FloatVector.fromArray(F, y, c + 14 * L);
            FloatVector s15 = FloatVector.fromArray(F, y, c + 15 * L);
            for (int i0 = 0; i0 < m; i0 += 64) {
                for (long bits = nonzeros(x, xOff + i0, Math.min(64, m - i0)); bits != 0; bits &= bits - 1) {
                    int i = i0 + Long.numberOfTrailingZeros(bits);
                    int row = aOff + i * lda + j;
                    FloatVector v = FloatVector.broadcast(F, x[xOff + i]);
                    s0 = v.fma(FloatVector.fromArray(F, a, row + 0 * L), s0);
                    s1 = v.fma(FloatVector.fromArray(F, a, row + 1 * L), s1);
                    s2 = v.fma(FloatVector.fromArray(F, a, row + 2 * L), s2);
                    s3 = v.fma(FloatVector.fromArray(F, a, row + 3 * L), s3);
                    s4 = v.fma(FloatVector.fromArray(F, a, row + 4 * L), s4);
                    s5 = v.fma(FloatVector.fromArray(F, a, row + 5 * L), s5);
                    s6 = v.fma(FloatVector.fromArray(F, a, row + 6 * L), s6);
                    s7 = v.fma(FloatVector.fromArray(F, a, row + 7 * L), s7);
                    s8 = v.fma(FloatVector.fromArray(F, a, row + 8 * L), s8);
                    s9 = v.fma(FloatVector.fromArray(F, a, row + 9 * L), s9);
                    s10 = v.fma(FloatVector.fromArray(F, a, row + 10 * L), s10);
                    s11 = v.fma(FloatVector.fromArray(F, a, row + 11 * L), s11);
                    s12 = v.fma(FloatVector.fromArray(F, a, row + 12 * L), s12);
                    s13 = v.fma(FloatVector.fromArray(F, a, row + 13 * L), s13);
                    s14 = v.fma(FloatVector.fromArray(F, a, row + 14 * L), s14);
                    s15 = v.fma(FloatVector.fromArray(F, a, row + 15 * L), s15);
                }
            }
            s0.intoArray(y, c + 0 * L);
            s1.intoArray(y, c + 1 * L);
            s2.intoArray(y, c + 2 * L);
            s3.intoArray(y, c + 3 * L);
            s4.intoArray(y, c + 4 * L);
            s5.intoArray(y, c + 5 * L);
            s6.intoArray(y, c + 6 * L);
            s7.intoArray(y, c + 7 * L);
            s8.intoArray(y, c + 8 * L);
            s9.intoArray(y, c + 9 * L);
            s10.intoArray(y, c + 10 * L);
            s11.intoArray(y, c + 11 * L);
            s12.intoArray(y, c + 12 * L);
            s13.intoArray(y, c + 13 * L);
            s14.intoArray(y, c + 14 * L);
            s15.intoArray(y, c + 15 * L);
        }
        // 128 floats at 16 lanes: a whole row of a 128-unit layer in one pass, as the block above at 8 lanes.
        for (; j + 8 * L <= n; j += 8 * L) {
            int c = yOff + j;
            FloatVector s0 = FloatVector.fromArray(F, y, c + 0 * L);
            FloatVector s1 = FloatVector.fromArray(F, y, c + 1 * L);
            FloatVector s2 = FloatVector.fromArray(F, y, c + 2 * L);
            FloatVector s3 = FloatVector.fromArray(F, y, c + 3 * L);
            FloatVector s4 = FloatVector.fromArray(F, y, c + 4 * L);
            FloatVector s5 = FloatVector.fromArray(F, y, c + 5 * L);
            FloatVector s6 = FloatVector.fromArray(F, y, c + 6 * L);
            FloatVector s7 = FloatVector.fromArray(F, y, c + 7 * L);
            for (int i0 = 0; i0 < m; i0 += 64) {
                for (long bits = nonzeros(x, xOff + i0, Math.min(64, m - i0)); bits != 0; bits &= bits - 1) {
                    int i = i0 + Long.numberOfTrailingZeros(bits);
                    int row = aOff + i * lda + j;
                    FloatVector v = FloatVector.broadcast(F, x[xOff + i]);
                    s0 = v.fma(FloatVector.fromArray(F, a, row + 0 * L), s0);
                    s1 = v.fma(FloatVector.fromArray(F, a, row + 1 * L), s1);
                    s2 = v.fma(FloatVector.fromArray(F, a, row + 2 * L), s2);
                    s3 = v.fma(FloatVector.fromArray(F, a, row + 3 * L), s3);
                    s4 = v.fma(FloatVector.fromArray(F, a, row + 4 * L), s4);
                    s5 = v.fma(FloatVector.fromArray(F, a, row + 5 * L), s5);
                    s6 = v.fma(FloatVector.fromArray(F, a, row + 6 * L), s6);
                    s7 = v.fma(FloatVector.fromArray(F, a, row + 7 * L), s7);
                }
            }
            s0.intoArray(y, c + 0 * L);
            s1.intoArray(y, c + 1 * L);
            s2.intoArray(y, c + 2 * L);
            s3.intoArray(y, c + 3 * L);
            s4.intoArray(y, c + 4 * L);
            s5.intoArray(y, c + 5 * L);
            s6.intoArray(y, c + 6 * L);
            s7.intoArray(y, c + 7 * L);
        }
        for (; j + 4 * L <= n; j += 4 * L) {
            int c = yOff + j;
            FloatVector s0 = FloatVector.fromArray(F, y, c + 0 * L);
            FloatVector s1 = FloatVector.fromArray(F, y, c + 1 * L);
            FloatVector s2 = FloatVector.fromArray(F, y, c + 2 * L);
            FloatVector s3 = FloatVector.fromArray(F, y, c + 3 * L);
            for (int i0 = 0; i0 < m; i0 += 64) {
                for (long bits = nonzeros(x, xOff + i0, Math.min(64, m - i0)); bits != 0; bits &= bits - 1) {
                    int i = i0 + Long.numberOfTrailingZeros(bits);
                    int row = aOff + i * lda + j;
                    FloatVector v = FloatVector.broadcast(F, x[xOff + i]);
                    s0 = v.fma(FloatVector.fromArray(F, a, row + 0 * L), s0);
                    s1 = v.fma(FloatVector.fromArray(F, a, row + 1 * L), s1);
                    s2 = v.fma(FloatVector.fromArray(F, a, row + 2 * L), s2);
                    s3 = v.fma(FloatVector.fromArray(F, a, row + 3 * L), s3);
                }
            }
            s0.intoArray(y, c + 0 * L);
            s1.intoArray(y, c + 1 * L);
            s2.intoArray(y, c + 2 * L);
            s3.intoArray(y, c + 3 * L);
        }
        for (; j + L <= n; j += L) {
            FloatVector s0 = FloatVector.fromArray(F, y, yOff + j);
            for (int i0 = 0; i0 < m; i0 += 64) {
                for (long bits = nonzeros(x, xOff + i0, Math.min(64, m - i0)); bits != 0; bits &= bits - 1) {
                    int i = i0 + Long.numberOfTrailingZeros(bits);
                    s0 = FloatVector.broadcast(F, x[xOff + i]).fma(FloatVector.fromArray(F, a, aOff + i * lda + j), s0);
                }
            }
            s0.intoArray(y, yOff + j);
        }
        for (; j < n; j++) {
            float s = y[yOff + j];
            int at = aOff + j;
            for (int i = 0; i < m; i++, at += lda) {
                float xi = x[xOff + i];
                if (xi != 0f) {
                    s += xi * a[at];
                }
            }
            y[yOff + j] = s;
        }
    }

    /**
     * A(i, :) += (alpha x[i]) y for the i with x[i] != 0: an {@link #axpy} per such row, as {@link #ger} does,
     * the rows found as in {@link #sparseGemvT}.
     */
    static void sparseGer(int m, int n, float alpha, float[] x, int xOff, float[] y, int yOff,
                          float[] a, int aOff, int lda) {
        for (int i0 = 0; i0 < m; i0 += 64) {
            for (long bits = nonzeros(x, xOff + i0, Math.min(64, m - i0)); bits != 0; bits &= bits - 1) {
                int i = i0 + Long.numberOfTrailingZeros(bits);
                axpy(n, alpha * x[xOff + i], y, yOff, a, aOff + i * lda);
            }
        }
    }

    /**
     * The rows of a nonzero x[i] as the interface's default steps them (v_i scaled, x[i] d added with the fma
     * of {@link #axpy}, then -eta v_i into a_i), bit for bit, in one pass over each row: the new velocity goes
     * from the registers into the weights' fma. The rows are found as in {@link #sparseGemvT}.
     */
    static void sparseMomentumGer(int m, int n, float mu, float eta, float[] x, int xOff, float[] d, int dOff,
                                  float[] v, int vOff, float[] a, int aOff, int lda) {
        int ub = F.loopBound(n);
        for (int i0 = 0; i0 < m; i0 += 64) {
            for (long bits = nonzeros(x, xOff + i0, Math.min(64, m - i0)); bits != 0; bits &= bits - 1) {
                int i = i0 + Long.numberOfTrailingZeros(bits);
                momentumRow(n, ub, mu, eta, x[xOff + i], d, dOff, v, vOff + i * lda, a, aOff + i * lda);
            }
        }
    }

    /**
     * The interface's {@code sparseMomentumGerGemvT}, bit for bit, in one pass over the rows either the step
     * or the sums need: each row's velocity and weights loaded once, stepped or caught up with the operations
     * of {@link #axpy} and {@link #scal}, stored, and the weights added into the sums with the fma of
     * {@link #sparseGemvT}, rows in order. The sums stay in y (in the first-level cache) between rows.
     */
    static void sparseMomentumGerGemvT(int m, int n, float mu, float eta, float[] u, int uOff, float[] d, int dOff,
                                       float[] s, float[] c, int sOff, float[] v, int vOff, float[] a, int aOff,
                                       int lda, float[] x, int xOff, float[] y, int yOff) {
        int ub = F.loopBound(n);
        for (int i0 = 0; i0 < m; i0 += 64) {
            int count = Math.min(64, m - i0);
            long update = nonzeros(u, uOff + i0, count);
            long sum = nonzeros(x, xOff + i0, count);
            for (long bits = update | sum; bits != 0; bits &= bits - 1) {
                int b = Long.numberOfTrailingZeros(bits);
                int i = i0 + b;
                int vr = vOff + i * lda;
                int ar = aOff + i * lda;
                if ((update >>> b & 1L) == 0) {
                    catchUpAndAdd(n, ub, s[sOff + i], c[sOff + i], x[xOff + i], v, vr, a, ar, y, yOff);
                } else if ((sum >>> b & 1L) == 0) {
                    momentumRow(n, ub, mu, eta, u[uOff + i], d, dOff, v, vr, a, ar);
                } else {
                    momentumRowAndAdd(n, ub, mu, eta, u[uOff + i], d, dOff, x[xOff + i], v, vr, a, ar, y, yOff);
                }
            }
        }
        if (ub < n) {
            // The columns past the last whole vector, summed as sparseGemvT sums them.
            sparseGemvT(m, n - ub, a, aOff + ub, lda, x, xOff, y, yOff + ub);
        }
    }

    /*
     * The rows' helpers take scalars, not vectors: a vector passed to a method that the JIT does not inline is
     * boxed, an allocation per call (seen in one JMH fork of two: 6 KiB a sample).
     */

    /** One row's momentum step: v = mu v + ui d, a = a - eta v. */
    private static void momentumRow(int n, int ub, float mu, float eta, float ui, float[] d, int dOff, float[] v,
                                    int vr, float[] a, int ar) {
        FloatVector minusEta = FloatVector.broadcast(F, -eta);
        FloatVector vu = FloatVector.broadcast(F, ui);
        int j = 0;
        for (; j < ub; j += L) {
            FloatVector vel = vu.fma(FloatVector.fromArray(F, d, dOff + j), FloatVector.fromArray(F, v, vr + j).mul(mu));
            vel.intoArray(v, vr + j);
            minusEta.fma(vel, FloatVector.fromArray(F, a, ar + j)).intoArray(a, ar + j);
        }
        for (; j < n; j++) {
            float vel = v[vr + j] * mu;
            vel += ui * d[dOff + j];
            v[vr + j] = vel;
            a[ar + j] += -eta * vel;
        }
    }

    /** {@link #momentumRow}, then the row's whole vectors times x_i added into y. */
    private static void momentumRowAndAdd(int n, int ub, float mu, float eta, float ui, float[] d, int dOff,
                                          float xi, float[] v, int vr, float[] a, int ar, float[] y, int yOff) {
        FloatVector minusEta = FloatVector.broadcast(F, -eta);
        FloatVector vu = FloatVector.broadcast(F, ui);
        FloatVector vx = FloatVector.broadcast(F, xi);
        int j = 0;
        for (; j < ub; j += L) {
            FloatVector vel = vu.fma(FloatVector.fromArray(F, d, dOff + j), FloatVector.fromArray(F, v, vr + j).mul(mu));
            vel.intoArray(v, vr + j);
            FloatVector w = minusEta.fma(vel, FloatVector.fromArray(F, a, ar + j));
            w.intoArray(a, ar + j);
            vx.fma(w, FloatVector.fromArray(F, y, yOff + j)).intoArray(y, yOff + j);
        }
        for (; j < n; j++) {
            float vel = v[vr + j] * mu;
            vel += ui * d[dOff + j];
            v[vr + j] = vel;
            a[ar + j] += -eta * vel;
        }
    }

    /** One row's catch-up (a = a + si v, v = ci v), then its whole vectors times x_i added into y. */
    private static void catchUpAndAdd(int n, int ub, float si, float ci, float xi, float[] v, int vr, float[] a,
                                      int ar, float[] y, int yOff) {
        FloatVector vs = FloatVector.broadcast(F, si);
        FloatVector vx = FloatVector.broadcast(F, xi);
        int j = 0;
        for (; j < ub; j += L) {
            FloatVector vel = FloatVector.fromArray(F, v, vr + j);
            FloatVector w = vs.fma(vel, FloatVector.fromArray(F, a, ar + j));
            w.intoArray(a, ar + j);
            vel.mul(ci).intoArray(v, vr + j);
            vx.fma(w, FloatVector.fromArray(F, y, yOff + j)).intoArray(y, yOff + j);
        }
        for (; j < n; j++) {
            a[ar + j] += si * v[vr + j];
            v[vr + j] *= ci;
        }
    }

    /**
     * {@link #sparseGer} then {@link #sparseGemvT}, bit for bit, in one pass over the rows in blocks of eight
     * vectors of columns when a vector has 16 lanes or more: a row that the update or the sum needs is loaded
     * once, updated (when u[i] != 0) with the fma of {@link #axpy} and stored, and added into the sums (when
     * x[i] != 0) from the registers; eight sums, eight row vectors and eight of d fit in the 32 vector
     * registers. With fewer lanes (16 registers, which the three would overflow), and for the columns past the
     * last block of eight vectors, the two calls. For a first layer of 784 x 128 on Fashion-MNIST images at 16
     * lanes, a probe measured 6.0 to 6.2 µs a sample against 7.0 to 7.3 for the two passes
     * (docs/architecture.md, "The per-sample path").
     */
    static void sparseGerGemvT(int m, int n, float alpha, float[] u, int uOff, float[] d, int dOff,
                               float[] a, int aOff, int lda, float[] x, int xOff, float[] y, int yOff) {
        int j = 0;
        if (L >= 16) {
            for (; j + 8 * L <= n; j += 8 * L) {
                fusedBlock(m, alpha, u, uOff, d, dOff + j, a, aOff + j, lda, x, xOff, y, yOff + j);
            }
        }
        if (j < n) {
            sparseGer(m, n - j, alpha, u, uOff, d, dOff + j, a, aOff + j, lda);
            sparseGemvT(m, n - j, a, aOff + j, lda, x, xOff, y, yOff + j);
        }
    }

    /** {@link #sparseGerGemvT} on eight vectors of columns from {@code aOff}, {@code dOff} and {@code yOff}. */
    private static void fusedBlock(int m, float alpha, float[] u, int uOff, float[] d, int dOff,
                                   float[] a, int aOff, int lda, float[] x, int xOff, float[] y, int yOff) {
        FloatVector d0 = FloatVector.fromArray(F, d, dOff + 0 * L);
        FloatVector d1 = FloatVector.fromArray(F, d, dOff + 1 * L);
        FloatVector d2 = FloatVector.fromArray(F, d, dOff + 2 * L);
        FloatVector d3 = FloatVector.fromArray(F, d, dOff + 3 * L);
        FloatVector d4 = FloatVector.fromArray(F, d, dOff + 4 * L);
        FloatVector d5 = FloatVector.fromArray(F, d, dOff + 5 * L);
        FloatVector d6 = FloatVector.fromArray(F, d, dOff + 6 * L);
        FloatVector d7 = FloatVector.fromArray(F, d, dOff + 7 * L);
        FloatVector s0 = FloatVector.fromArray(F, y, yOff + 0 * L);
        FloatVector s1 = FloatVector.fromArray(F, y, yOff + 1 * L);
        FloatVector s2 = FloatVector.fromArray(F, y, yOff + 2 * L);
        FloatVector s3 = FloatVector.fromArray(F, y, yOff + 3 * L);
        FloatVector s4 = FloatVector.fromArray(F, y, yOff + 4 * L);
        FloatVector s5 = FloatVector.fromArray(F, y, yOff + 5 * L);
        FloatVector s6 = FloatVector.fromArray(F, y, yOff + 6 * L);
        FloatVector s7 = FloatVector.fromArray(F, y, yOff + 7 * L);
        for (int i0 = 0; i0 < m; i0 += 64) {
            int count = Math.min(64, m - i0);
            long update = nonzeros(u, uOff + i0, count);
            long sum = nonzeros(x, xOff + i0, count);
            for (long bits = update | sum; bits != 0; bits &= bits - 1) {
                int b = Long.numberOfTrailingZeros(bits);
                int i = i0 + b;
                int row = aOff + i * lda;
                FloatVector r0 = FloatVector.fromArray(F, a, row + 0 * L);
                FloatVector r1 = FloatVector.fromArray(F, a, row + 1 * L);
                FloatVector r2 = FloatVector.fromArray(F, a, row + 2 * L);
                FloatVector r3 = FloatVector.fromArray(F, a, row + 3 * L);
                FloatVector r4 = FloatVector.fromArray(F, a, row + 4 * L);
                FloatVector r5 = FloatVector.fromArray(F, a, row + 5 * L);
                FloatVector r6 = FloatVector.fromArray(F, a, row + 6 * L);
                FloatVector r7 = FloatVector.fromArray(F, a, row + 7 * L);
                if ((update >>> b & 1L) != 0) {
                    FloatVector v = FloatVector.broadcast(F, alpha * u[uOff + i]);
                    r0 = v.fma(d0, r0);
                    r1 = v.fma(d1, r1);
                    r2 = v.fma(d2, r2);
                    r3 = v.fma(d3, r3);
                    r4 = v.fma(d4, r4);
                    r5 = v.fma(d5, r5);
                    r6 = v.fma(d6, r6);
                    r7 = v.fma(d7, r7);
                    r0.intoArray(a, row + 0 * L);
                    r1.intoArray(a, row + 1 * L);
                    r2.intoArray(a, row + 2 * L);
                    r3.intoArray(a, row + 3 * L);
                    r4.intoArray(a, row + 4 * L);
                    r5.intoArray(a, row + 5 * L);
                    r6.intoArray(a, row + 6 * L);
                    r7.intoArray(a, row + 7 * L);
                }
                if ((sum >>> b & 1L) != 0) {
                    FloatVector v = FloatVector.broadcast(F, x[xOff + i]);
                    s0 = v.fma(r0, s0);
                    s1 = v.fma(r1, s1);
                    s2 = v.fma(r2, s2);
                    s3 = v.fma(r3, s3);
                    s4 = v.fma(r4, s4);
                    s5 = v.fma(r5, s5);
                    s6 = v.fma(r6, s6);
                    s7 = v.fma(r7, s7);
                }
            }
        }
        s0.intoArray(y, yOff + 0 * L);
        s1.intoArray(y, yOff + 1 * L);
        s2.intoArray(y, yOff + 2 * L);
        s3.intoArray(y, yOff + 3 * L);
        s4.intoArray(y, yOff + 4 * L);
        s5.intoArray(y, yOff + 5 * L);
        s6.intoArray(y, yOff + 6 * L);
        s7.intoArray(y, yOff + 7 * L);
    }

    /**
     * Bit b set where x[off + b] != 0, for b below {@code count} (at most 64), computed without a branch per
     * element: a vector compare per vector of x for whole groups of 64, a conditional move per element for
     * the last group. The kernels then visit the set bits in ascending order, so that the only unpredictable branch
     * is the end of each group of 64 rows: with a branch per row, inputs whose zeros fall at random (half of
     * them) cost a misprediction every other row, which made a 784 x 128 sparseGemvT slower than the dense
     * gemv it replaces. Images, whose zeros come in runs, predict well either way.
     */
    private static long nonzeros(float[] x, int off, int count) {
        long bits = 0L;
        int b = 0;
        if (count == 64 && L <= 64) {
            for (; b < 64; b += L) {
                bits |= FloatVector.fromArray(F, x, off + b).compare(VectorOperators.NE, 0f).toLong() << b;
            }
            return bits;
        }
        for (; b < count; b++) {
            bits |= (x[off + b] != 0f ? 1L : 0L) << b;
        }
        return bits;
    }

    /**
     * y = 1 / (1 + e^-x) with {@link VectorMath#exp}, which gives the same bits in every JIT mode and in the
     * scalar tail. Saturates cleanly: e^-x is +inf for x &lt; -88.7, giving 0, and 0 for x &gt; 104, giving 1.
     */
    static void sigmoid(int n, float[] x, int xOff, float[] y, int yOff) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        int i = 0;
        int ub = F.loopBound(n);
        for (; i < ub; i += L) {
            FloatVector e = VectorMath.exp(FloatVector.fromArray(F, x, xOff + i).neg());
            one.div(one.add(e)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = 1f / (1f + VectorMath.exp(-x[xOff + i]));
        }
    }

    /** y = tanh(x) with {@link VectorMath#tanh} (same bits in every JIT mode and in the tail). */
    static void tanh(int n, float[] x, int xOff, float[] y, int yOff) {
        int i = 0;
        int ub = F.loopBound(n);
        for (; i < ub; i += L) {
            VectorMath.tanh(FloatVector.fromArray(F, x, xOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = VectorMath.tanh(x[xOff + i]);
        }
    }

    /** y = x &gt; 0 ? x : 0, by blend rather than max, so that NaN gives 0 as in the scalar kernels. */
    static void relu(int n, float[] x, int xOff, float[] y, int yOff) {
        FloatVector zero = FloatVector.zero(F);
        int i = 0;
        int ub = F.loopBound(n);
        for (; i < ub; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            zero.blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            float v = x[xOff + i];
            y[yOff + i] = v > 0f ? v : 0f;
        }
    }

    /** Softmax of one row with the max shift, so that no exponent overflows. */
    static void softmax(int n, float[] x, int xOff, float[] y, int yOff) {
        if (n == 0) {
            return;
        }
        // Rows shorter than four vectors (the class scores of most classifiers) go through the scalar
        // mirror of exp, which gives the same bits as a lane: at one or two vectors per call, C2 compiled
        // the vector path with its vectors boxed (192 B per call, measured), and the work is tiny anyway.
        int ub = n < 4 * L ? 0 : F.loopBound(n);
        int i = 0;
        float max = Float.NEGATIVE_INFINITY;
        if (ub > 0) {
            FloatVector vmax = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
            for (; i < ub; i += L) {
                vmax = vmax.max(FloatVector.fromArray(F, x, xOff + i));
            }
            max = vmax.reduceLanes(VectorOperators.MAX);
        }
        for (; i < n; i++) {
            max = Math.max(max, x[xOff + i]);
        }
        i = 0;
        for (; i < ub; i += L) {
            VectorMath.exp(FloatVector.fromArray(F, x, xOff + i).sub(max)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = VectorMath.exp(x[xOff + i] - max);
        }
        // Summed in index order in scalar double: a row of class scores is short, double keeps a long row's
        // sum within 1e-6 of 1 after scaling, and a vector lane sum here is not inlined once exp has been
        // (C2's node budget), which boxes the vector on every call.
        double total = 0;
        for (i = 0; i < n; i++) {
            total += y[yOff + i];
        }
        float sum = (float) total;
        scal(n, 1f / sum, y, yOff);
    }

    /** g = g * (y (1 - y)), in the scalar kernels' order of operations (so bit for bit the same). */
    static void sigmoidBackward(int n, float[] y, int yOff, float[] g, int gOff) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        int i = 0;
        int ub = F.loopBound(n);
        for (; i < ub; i += L) {
            FloatVector v = FloatVector.fromArray(F, y, yOff + i);
            FloatVector.fromArray(F, g, gOff + i).mul(v.mul(one.sub(v))).intoArray(g, gOff + i);
        }
        for (; i < n; i++) {
            float v = y[yOff + i];
            g[gOff + i] *= v * (1f - v);
        }
    }

    /** g = g * (1 - y^2), in the scalar kernels' order of operations. */
    static void tanhBackward(int n, float[] y, int yOff, float[] g, int gOff) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        int i = 0;
        int ub = F.loopBound(n);
        for (; i < ub; i += L) {
            FloatVector v = FloatVector.fromArray(F, y, yOff + i);
            FloatVector.fromArray(F, g, gOff + i).mul(one.sub(v.mul(v))).intoArray(g, gOff + i);
        }
        for (; i < n; i++) {
            float v = y[yOff + i];
            g[gOff + i] *= 1f - v * v;
        }
    }

    /** g = y &gt; 0 ? g : 0. */
    static void reluBackward(int n, float[] y, int yOff, float[] g, int gOff) {
        FloatVector zero = FloatVector.zero(F);
        int i = 0;
        int ub = F.loopBound(n);
        for (; i < ub; i += L) {
            VectorMask<Float> on = FloatVector.fromArray(F, y, yOff + i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(F, g, gOff + i), on).intoArray(g, gOff + i);
        }
        for (; i < n; i++) {
            if (!(y[yOff + i] > 0f)) {
                g[gOff + i] = 0f;
            }
        }
    }
}
