package dev.vecprop.simd;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * At 8 and 16 lanes, the SIMD gemv sums each row of whole vectors in its blocks of eight rows in one
 * order: in each lane a chain of fma over the row's vectors in order, starting from zero, then the lanes
 * added by halves (lane i plus lane i + L/2, then the quarters, down to one), then alpha d + beta y. Any
 * other loop over the same rows (another order of loads, x kept in registers) must keep that order to give
 * the same results. Checked bit for bit against that order in scalar code, at widths on both sides of
 * eight vectors, with padded rows and several alpha and beta.
 */
class GemvOrderTest {

    private static final int OFF = 5;
    private static final float[][] COEFFICIENTS = {{1f, 0f}, {1f, 1f}, {-0.5f, 2f}, {0.75f, -1.5f}};

    @Test
    void rowsOfWholeVectorsAreSummedLaneByLaneThenByHalves() {
        int lanes = Lanes.L;
        assumeTrue(lanes == 8 || lanes == 16, "the sums across lanes in registers exist at 8 and 16 lanes");
        SimdKernels simd = new SimdKernels();
        SplittableRandom r = new SplittableRandom(21);
        int[] vectors = {1, 2, 7, 8, 9, 16, 49};
        int c = 0;
        for (int v : vectors) {
            for (int m : new int[] {8, 16, 41, 784}) {
                int n = v * lanes;
                int lda = n + (c % 3 == 0 ? 0 : c % 3 == 1 ? 1 : 7);
                float alpha = COEFFICIENTS[c % COEFFICIENTS.length][0];
                float beta = COEFFICIENTS[c % COEFFICIENTS.length][1];
                c++;
                float[] a = ParityTest.random(r, OFF + m * lda + OFF);
                float[] x = ParityTest.random(r, OFF + n + OFF);
                float[] y = ParityTest.random(r, OFF + m + OFF);
                float[] want = y.clone();
                float[] s = new float[lanes];
                for (int i = 0; i < m / 8 * 8; i++) {
                    Arrays.fill(s, 0f);
                    for (int k = 0; k < v; k++) {
                        for (int l = 0; l < lanes; l++) {
                            int j = k * lanes + l;
                            s[l] = Math.fma(a[OFF + i * lda + j], x[OFF + j], s[l]);
                        }
                    }
                    for (int h = lanes / 2; h >= 1; h /= 2) {
                        float[] t = s.clone();
                        for (int l = 0; l < lanes; l++) {
                            s[l] = t[l] + t[l ^ h];
                        }
                    }
                    want[OFF + i] = beta == 0f ? alpha * s[0] : alpha * s[0] + beta * y[OFF + i];
                }
                simd.gemv(m, n, alpha, a, OFF, lda, x, OFF, beta, y, OFF);
                for (int i = 0; i < m / 8 * 8; i++) {
                    assertEquals(Float.floatToRawIntBits(want[OFF + i]), Float.floatToRawIntBits(y[OFF + i]),
                            "gemv " + m + "x" + n + " (lda " + lda + ", " + lanes + " lanes, alpha " + alpha
                                    + ", beta " + beta + "), row " + i);
                }
                for (int i = -OFF; i < 0; i++) {
                    assertEquals(Float.floatToRawIntBits(want[OFF + i]), Float.floatToRawIntBits(y[OFF + i]),
                            "gemv wrote before y");
                }
                for (int i = m; i < m + OFF; i++) {
                    assertEquals(Float.floatToRawIntBits(want[OFF + i]), Float.floatToRawIntBits(y[OFF + i]),
                            "gemv wrote past y");
                }
            }
        }
    }
}
