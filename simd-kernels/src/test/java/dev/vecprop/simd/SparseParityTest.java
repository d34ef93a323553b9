package dev.vecprop.simd;

import dev.vecprop.core.KernelProviders;
import dev.vecprop.spi.Kernels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The zero-skipping operations (sparseGemvT, sparseGer) of the SIMD kernels against the
 * scalar ones (to rounding, as in {@link ParityTest}) and against the SPI's default methods running on the
 * SIMD axpy (bit for bit: the overrides promise the same arithmetic in the same order). Columns 1 to 70 and
 * 127, 128, 129, 784 (every vector tail and block boundary), rows from 1 to 784, offsets and padded rows,
 * inputs about half zeros, some all zeros.
 */
class SparseParityTest {

    static final Kernels SCALAR = KernelProviders.scalar();
    static Kernels simd;
    /** The SIMD kernels without their sparse overrides: the SPI's default methods over the SIMD axpy. */
    static Kernels defaults;

    static final int OFF = ParityTest.OFF;
    static final int PAD = ParityTest.PAD;

    @BeforeAll
    static void simdIsActive() {
        simd = new SimdKernels();
        assertNull(simd.unavailableReason(), "the SIMD kernels must run in this test JVM");
        defaults = new Delegate(simd);
    }

    /** Rows for a column count: small and large, with the 784 x 128 of a first layer among them. */
    static int[] rowsFor(int n) {
        return n == 128 || n == 10 ? new int[]{1, 9, 784} : new int[]{1 + n % 7, 17 + n % 13};
    }

    /** Values in (-1, 1), about half of them zero; with {@code allZero}, all zero. */
    static float[] sparse(SplittableRandom r, int n, boolean allZero) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = allZero || r.nextBoolean() ? 0f : (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }

    /** An m x n matrix at OFF with leading dimension n + PAD; NaN in the rows where x is zero. */
    static float[] matrix(SplittableRandom r, int m, int n, float[] x) {
        int lda = n + PAD;
        float[] a = ParityTest.random(r, OFF + m * lda + OFF);
        for (int i = 0; i < m; i++) {
            if (x[OFF + i] == 0f) {
                for (int j = 0; j < n; j++) {
                    a[OFF + i * lda + j] = Float.NaN;
                }
            }
        }
        return a;
    }

    @Test
    void sparseGemvT() {
        SplittableRandom r = new SplittableRandom(21);
        for (int n : ParityTest.SIZES) {
            for (int m : rowsFor(n)) {
                for (boolean allZero : new boolean[]{false, n == 3}) {
                    int lda = n + PAD;
                    float[] x = sparse(r, OFF + m + OFF, allZero);
                    float[] a = matrix(r, m, n, x);
                    float[] y = ParityTest.random(r, OFF + n + OFF);
                    float[] want = y.clone();
                    float[] got = y.clone();
                    float[] same = y.clone();
                    SCALAR.sparseGemvT(m, n, a, OFF, lda, x, OFF, want, OFF);
                    simd.sparseGemvT(m, n, a, OFF, lda, x, OFF, got, OFF);
                    defaults.sparseGemvT(m, n, a, OFF, lda, x, OFF, same, OFF);
                    float[] scale = ParityTest.abs(y);
                    SCALAR.sparseGemvT(m, n, ParityTest.abs(a), OFF, lda, ParityTest.abs(x), OFF, scale, OFF);
                    String what = "sparseGemvT " + m + "x" + n;
                    ParityTest.assertClose(what, want, got, scale);
                    ParityTest.assertArrayBits(what + " against the default method", same, got);
                }
            }
        }
    }

    @Test
    void sparseGer() {
        SplittableRandom r = new SplittableRandom(22);
        for (int n : ParityTest.SIZES) {
            for (int m : rowsFor(n)) {
                int lda = n + PAD;
                float[] x = sparse(r, OFF + m + OFF, false);
                float[] d = ParityTest.random(r, OFF + n + OFF);
                float[] a = matrix(r, m, n, x);
                float alpha = (float) r.nextDouble(-2, 2);
                float[] want = a.clone();
                float[] got = a.clone();
                float[] same = a.clone();
                float[] dense = a.clone();
                SCALAR.sparseGer(m, n, alpha, x, OFF, d, OFF, want, OFF, lda);
                simd.sparseGer(m, n, alpha, x, OFF, d, OFF, got, OFF, lda);
                defaults.sparseGer(m, n, alpha, x, OFF, d, OFF, same, OFF, lda);
                float[] scale = ParityTest.abs(a);
                SCALAR.sparseGer(m, n, Math.abs(alpha), ParityTest.abs(x), OFF, ParityTest.abs(d), OFF, scale, OFF, lda);
                String what = "sparseGer " + m + "x" + n;
                ParityTest.assertClose(what, want, got, scale);
                ParityTest.assertArrayBits(what + " against the default method", same, got);
                // the rows it updates get what ger gives them (the others hold NaN there, and are left alone)
                simd.ger(m, n, alpha, x, OFF, d, OFF, dense, OFF, lda);
                for (int i = 0; i < m; i++) {
                    if (x[OFF + i] != 0f) {
                        for (int j = 0; j < n; j++) {
                            int at = OFF + i * lda + j;
                            assertTrue(Float.compare(dense[at], got[at]) == 0, what + ": row " + i + " differs from ger");
                        }
                    }
                }
            }
        }
    }

    /**
     * The update and the sum in one pass: bit for bit the SIMD sparseGer then sparseGemvT (and so the default
     * method), with the update's and the sum's nonzero inputs apart, overlapping, or one of them all zero;
     * rows that neither needs hold NaN and must be left alone. 256 columns make two blocks of eight vectors at
     * 16 lanes.
     */
    @Test
    void sparseGerGemvT() {
        SplittableRandom r = new SplittableRandom(23);
        int[] sizes = java.util.Arrays.copyOf(ParityTest.SIZES, ParityTest.SIZES.length + 1);
        sizes[sizes.length - 1] = 256;
        for (int n : sizes) {
            for (int m : rowsFor(n)) {
                for (int zeros = 0; zeros < 3; zeros++) {
                    int lda = n + PAD;
                    float[] u = sparse(r, OFF + m + OFF, zeros == 1);
                    float[] x = sparse(r, OFF + m + OFF, zeros == 2);
                    float[] d = ParityTest.random(r, OFF + n + OFF);
                    float[] a = ParityTest.random(r, OFF + m * lda + OFF);
                    for (int i = 0; i < m; i++) {
                        if (u[OFF + i] == 0f && x[OFF + i] == 0f) {
                            java.util.Arrays.fill(a, OFF + i * lda, OFF + i * lda + n, Float.NaN);
                        }
                    }
                    float[] y = ParityTest.random(r, OFF + n + OFF);
                    float alpha = (float) r.nextDouble(-2, 2);
                    float[] wantA = a.clone();
                    float[] wantY = y.clone();
                    simd.sparseGer(m, n, alpha, u, OFF, d, OFF, wantA, OFF, lda);
                    simd.sparseGemvT(m, n, wantA, OFF, lda, x, OFF, wantY, OFF);
                    float[] gotA = a.clone();
                    float[] gotY = y.clone();
                    simd.sparseGerGemvT(m, n, alpha, u, OFF, d, OFF, gotA, OFF, lda, x, OFF, gotY, OFF);
                    String what = "sparseGerGemvT " + m + "x" + n + (zeros == 1 ? ", no update" : zeros == 2 ? ", no sum" : "");
                    ParityTest.assertArrayBits(what + ": the matrix", wantA, gotA);
                    ParityTest.assertArrayBits(what + ": the sums", wantY, gotY);
                    float[] sameA = a.clone();
                    float[] sameY = y.clone();
                    defaults.sparseGerGemvT(m, n, alpha, u, OFF, d, OFF, sameA, OFF, lda, x, OFF, sameY, OFF);
                    ParityTest.assertArrayBits(what + ": the default method's sums", sameY, gotY);
                }
            }
        }
    }

    /**
     * The momentum step of the rows of nonzero inputs: against the scalar kernels to rounding, bit for bit the
     * default method over the SIMD scal and axpy; rows of zero inputs (NaN in both matrices) left alone.
     */
    @Test
    void sparseMomentumGer() {
        SplittableRandom r = new SplittableRandom(24);
        for (int n : ParityTest.SIZES) {
            for (int m : rowsFor(n)) {
                int lda = n + PAD;
                float[] x = sparse(r, OFF + m + OFF, n == 5);
                float[] d = ParityTest.random(r, OFF + n + OFF);
                float[] a = matrix(r, m, n, x);
                float[] v = matrix(r, m, n, x);
                float mu = (float) r.nextDouble(0, 1);
                float eta = (float) r.nextDouble(0, 2);
                float[] wantA = a.clone();
                float[] wantV = v.clone();
                SCALAR.sparseMomentumGer(m, n, mu, eta, x, OFF, d, OFF, wantV, OFF, wantA, OFF, lda);
                float[] gotA = a.clone();
                float[] gotV = v.clone();
                simd.sparseMomentumGer(m, n, mu, eta, x, OFF, d, OFF, gotV, OFF, gotA, OFF, lda);
                float[] sameA = a.clone();
                float[] sameV = v.clone();
                defaults.sparseMomentumGer(m, n, mu, eta, x, OFF, d, OFF, sameV, OFF, sameA, OFF, lda);
                // Every term at its magnitude: |v| mu + |x d|, and |a| + eta times that.
                float[] scaleV = ParityTest.abs(v);
                float[] scaleA = ParityTest.abs(a);
                SCALAR.sparseMomentumGer(m, n, mu, -eta, ParityTest.abs(x), OFF, ParityTest.abs(d), OFF, scaleV, OFF,
                        scaleA, OFF, lda);
                String what = "sparseMomentumGer " + m + "x" + n;
                ParityTest.assertClose(what + ": the velocities", wantV, gotV, scaleV);
                ParityTest.assertClose(what + ": the matrix", wantA, gotA, scaleA);
                ParityTest.assertArrayBits(what + ": the velocities against the default method", sameV, gotV);
                ParityTest.assertArrayBits(what + ": the matrix against the default method", sameA, gotA);
            }
        }
    }

    /**
     * The momentum step, the catch-up and the sums in one pass: bit for bit the default method over the SIMD
     * kernels (the step, the catch-ups, then sparseGemvT), to rounding the scalar kernels; the step's and the
     * sum's nonzero inputs apart, overlapping, or one of them all zero; rows that neither needs hold NaN and
     * must be left alone, as must the catch-up factors of rows that the step makes (NaN there).
     */
    @Test
    void sparseMomentumGerGemvT() {
        SplittableRandom r = new SplittableRandom(25);
        int[] sizes = java.util.Arrays.copyOf(ParityTest.SIZES, ParityTest.SIZES.length + 1);
        sizes[sizes.length - 1] = 256;
        for (int n : sizes) {
            for (int m : rowsFor(n)) {
                for (int zeros = 0; zeros < 3; zeros++) {
                    int lda = n + PAD;
                    float[] u = sparse(r, OFF + m + OFF, zeros == 1);
                    float[] x = sparse(r, OFF + m + OFF, zeros == 2);
                    float[] d = ParityTest.random(r, OFF + n + OFF);
                    float[] a = ParityTest.random(r, OFF + m * lda + OFF);
                    float[] v = ParityTest.random(r, OFF + m * lda + OFF);
                    float[] s = new float[OFF + m + OFF];
                    float[] c = new float[OFF + m + OFF];
                    for (int i = 0; i < m; i++) {
                        boolean step = u[OFF + i] != 0f;
                        if (!step && x[OFF + i] == 0f) {
                            java.util.Arrays.fill(a, OFF + i * lda, OFF + i * lda + n, Float.NaN);
                            java.util.Arrays.fill(v, OFF + i * lda, OFF + i * lda + n, Float.NaN);
                        }
                        s[OFF + i] = step ? Float.NaN : (float) r.nextDouble(-3, 0);
                        c[OFF + i] = step ? Float.NaN : (float) r.nextDouble(0, 1);
                    }
                    float[] y = ParityTest.random(r, OFF + n + OFF);
                    float mu = (float) r.nextDouble(0, 1);
                    float eta = (float) r.nextDouble(0, 2);
                    float[] sameA = a.clone();
                    float[] sameV = v.clone();
                    float[] sameY = y.clone();
                    defaults.sparseMomentumGerGemvT(m, n, mu, eta, u, OFF, d, OFF, s, c, OFF, sameV, OFF, sameA, OFF,
                            lda, x, OFF, sameY, OFF);
                    float[] gotA = a.clone();
                    float[] gotV = v.clone();
                    float[] gotY = y.clone();
                    simd.sparseMomentumGerGemvT(m, n, mu, eta, u, OFF, d, OFF, s, c, OFF, gotV, OFF, gotA, OFF, lda, x,
                            OFF, gotY, OFF);
                    String what = "sparseMomentumGerGemvT " + m + "x" + n
                            + (zeros == 1 ? ", no step" : zeros == 2 ? ", no sum" : "");
                    ParityTest.assertArrayBits(what + ": the matrix", sameA, gotA);
                    ParityTest.assertArrayBits(what + ": the velocities", sameV, gotV);
                    ParityTest.assertArrayBits(what + ": the sums", sameY, gotY);
                    float[] wantA = a.clone();
                    float[] wantV = v.clone();
                    float[] wantY = y.clone();
                    SCALAR.sparseMomentumGerGemvT(m, n, mu, eta, u, OFF, d, OFF, s, c, OFF, wantV, OFF, wantA, OFF,
                            lda, x, OFF, wantY, OFF);
                    float[] scaleA = ParityTest.abs(a);
                    float[] scaleV = ParityTest.abs(v);
                    float[] scaleY = ParityTest.abs(y);
                    SCALAR.sparseMomentumGerGemvT(m, n, mu, -eta, ParityTest.abs(u), OFF, ParityTest.abs(d), OFF,
                            ParityTest.abs(s), ParityTest.abs(c), OFF, scaleV, OFF, scaleA, OFF, lda,
                            ParityTest.abs(x), OFF, scaleY, OFF);
                    ParityTest.assertClose(what + ": the matrix against the scalar kernels", wantA, gotA, scaleA);
                    ParityTest.assertClose(what + ": the velocities against the scalar kernels", wantV, gotV, scaleV);
                    ParityTest.assertClose(what + ": the sums against the scalar kernels", wantY, gotY, scaleY);
                }
            }
        }
    }

    @Test
    void outOfRangeArgumentsAreRefusedBeforeAnythingIsWritten() {
        float[] a = new float[12];
        float[] x = {1, 1, 1};
        float[] y = new float[4];
        assertThrows(IndexOutOfBoundsException.class, () -> simd.sparseGemvT(3, 4, a, 1, 4, x, 0, y, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> simd.sparseGemvT(3, 4, a, 0, 4, x, 1, y, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> simd.sparseGer(3, 4, 1f, x, 0, y, 1, a, 0, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> simd.sparseGer(3, 4, 1f, x, 0, new float[3], 0, a, 0, 4));
        assertThrows(IllegalArgumentException.class, () -> simd.sparseGemvT(3, 4, a, 0, 3, x, 0, y, 0));
        assertThrows(IndexOutOfBoundsException.class,
                () -> simd.sparseGerGemvT(3, 4, 1f, x, 0, new float[3], 0, a, 0, 4, x, 0, y, 0));
        assertThrows(IndexOutOfBoundsException.class,
                () -> simd.sparseGerGemvT(3, 4, 1f, x, 0, y, 0, a, 0, 4, x, 1, y, 0));
        float[] v = new float[12];
        float[] s = new float[3];
        assertThrows(IndexOutOfBoundsException.class,
                () -> simd.sparseMomentumGer(3, 4, 0.9f, 1f, x, 0, y, 0, new float[11], 0, a, 0, 4));
        assertThrows(IndexOutOfBoundsException.class,
                () -> simd.sparseMomentumGer(3, 4, 0.9f, 1f, x, 0, y, 1, v, 0, a, 0, 4));
        assertThrows(IndexOutOfBoundsException.class,
                () -> simd.sparseMomentumGerGemvT(3, 4, 0.9f, 1f, x, 0, y, 0, s, new float[2], 0, v, 0, a, 0, 4,
                        x, 0, y, 0));
        assertThrows(IndexOutOfBoundsException.class,
                () -> simd.sparseMomentumGerGemvT(3, 4, 0.9f, 1f, x, 0, y, 0, s, s, 0, v, 1, a, 0, 4, x, 0, y, 0));
        assertThrows(IndexOutOfBoundsException.class,
                () -> simd.sparseMomentumGerGemvT(3, 4, 0.9f, 1f, x, 0, y, 0, s, s, 0, v, 0, a, 0, 4, x, 1, y, 0));
        for (float f : v) {
            assertTrue(f == 0f, "nothing may be written");
        }
        for (float v0 : a) {
            assertTrue(v0 == 0f, "nothing may be written");
        }
    }

    /** Every abstract operation forwarded; the sparse ones left to the SPI's default methods. */
    private record Delegate(Kernels k) implements Kernels {
        public String name() {
            return "defaults-over-" + k.name();
        }

        public String description() {
            return name();
        }

        public int priority() {
            return -1;
        }

        public float dot(int n, float[] x, int xOff, float[] y, int yOff) {
            return k.dot(n, x, xOff, y, yOff);
        }

        public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
            k.axpy(n, alpha, x, xOff, y, yOff);
        }

        public void scal(int n, float alpha, float[] x, int xOff) {
            k.scal(n, alpha, x, xOff);
        }

        public void gemv(int m, int n, float alpha, float[] a, int aOff, int lda, float[] x, int xOff, float beta,
                         float[] y, int yOff) {
            k.gemv(m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
        }

        public void gemvT(int m, int n, float alpha, float[] a, int aOff, int lda, float[] x, int xOff, float beta,
                          float[] y, int yOff) {
            k.gemvT(m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
        }

        public void ger(int m, int n, float alpha, float[] x, int xOff, float[] y, int yOff, float[] a, int aOff,
                        int lda) {
            k.ger(m, n, alpha, x, xOff, y, yOff, a, aOff, lda);
        }

        public void gemm(boolean transA, boolean transB, int m, int n, int kk, float alpha, float[] a, int aOff,
                         int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
            k.gemm(transA, transB, m, n, kk, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }

        public void sigmoid(int n, float[] x, int xOff, float[] y, int yOff) {
            k.sigmoid(n, x, xOff, y, yOff);
        }

        public void tanh(int n, float[] x, int xOff, float[] y, int yOff) {
            k.tanh(n, x, xOff, y, yOff);
        }

        public void relu(int n, float[] x, int xOff, float[] y, int yOff) {
            k.relu(n, x, xOff, y, yOff);
        }

        public void softmax(int n, float[] x, int xOff, float[] y, int yOff) {
            k.softmax(n, x, xOff, y, yOff);
        }

        public void sigmoidBackward(int n, float[] y, int yOff, float[] g, int gOff) {
            k.sigmoidBackward(n, y, yOff, g, gOff);
        }

        public void tanhBackward(int n, float[] y, int yOff, float[] g, int gOff) {
            k.tanhBackward(n, y, yOff, g, gOff);
        }

        public void reluBackward(int n, float[] y, int yOff, float[] g, int gOff) {
            k.reluBackward(n, y, yOff, g, gOff);
        }
    }
}
