package dev.vecprop.core;

import dev.vecprop.spi.Kernels;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scalar kernels against their one-line definitions computed in double, on random sizes, offsets and
 * leading dimensions wider than the rows: the scalar kernels are the oracle for every other provider, so
 * they are held to the definitions themselves.
 */
class ScalarKernelsTest {

    private final Kernels k = KernelProviders.scalar();
    private final SplittableRandom random = new SplittableRandom(42);

    @Test
    void dotAxpyScal() {
        for (int n : new int[]{1, 3, 8, 17, 100}) {
            int off = random.nextInt(5);
            float[] x = randomArray(n + off);
            float[] y = randomArray(n + off + 2);
            double dot = 0;
            for (int i = 0; i < n; i++) {
                dot += (double) x[off + i] * y[off + 2 + i];
            }
            assertEquals(dot, k.dot(n, x, off, y, off + 2), 1e-5 * n);
            float[] before = y.clone();
            k.axpy(n, 0.5f, x, off, y, off + 2);
            for (int i = 0; i < y.length; i++) {
                boolean inRange = i >= off + 2 && i < off + 2 + n;
                float expected = inRange ? before[i] + 0.5f * x[i - 2] : before[i];
                assertEquals(expected, y[i], 1e-6, "axpy element " + i);
            }
            float[] x0 = x.clone();
            k.scal(n, -2f, x, off);
            for (int i = 0; i < x.length; i++) {
                assertEquals(i >= off && i < off + n ? -2f * x0[i] : x0[i], x[i], "scal element " + i);
            }
        }
    }

    @Test
    void gemvAndTransposedGemv() {
        int m = 7, n = 5, lda = 9, aOff = 3;
        float[] a = randomArray(aOff + m * lda);
        float[] x = randomArray(n + 1);
        float[] xt = randomArray(m + 2);
        float[] y = randomArray(m + 1);
        float[] yt = randomArray(n);
        float[] y0 = y.clone();
        float[] yt0 = yt.clone();
        k.gemv(m, n, 2f, a, aOff, lda, x, 1, 0.5f, y, 1);
        for (int i = 0; i < m; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += (double) a[aOff + i * lda + j] * x[1 + j];
            }
            assertEquals(2 * s + 0.5 * y0[1 + i], y[1 + i], 1e-5);
        }
        assertEquals(y0[0], y[0]);
        k.gemvT(m, n, 1f, a, aOff, lda, xt, 2, 1f, yt, 0);
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int i = 0; i < m; i++) {
                s += (double) a[aOff + i * lda + j] * xt[2 + i];
            }
            assertEquals(s + yt0[j], yt[j], 1e-5);
        }
        // beta 0 overwrites without reading: NaN in the output does not leak
        float[] nan = new float[m];
        Arrays.fill(nan, Float.NaN);
        k.gemv(m, n, 1f, a, aOff, lda, x, 1, 0f, nan, 0);
        for (float v : nan) {
            assertEquals(false, Float.isNaN(v));
        }
    }

    @Test
    void rankOneUpdate() {
        int m = 4, n = 6, lda = 8;
        float[] a = randomArray(m * lda);
        float[] a0 = a.clone();
        float[] x = randomArray(m);
        float[] y = randomArray(n + 3);
        k.ger(m, n, -0.25f, x, 0, y, 3, a, 0, lda);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < lda; j++) {
                float expected = j < n ? a0[i * lda + j] - 0.25f * x[i] * y[3 + j] : a0[i * lda + j];
                assertEquals(expected, a[i * lda + j], 1e-6, "a[" + i + "][" + j + "]");
            }
        }
    }

    @Test
    void gemmInAllFourForms() {
        for (boolean ta : new boolean[]{false, true}) {
            for (boolean tb : new boolean[]{false, true}) {
                int m = 5, n = 7, kk = 3;
                int lda = (ta ? m : kk) + 2, ldb = (tb ? kk : n) + 1, ldc = n + 3;
                int aOff = 1, bOff = 2, cOff = 4;
                float[] a = randomArray(aOff + (ta ? kk : m) * lda);
                float[] b = randomArray(bOff + (tb ? n : kk) * ldb);
                float[] c = randomArray(cOff + m * ldc);
                float[] c0 = c.clone();
                k.gemm(ta, tb, m, n, kk, 1.5f, a, aOff, lda, b, bOff, ldb, -0.5f, c, cOff, ldc);
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < ldc; j++) {
                        int at = cOff + i * ldc + j;
                        if (j >= n) {
                            assertEquals(c0[at], c[at], "outside C touched");
                            continue;
                        }
                        double s = 0;
                        for (int p = 0; p < kk; p++) {
                            double av = ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                            double bv = tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                            s += av * bv;
                        }
                        assertEquals(1.5 * s - 0.5 * c0[at], c[at], 1e-5, "transA=" + ta + " transB=" + tb + " C[" + i + "][" + j + "]");
                    }
                }
            }
        }
    }

    @Test
    void activationsAndTheirDerivatives() {
        float[] x = {-100f, -20f, -1f, 0f, 0.5f, 3f, 20f, 100f};
        float[] y = new float[x.length];
        k.sigmoid(x.length, x, 0, y, 0);
        for (int i = 0; i < x.length; i++) {
            assertEquals(1 / (1 + Math.exp(-x[i])), y[i], 1e-7);
        }
        k.tanh(x.length, x, 0, y, 0);
        for (int i = 0; i < x.length; i++) {
            assertEquals(Math.tanh(x[i]), y[i], 1e-7);
        }
        k.relu(x.length, x, 0, y, 0);
        for (int i = 0; i < x.length; i++) {
            assertEquals(Math.max(0, x[i]), y[i]);
        }
        float[] logits = {1000f, -1000f, 3f, 1000f};
        float[] p = new float[4];
        k.softmax(4, logits, 0, p, 0);
        assertEquals(0.5f, p[0]);
        assertEquals(0f, p[1]);
        assertEquals(0.5f, p[3]);

        float[] out = {0.25f, 0.5f, 0f, 1f};
        float[] g = {1f, 2f, 3f, 4f};
        k.sigmoidBackward(4, out, 0, g, 0);
        assertEquals(List4.of(0.1875f, 0.5f, 0f, 0f), List4.of(g));
        g = new float[]{1f, 2f, 3f, 4f};
        k.tanhBackward(4, out, 0, g, 0);
        assertEquals(List4.of(0.9375f, 1.5f, 3f, 0f), List4.of(g));
        g = new float[]{1f, 2f, 3f, 4f};
        k.reluBackward(4, out, 0, g, 0);
        assertEquals(List4.of(1f, 2f, 0f, 4f), List4.of(g));
    }

    /** The unit roundoff of float: a correctly rounded result is within u of the exact one, relatively. */
    private static final double U = 0x1p-24;
    /** Fills the cells around an operand, to show that nothing outside its range is written. */
    private static final float GUARD = 42f;

    /** The one-row operations of the SPI, named as in Kernels, with out-of-place and in-place forms. */
    private interface RowOp {
        void apply(Kernels k, int n, float[] x, int xOff, float[] y, int yOff);
    }

    /**
     * sigmoid, tanh, relu and softmax against their definitions in double, on random rows of every length from
     * 1 to 70 at nonzero offsets, out of place and in place (y the same array and offset as x), with the cells
     * around the row left as they were. The tolerances follow from how many roundings the scalar kernels make,
     * u = 2^-24 each:
     * <ul>
     *   <li>sigmoid and tanh are evaluated in double and rounded to float once: within one ulp of the reference
     *       (half an ulp, and the double evaluation's own error, far below it);</li>
     *   <li>relu is exact;</li>
     *   <li>softmax rounds x - max (an error of u |x - max| relative in e^(x - max)), each e^(x - max) to float
     *       (u), n - 1 additions of the sum ((n - 1) u of the sum, so relatively of each output), 1 / sum (u) and
     *       the product (u): within ((n + 3) + |x - max|) u relatively, plus 1e-38 for outputs that underflow.
     *       Rows sum to 1 within 1e-6: the bound above allows (n + 3) u, 4.4e-6 at n = 70, but rounding errors of
     *       a sum behave like a random walk, about sqrt(n) u, 5e-7 at n = 70.</li>
     * </ul>
     */
    @Test
    void activationsOfEveryRowLengthAgreeWithTheirDefinitionsInDouble() {
        for (int n = 1; n <= 70; n++) {
            for (int spread : new int[]{8, 100}) {
                float[] x = new float[n + 9];
                Arrays.fill(x, GUARD);
                int xOff = 1 + n % 5;
                for (int i = 0; i < n; i++) {
                    x[xOff + i] = (float) (random.nextDouble() * 2 - 1) * spread;
                }
                double max = Double.NEGATIVE_INFINITY;
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    max = Math.max(max, x[xOff + i]);
                }
                for (int i = 0; i < n; i++) {
                    sum += Math.exp(x[xOff + i] - max);
                }
                final double mx = max, total = sum;
                final int len = n;
                String row = "n " + n + " spread " + spread;
                if (spread == 8) {
                    checkRow("sigmoid " + row, Kernels::sigmoid, x, xOff, n, (v, i) -> 1 / (1 + Math.exp(-v)),
                            (v, i) -> Math.ulp((float) (1 / (1 + Math.exp(-v)))));
                    checkRow("tanh " + row, Kernels::tanh, x, xOff, n, (v, i) -> Math.tanh(v),
                            (v, i) -> Math.ulp((float) Math.tanh(v)));
                    checkRow("relu " + row, Kernels::relu, x, xOff, n, (v, i) -> Math.max(0, v), (v, i) -> 0);
                }
                float[] p = checkRow("softmax " + row, Kernels::softmax, x, xOff, n,
                        (v, i) -> Math.exp(v - mx) / total,
                        (v, i) -> ((len + 3) + Math.abs((float) (v - mx))) * U * Math.exp(v - mx) / total + 1e-38);
                double rowSum = 0;
                for (int i = 0; i < n; i++) {
                    rowSum += p[i];
                }
                assertEquals(1, rowSum, 1e-6, "softmax " + row + ": sum of the row");
            }
        }
    }

    /** A reference value, or a tolerance, for the input v at index i of the row. */
    private interface Definition {
        double of(double v, int i);
    }

    /**
     * Applies {@code op} to the row out of place (into another array at another offset) and in place, checks
     * both against the definition and the guard cells, and that the two agree bit for bit.
     *
     * @return the row's outputs
     */
    private float[] checkRow(String what, RowOp op, float[] x, int xOff, int n, Definition exact, Definition tolerance) {
        float[] x0 = x.clone();
        int yOff = 2 + n % 3;
        float[] y = new float[n + 7];
        Arrays.fill(y, GUARD);
        op.apply(k, n, x, xOff, y, yOff);
        assertArrayEquals(x0, x, what + ": the input was changed");
        float[] inPlace = x.clone();
        op.apply(k, n, inPlace, xOff, inPlace, xOff);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            double v = x[xOff + i];
            double want = exact.of(v, i);
            float got = y[yOff + i];
            assertTrue(Math.abs(got - want) <= tolerance.of(v, i), what + ": element " + i + " of " + v + " is " + got
                    + ", the definition gives " + want + " (allowed " + tolerance.of(v, i) + ")");
            assertEquals(Float.floatToRawIntBits(got), Float.floatToRawIntBits(inPlace[xOff + i]),
                    what + ": element " + i + " in place is " + inPlace[xOff + i] + ", out of place " + got);
            out[i] = got;
        }
        for (int i = 0; i < y.length; i++) {
            if (i < yOff || i >= yOff + n) {
                assertEquals(GUARD, y[i], what + ": cell " + i + " outside the output row was written");
            }
        }
        for (int i = 0; i < x.length; i++) {
            if (i < xOff || i >= xOff + n) {
                assertEquals(x0[i], inPlace[i], what + ": cell " + i + " outside the row was written in place");
            }
        }
        return out;
    }

    /** The derivative operations multiply g in place: g y (1 - y), g (1 - y^2), y &gt; 0 ? g : 0. */
    private interface BackwardOp {
        void apply(Kernels k, int n, float[] y, int yOff, float[] g, int gOff);
    }

    /**
     * The derivatives from the outputs, against their definitions in double, on every length from 1 to 70 at
     * nonzero offsets. Tolerances from the roundings, u = 2^-24 each: sigmoidBackward rounds 1 - y (exact from
     * y = 1/2 up), y (1 - y) and the product with g, so within 3u relatively (4u allowed); tanhBackward rounds
     * y^2 (at most u, as y^2 &lt;= 1), 1 - y^2 (u |1 - y^2| &lt;= u) and the product (u relatively), so within
     * 2u |g| + u |result| (2u |g| + 2u |result| allowed); reluBackward is exact.
     */
    @Test
    void derivativesOfEveryRowLengthAgreeWithTheirDefinitionsInDouble() {
        for (int n = 1; n <= 70; n++) {
            int yOff = 1 + n % 4;
            int gOff = 3 + n % 5;
            float[] sig = new float[n + 8];
            float[] th = new float[n + 8];
            float[] re = new float[n + 8];
            float[] g = new float[n + 9];
            Arrays.fill(g, GUARD);
            for (int i = 0; i < n; i++) {
                sig[yOff + i] = (float) random.nextDouble();
                th[yOff + i] = (float) (random.nextDouble() * 2 - 1);
                re[yOff + i] = i % 4 == 0 ? 0f : (float) (random.nextDouble() * 2 - 1);
                g[gOff + i] = (float) (random.nextDouble() * 6 - 3);
            }
            checkBackward("sigmoidBackward n " + n, Kernels::sigmoidBackward, sig, yOff, g, gOff, n,
                    (y, gi) -> gi * y * (1 - y), (y, gi) -> 4 * U * Math.abs(gi * y * (1 - y)));
            checkBackward("tanhBackward n " + n, Kernels::tanhBackward, th, yOff, g, gOff, n,
                    (y, gi) -> gi * (1 - y * y), (y, gi) -> 2 * U * Math.abs(gi) + 2 * U * Math.abs(gi * (1 - y * y)));
            checkBackward("reluBackward n " + n, Kernels::reluBackward, re, yOff, g, gOff, n,
                    (y, gi) -> y > 0 ? gi : 0, (y, gi) -> 0);
        }
    }

    /** A reference value, or a tolerance, for output y and incoming gradient g. */
    private interface Derivative {
        double of(double y, double g);
    }

    private void checkBackward(String what, BackwardOp op, float[] y, int yOff, float[] g, int gOff, int n,
                               Derivative exact, Derivative tolerance) {
        float[] y0 = y.clone();
        float[] got = g.clone();
        op.apply(k, n, y, yOff, got, gOff);
        assertArrayEquals(y0, y, what + ": the outputs were changed");
        for (int i = 0; i < g.length; i++) {
            if (i < gOff || i >= gOff + n) {
                assertEquals(g[i], got[i], what + ": cell " + i + " outside the gradient row was written");
                continue;
            }
            double yi = y[yOff + i - gOff];
            double want = exact.of(yi, g[i]);
            assertTrue(Math.abs(got[i] - want) <= tolerance.of(yi, g[i]), what + ": element " + (i - gOff) + " is "
                    + got[i] + ", the definition gives " + want + " (allowed " + tolerance.of(yi, g[i]) + ")");
        }
    }

    /** Four floats compared as a value, for readable failures. */
    private record List4(float a, float b, float c, float d) {
        static List4 of(float a, float b, float c, float d) {
            return new List4(a, b, c, d);
        }

        static List4 of(float[] v) {
            return new List4(v[0], v[1], v[2], v[3]);
        }
    }


    /** A matrix operation with one matrix argument left open: its array, offset and leading dimension. */
    interface MatrixCall {
        void call(Kernels k, float[] m, int off, int ld);
    }

    /**
     * One matrix argument of one matrix operation, on shapes of 3 x 4 (gemm: m 3, n 4, k 4), the other
     * arguments valid.
     *
     * @param what  the operation and argument, for messages
     * @param name  the matrix's name in the kernels' messages
     * @param rows  rows of the matrix as stored
     * @param cols  columns of the matrix as stored: the smallest valid leading dimension
     * @param call  the call
     */
    record MatrixArgument(String what, String name, int rows, int cols, MatrixCall call) {

        /** Elements from the first to the last with the smallest leading dimension. */
        int extent() {
            return (rows - 1) * cols + cols;
        }

        static List<MatrixArgument> all() {
            float[] x = new float[8];
            float[] y = new float[8];
            float[] a = new float[32];
            float[] b = new float[32];
            float[] c = new float[32];
            return List.of(
                    new MatrixArgument("gemv", "A", 3, 4, (k, m, off, ld) -> k.gemv(3, 4, 1f, m, off, ld, x, 0, 0f, y, 0)),
                    new MatrixArgument("gemvT", "A", 3, 4, (k, m, off, ld) -> k.gemvT(3, 4, 1f, m, off, ld, x, 0, 0f, y, 0)),
                    new MatrixArgument("ger", "A", 3, 4, (k, m, off, ld) -> k.ger(3, 4, 1f, x, 0, y, 0, m, off, ld)),
                    new MatrixArgument("sparseGemvT", "A", 3, 4,
                            (k, m, off, ld) -> k.sparseGemvT(3, 4, m, off, ld, x, 0, y, 0)),
                    new MatrixArgument("sparseGer", "A", 3, 4,
                            (k, m, off, ld) -> k.sparseGer(3, 4, 1f, x, 0, y, 0, m, off, ld)),
                    new MatrixArgument("sparseMomentumGer A", "A", 3, 4,
                            (k, m, off, ld) -> k.sparseMomentumGer(3, 4, 0.9f, 1f, x, 0, y, 0, a, 0, m, off, ld)),
                    new MatrixArgument("sparseMomentumGer V", "A", 3, 4,
                            (k, m, off, ld) -> k.sparseMomentumGer(3, 4, 0.9f, 1f, x, 0, y, 0, m, off, a, 0, ld)),
                    new MatrixArgument("sparseMomentumGerGemvT A", "A", 3, 4,
                            (k, m, off, ld) -> k.sparseMomentumGerGemvT(3, 4, 0.9f, 1f, x, 0, y, 0, x, x, 0, a, 0, m,
                                    off, ld, x, 0, y, 0)),
                    new MatrixArgument("sparseMomentumGerGemvT V", "A", 3, 4,
                            (k, m, off, ld) -> k.sparseMomentumGerGemvT(3, 4, 0.9f, 1f, x, 0, y, 0, x, x, 0, m, off, a,
                                    0, ld, x, 0, y, 0)),
                    new MatrixArgument("gemm A", "A", 3, 4,
                            (k, m, off, ld) -> k.gemm(false, false, 3, 4, 4, 1f, m, off, ld, b, 0, 4, 0f, c, 0, 4)),
                    new MatrixArgument("gemm A^T", "A", 4, 3,
                            (k, m, off, ld) -> k.gemm(true, false, 3, 4, 4, 1f, m, off, ld, b, 0, 4, 0f, c, 0, 4)),
                    new MatrixArgument("gemm B", "B", 4, 4,
                            (k, m, off, ld) -> k.gemm(false, false, 3, 4, 4, 1f, a, 0, 4, m, off, ld, 0f, c, 0, 4)),
                    new MatrixArgument("gemm B^T", "B", 4, 4,
                            (k, m, off, ld) -> k.gemm(false, true, 3, 4, 4, 1f, a, 0, 4, m, off, ld, 0f, c, 0, 4)),
                    new MatrixArgument("gemm C", "C", 3, 4,
                            (k, m, off, ld) -> k.gemm(false, false, 3, 4, 4, 1f, a, 0, 4, b, 0, 4, 0f, m, off, ld)),
                    new MatrixArgument("gemm C of A^T B^T", "C", 3, 4,
                            (k, m, off, ld) -> k.gemm(true, true, 3, 4, 4, 1f, a, 0, 3, b, 0, 4, 0f, m, off, ld)));
        }

        /**
         * Calls with a leading dimension one too small and with offsets one past the end and -1: each must
         * throw before anything is written.
         *
         * @param k the kernels
         * @return the message of the IllegalArgumentException for the leading dimension
         */
        String assertRefused(Kernels k) {
            float[] m = new float[32];
            Arrays.fill(m, 0.25f);
            call.call(k, m, 0, cols);
            call.call(k, m, m.length - extent(), cols);
            float[] before = m.clone();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> call.call(k, m, 0, cols - 1), what);
            assertEquals("matrix " + name + " is " + rows + " x " + cols + " but its leading dimension is "
                    + (cols - 1) + " (at least " + cols + ")", e.getMessage(), what);
            assertThrows(IndexOutOfBoundsException.class, () -> call.call(k, m, m.length - extent() + 1, cols), what);
            assertThrows(IndexOutOfBoundsException.class, () -> call.call(k, m, -1, cols), what);
            assertArrayEquals(before, m, what + ": written by a refused call");
            return e.getMessage();
        }
    }

    /**
     * A leading dimension below the row length (rows that would overlap) is refused with an
     * {@link IllegalArgumentException}, an offset outside the array with an {@link IndexOutOfBoundsException},
     * before anything is written: as the SIMD kernels do, so that a bad call fails alike on either.
     */
    @Test
    void everyMatrixArgumentIsChecked() {
        for (MatrixArgument arg : MatrixArgument.all()) {
            arg.assertRefused(k);
        }
    }

    /** The momentum steps' vectors are checked before any row is stepped. */
    @Test
    void theMomentumStepsWriteNothingWhenAVectorIsTooShort() {
        float[] x = {1, 2, 3};
        float[] d = {1, 1, 1, 1};
        float[] s = new float[3];
        float[] a = new float[12];
        float[] v = new float[12];
        assertThrows(IndexOutOfBoundsException.class,
                () -> k.sparseMomentumGer(3, 4, 0.9f, 1f, x, 0, new float[3], 0, v, 0, a, 0, 4));
        assertThrows(IndexOutOfBoundsException.class,
                () -> k.sparseMomentumGer(3, 4, 0.9f, 1f, x, 0, d, 0, new float[11], 0, a, 0, 4));
        assertThrows(IndexOutOfBoundsException.class,
                () -> k.sparseMomentumGerGemvT(3, 4, 0.9f, 1f, x, 0, d, 0, s, s, 0, v, 0, a, 0, 4, x, 0,
                        new float[3], 0));
        assertThrows(IndexOutOfBoundsException.class,
                () -> k.sparseMomentumGerGemvT(3, 4, 0.9f, 1f, x, 0, d, 0, s, new float[2], 0, v, 0, a, 0, 4, x, 0,
                        d, 0));
        assertArrayEquals(new float[12], a, "the weights");
        assertArrayEquals(new float[12], v, "the velocities");
    }

    @Test
    void vectorArgumentsOfTheMatrixOperationsAreChecked() {
        float[] a = new float[12];
        float[] x = new float[4];
        float[] y = new float[3];
        assertThrows(IndexOutOfBoundsException.class, () -> k.gemv(3, 4, 1f, a, 0, 4, x, 1, 0f, y, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> k.gemv(3, 4, 1f, a, 0, 4, x, 0, 0f, y, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> k.gemvT(3, 4, 1f, a, 0, 4, y, 1, 0f, x, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> k.ger(3, 4, 1f, y, 0, x, 1, a, 0, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> k.sparseGemvT(3, 4, a, 0, 4, y, 1, x, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> k.sparseGer(3, 4, 1f, y, 0, x, 1, a, 0, 4));
        assertThrows(IllegalArgumentException.class, () -> k.gemv(-1, 4, 1f, a, 0, 4, x, 0, 0f, y, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> k.axpy(4, 1f, x, 0, y, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> k.dot(-1, x, 0, y, 0));
        // Empty operations accept any offset up to the array's end, as the SIMD kernels do.
        k.gemv(0, 4, 1f, a, 12, 0, x, 0, 0f, y, 3);
        k.gemm(false, false, 0, 0, 0, 1f, a, 0, 0, a, 0, 0, 0f, a, 0, 0);
    }

    private float[] randomArray(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return v;
    }
}
