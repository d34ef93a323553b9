package dev.vecprop.simd;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SIMD gemm gives bit-identical results however the caller splits C: one call over the whole of C, or
 * one call per block of rows (A and C offset, smaller m), per block of columns (B and C offset, smaller n),
 * or per block of both. A multi-threaded caller that hands each thread a part of C relies on this for
 * results that do not depend on the number of threads. The splits fall on multiples of the register tile
 * (4 rows, 16 columns) and anywhere else; the shapes have tails in every dimension and cross the blocks
 * along k (256), m (128) and n (1024), in all four forms and with several alpha and beta.
 */
class GemmSplitTest {

    private static final int OFF = 3;
    private static final float[][] COEFFICIENTS = {{1f, 0f}, {1f, 1f}, {-0.5f, 2f}, {0.75f, -1.5f}, {1.25f, 0.5f}};

    /** Random operands of a product, stored from {@link #OFF} with rows padded by 0 to 2 floats, and C before it. */
    private record Product(boolean transA, boolean transB, float alpha, float beta, int lda, int ldb, int ldc,
                           float[] a, float[] b, float[] c0) {

        /** For m x n x k in form {@code form} (bit 0: A transposed, bit 1: B), with {alpha, beta} {@code ab}. */
        static Product random(SplittableRandom r, int m, int n, int k, int form, float[] ab) {
            boolean transA = (form & 1) != 0;
            boolean transB = (form & 2) != 0;
            int lda = (transA ? m : k) + r.nextInt(3);
            int ldb = (transB ? k : n) + r.nextInt(3);
            int ldc = n + r.nextInt(3);
            return new Product(transA, transB, ab[0], ab[1], lda, ldb, ldc,
                    ParityTest.random(r, OFF + (transA ? k : m) * lda + OFF),
                    ParityTest.random(r, OFF + (transB ? n : k) * ldb + OFF),
                    ParityTest.random(r, OFF + m * ldc + OFF));
        }

        String describe(int m, int n, int k) {
            return "gemm " + (transA ? "T" : "N") + (transB ? "T" : "N") + " " + m + "x" + n + "x" + k + " alpha="
                    + alpha + " beta=" + beta;
        }
    }

    /** Cut points of [0, size): tile multiples or arbitrary, 1 to 4 parts. */
    private static int[] cuts(SplittableRandom r, int size, int unit) {
        int parts = 1 + r.nextInt(4);
        int[] cut = new int[parts + 1];
        cut[parts] = size;
        for (int i = 1; i < parts; i++) {
            int x = r.nextInt(size + 1);
            cut[i] = unit > 1 ? x / unit * unit : x;
        }
        Arrays.sort(cut);
        return cut;
    }

    @Test
    void splittingCDoesNotChangeABit() {
        SplittableRandom r = new SplittableRandom(11);
        int[][] fixed = {{64, 64, 64}, {130, 1040, 300}, {257, 33, 513}, {5, 7, 3}, {128, 784, 128}};
        for (int t = 0; t < 60; t++) {
            int[] shape = t < fixed.length ? fixed[t]
                    : new int[]{1 + r.nextInt(t % 3 == 0 ? 300 : 70), 1 + r.nextInt(t % 4 == 0 ? 300 : 70),
                            1 + r.nextInt(t % 2 == 0 ? 600 : 40)};
            int m = shape[0];
            int n = shape[1];
            int k = shape[2];
            for (int form = 0; form < 4; form++) {
                Product o = Product.random(r, m, n, k, form, COEFFICIENTS[(t + form) % COEFFICIENTS.length]);
                float[] whole = o.c0.clone();
                Gemm.gemm(o.transA, o.transB, m, n, k, o.alpha, o.a, OFF, o.lda, o.b, OFF, o.ldb, o.beta, whole, OFF,
                        o.ldc);
                for (int split = 0; split < 4; split++) {
                    boolean aligned = split < 2;
                    int[] rows = split % 2 == 0 ? cuts(r, m, aligned ? Gemm.MR : 1) : new int[]{0, m};
                    int[] cols = cuts(r, n, aligned ? Gemm.NR : 1);
                    float[] parts = o.c0.clone();
                    for (int ri = 0; ri + 1 < rows.length; ri++) {
                        int i0 = rows[ri];
                        int mi = rows[ri + 1] - i0;
                        for (int ci = 0; ci + 1 < cols.length; ci++) {
                            int j0 = cols[ci];
                            int nj = cols[ci + 1] - j0;
                            if (mi == 0 || nj == 0) {
                                continue;
                            }
                            int aOff = OFF + (o.transA ? i0 : i0 * o.lda);
                            int bOff = OFF + (o.transB ? j0 * o.ldb : j0);
                            Gemm.gemm(o.transA, o.transB, mi, nj, k, o.alpha, o.a, aOff, o.lda, o.b, bOff, o.ldb,
                                    o.beta, parts, OFF + i0 * o.ldc + j0, o.ldc);
                        }
                    }
                    assertArrayEquals(whole, parts, () -> o.describe(m, n, k) + " rows " + Arrays.toString(rows)
                            + " columns " + Arrays.toString(cols));
                }
            }
        }
    }

    /**
     * {@code Kernels.gemmBlockDepth}'s promise: the blocks along k summed apart (beta 0) and added to C
     * afterwards, the first as fma(c, beta, s) and the others as c + s, give the bits of one call.
     */
    @Test
    void blocksAlongKSummedApartAndAddedAfterwardsGiveTheSameBits() {
        SplittableRandom r = new SplittableRandom(12);
        int[] fixedK = {784, 1040, 257, 513, 768, 256, 255, 1, 7};
        SimdKernels simd = new SimdKernels();
        for (int t = 0; t < 40; t++) {
            int m = 1 + r.nextInt(t % 3 == 0 ? 200 : 40);
            int n = 1 + r.nextInt(t % 4 == 0 ? 200 : 40);
            int k = t < fixedK.length ? fixedK[t] : 1 + r.nextInt(1200);
            int depth = simd.gemmBlockDepth(k);
            assertTrue(depth >= 1 && depth <= Gemm.KC && (k + depth - 1) / depth == (k + Gemm.KC - 1) / Gemm.KC,
                    "blocks of " + depth + " for k = " + k);
            for (int form = 0; form < 4; form++) {
                Product o = Product.random(r, m, n, k, form, COEFFICIENTS[(t + form) % COEFFICIENTS.length]);
                float[] whole = o.c0.clone();
                Gemm.gemm(o.transA, o.transB, m, n, k, o.alpha, o.a, OFF, o.lda, o.b, OFF, o.ldb, o.beta, whole, OFF,
                        o.ldc);
                float[] chained = o.c0.clone();
                float[] s = new float[m * n];
                for (int p0 = 0; p0 < k; p0 += depth) {
                    int len = Math.min(depth, k - p0);
                    Arrays.fill(s, Float.NaN); // not read with beta 0
                    simd.gemm(o.transA, o.transB, m, n, len, o.alpha, o.a, OFF + (o.transA ? p0 * o.lda : p0), o.lda,
                            o.b, OFF + (o.transB ? p0 : p0 * o.ldb), o.ldb, 0f, s, 0, n);
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            int at = OFF + i * o.ldc + j;
                            float sum = s[i * n + j];
                            chained[at] = p0 > 0 ? chained[at] + sum
                                    : o.beta == 0f ? sum : Math.fma(chained[at], o.beta, sum);
                        }
                    }
                }
                assertArrayEquals(whole, chained, () -> o.describe(m, n, k) + " in blocks of " + depth);
            }
        }
    }
}
