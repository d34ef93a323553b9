package dev.vecprop.simd;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The SIMD gemvT gives bit-identical results however the caller splits y into blocks on multiples of 64
 * elements, as parallel kernels split it: one call over the whole of y, or one call per block (A's columns and
 * y offset, the same lda). Rows at most {@link VectorKernels#GEMVT_ROW} (128) floats apart take the path that
 * keeps y in registers, longer ones the passes of eight rows; each block must take the path the whole takes.
 * The shapes have tails in y and rows padded or not, on both sides of that bound, with several alpha and
 * beta. On the register path every element of y is one chain of fma over the rows in order, which the
 * second test checks bit for bit against such a chain in scalar code, in each of its blocks of vectors.
 */
class GemvTSplitTest {

    private static final int OFF = 3;
    /** {alpha, beta}, taken in turn by the shapes. */
    private static final float[][] COEFFICIENTS = {{1f, 0f}, {1f, 1f}, {-0.5f, 2f}, {0.75f, -1.5f}};

    @Test
    void splittingYDoesNotChangeABit() {
        SimdKernels simd = new SimdKernels();
        SplittableRandom r = new SplittableRandom(11);
        int bound = VectorKernels.GEMVT_ROW;
        int[][] shapes = {{300, bound, bound}, {300, bound - 5, bound}, {77, bound - 50, bound}, {300, bound, bound + 1},
                {129, 200, 200}, {64, 2 * bound + 7, 2 * bound + 9}, {513, 784, 784}, {31, 70, 70}};
        int c = 0;
        for (int[] shape : shapes) {
            int m = shape[0];
            int n = shape[1];
            int lda = shape[2];
            float alpha = COEFFICIENTS[c % COEFFICIENTS.length][0];
            float beta = COEFFICIENTS[c % COEFFICIENTS.length][1];
            c++;
            float[] a = ParityTest.random(r, OFF + m * lda + OFF);
            float[] x = ParityTest.random(r, OFF + m);
            float[] y0 = ParityTest.random(r, OFF + n + OFF);
            float[] whole = y0.clone();
            simd.gemvT(m, n, alpha, a, OFF, lda, x, OFF, beta, whole, OFF);
            for (int block = 64; block < n; block += 64) {
                float[] split = y0.clone();
                for (int lo = 0; lo < n; lo += block) {
                    int len = Math.min(block, n - lo);
                    simd.gemvT(m, len, alpha, a, OFF + lo, lda, x, OFF, beta, split, OFF + lo);
                }
                for (int j = 0; j < split.length; j++) {
                    assertEquals(Float.floatToRawIntBits(whole[j]), Float.floatToRawIntBits(split[j]),
                            "gemvT " + m + "x" + n + " (lda " + lda + ") in blocks of " + block + ", element " + (j - OFF));
                }
            }
        }
    }

    @Test
    void rowsOfAtMost128FloatsAreSummedInOrderWithFma() {
        SimdKernels simd = new SimdKernels();
        SplittableRandom r = new SplittableRandom(12);
        int lanes = Lanes.L;
        int[] widths = {1, 3, lanes - 1, lanes, lanes + 1, 4 * lanes - 1, 4 * lanes + 1, 5 * lanes + 3, 8 * lanes,
                8 * lanes + 1, 16 * lanes, 100, 127, 128};
        int c = 0;
        for (int n : widths) {
            if (n > VectorKernels.GEMVT_ROW) {
                continue;
            }
            int m = 1 + r.nextInt(40);
            int lda = n + r.nextInt(Math.min(3, VectorKernels.GEMVT_ROW - n + 1));
            float alpha = COEFFICIENTS[c % COEFFICIENTS.length][0];
            float beta = COEFFICIENTS[c % COEFFICIENTS.length][1];
            c++;
            float[] a = ParityTest.random(r, OFF + m * lda + OFF);
            float[] x = ParityTest.random(r, OFF + m);
            float[] y = ParityTest.random(r, OFF + n + OFF);
            float[] want = y.clone();
            for (int j = 0; j < n; j++) {
                float s = beta == 0f ? 0f : beta == 1f ? y[OFF + j] : beta * y[OFF + j];
                for (int i = 0; i < m; i++) {
                    s = Math.fma(alpha * x[OFF + i], a[OFF + i * lda + j], s);
                }
                want[OFF + j] = s;
            }
            simd.gemvT(m, n, alpha, a, OFF, lda, x, OFF, beta, y, OFF);
            for (int j = 0; j < y.length; j++) {
                assertEquals(Float.floatToRawIntBits(want[j]), Float.floatToRawIntBits(y[j]),
                        "gemvT " + m + "x" + n + " (lda " + lda + ", " + lanes + " lanes), element " + (j - OFF));
            }
        }
    }
}
