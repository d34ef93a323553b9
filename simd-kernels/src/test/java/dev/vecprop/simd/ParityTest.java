package dev.vecprop.simd;

import dev.vecprop.core.KernelProviders;
import dev.vecprop.spi.Kernels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every operation of the SIMD kernels against the scalar ones on random data, at every size from 1 to 70
 * (all tail lengths of 8- and 16-lane vectors and of the 6 x 16 gemm tile, several times over) and at 127,
 * 128, 129, 784 and 1000, with nonzero offsets and leading dimensions longer than the rows. Outputs are
 * compared over the whole array, so a write outside the region (into the padding or the guard cells around
 * it) fails too.
 *
 * <p><b>Tolerance of the sums</b> (dot, gemv, gemvT, ger, gemm, axpy). The two providers add in different
 * orders (several vector accumulators, lanes reduced at the end, k blocked by 256) and the SIMD one fuses
 * multiply and add, so they agree only to rounding. Each result is a sum of n terms t_i, and each provider's
 * error is at most gamma_n sum |t_i|, gamma_n = n u / (1 - n u), u = 2^-24 (Higham, Accuracy and Stability
 * of Numerical Algorithms, 2nd ed., section 3.1); in practice rounding errors behave like a random walk,
 * about sqrt(n) u sum |t_i|, which is 2e-6 sum |t_i| at n = 1000. So we require
 * |simd - scalar| &lt;= 1e-5 sum |t_i|: the "relative error under 1e-5", with sum |t_i| in place of
 * |sum t_i| so that sums that cancel to near zero are judged by the size of what was added, not by the
 * accident of the cancellation. sum |t_i| is itself computed by the scalar kernels on absolute values.
 *
 * <p><b>Elementwise maps</b> that involve no transcendental (scal, relu, the three derivatives) are computed
 * in the same order of operations as the scalar kernels and must agree bit for bit. The transcendental ones
 * are in {@link ActivationAccuracyTest}.
 */
class ParityTest {

    /** See the class comment. */
    static final double TOL = 1e-5;

    static final int[] SIZES = IntStream.concat(IntStream.rangeClosed(1, 70), IntStream.of(127, 128, 129, 784, 1000))
            .toArray();

    static final Kernels SCALAR = KernelProviders.scalar();
    static Kernels simd;

    /** Guard cells around every operand, and the extra row length beyond n. */
    static final int OFF = 3;
    static final int PAD = 5;

    @BeforeAll
    static void simdIsActive() {
        simd = new SimdKernels();
        assertNull(simd.unavailableReason(), "the SIMD kernels must run in this test JVM");
    }

    static float[] random(SplittableRandom r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }

    static float[] abs(float[] x) {
        float[] y = x.clone();
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.abs(y[i]);
        }
        return y;
    }

    /** Compares element by element: |got - want| &lt;= TOL * scale[i] (scale 0 demands equality). */
    static void assertClose(String what, float[] want, float[] got, float[] scale) {
        for (int i = 0; i < want.length; i++) {
            double err = Math.abs((double) got[i] - want[i]);
            if (!(err <= TOL * scale[i]) && Float.compare(got[i], want[i]) != 0) {
                fail(what + ": element " + i + " is " + got[i] + ", scalar gives " + want[i] + " (error " + err
                        + ", allowed " + TOL * scale[i] + ")");
            }
        }
    }

    @Test
    void dot() {
        SplittableRandom r = new SplittableRandom(1);
        for (int n : SIZES) {
            float[] x = random(r, n + 2 * OFF);
            float[] y = random(r, n + 2 * OFF + 1);
            float want = SCALAR.dot(n, x, OFF, y, OFF + 1);
            float got = simd.dot(n, x, OFF, y, OFF + 1);
            float scale = SCALAR.dot(n, abs(x), OFF, abs(y), OFF + 1);
            assertClose("dot n=" + n, new float[]{want}, new float[]{got}, new float[]{scale});
        }
    }

    @Test
    void axpy() {
        SplittableRandom r = new SplittableRandom(2);
        for (int n : SIZES) {
            float[] x = random(r, n + 2 * OFF);
            float[] y = random(r, n + 2 * OFF + 2);
            float alpha = (float) r.nextDouble(-2, 2);
            float[] want = y.clone();
            float[] got = y.clone();
            SCALAR.axpy(n, alpha, x, OFF, want, OFF + 2);
            simd.axpy(n, alpha, x, OFF, got, OFF + 2);
            float[] scale = abs(y);
            SCALAR.axpy(n, Math.abs(alpha), abs(x), OFF, scale, OFF + 2);
            assertClose("axpy n=" + n, want, got, scale);
        }
    }

    @Test
    void scal() {
        SplittableRandom r = new SplittableRandom(3);
        for (int n : SIZES) {
            float[] x = random(r, n + 2 * OFF);
            float alpha = (float) r.nextDouble(-2, 2);
            float[] want = x.clone();
            float[] got = x.clone();
            SCALAR.scal(n, alpha, want, OFF);
            simd.scal(n, alpha, got, OFF);
            assertArrayBits("scal n=" + n, want, got);
        }
    }

    /** Shapes (m, n) for the level-2 kernels: each size against itself, a small odd size and 1. */
    static int[][] shapes() {
        return Arrays.stream(SIZES).boxed()
                .flatMap(s -> java.util.stream.Stream.of(new int[]{s, s <= 129 ? s : 37}, new int[]{s, 3},
                        new int[]{5, s}, new int[]{1, s}, new int[]{s, 1}))
                .toArray(int[][]::new);
    }

    @Test
    void gemvAndGemvT() {
        SplittableRandom r = new SplittableRandom(4);
        float[][] coefficients = {{1f, 0f}, {1f, 1f}, {-0.5f, 2f}, {0.75f, -1.5f}};
        int c = 0;
        for (int[] shape : shapes()) {
            int m = shape[0];
            int n = shape[1];
            float alpha = coefficients[c % coefficients.length][0];
            float beta = coefficients[c % coefficients.length][1];
            c++;
            int lda = n + PAD;
            float[] a = random(r, OFF + m * lda + OFF);
            // gemv: y (m) = alpha A x (n) + beta y
            float[] x = random(r, n + 2 * OFF);
            float[] y = random(r, m + 2 * OFF);
            if (beta == 0f) {
                Arrays.fill(y, OFF, OFF + m, Float.NaN); // beta == 0 must not read y
            }
            float[] want = y.clone();
            float[] got = y.clone();
            SCALAR.gemv(m, n, alpha, a, OFF, lda, x, OFF, beta, want, OFF);
            simd.gemv(m, n, alpha, a, OFF, lda, x, OFF, beta, got, OFF);
            float[] scale = beta == 0f ? new float[y.length] : abs(y);
            SCALAR.gemv(m, n, Math.abs(alpha), abs(a), OFF, lda, abs(x), OFF, Math.abs(beta), scale, OFF);
            assertClose("gemv " + m + "x" + n + " alpha=" + alpha + " beta=" + beta, want, got, scale);

            // gemvT: y (n) = alpha A^T x (m) + beta y
            float[] xt = random(r, m + 2 * OFF);
            float[] yt = random(r, n + 2 * OFF);
            if (beta == 0f) {
                Arrays.fill(yt, OFF, OFF + n, Float.NaN);
            }
            float[] wantT = yt.clone();
            float[] gotT = yt.clone();
            SCALAR.gemvT(m, n, alpha, a, OFF, lda, xt, OFF, beta, wantT, OFF);
            simd.gemvT(m, n, alpha, a, OFF, lda, xt, OFF, beta, gotT, OFF);
            float[] scaleT = beta == 0f ? new float[yt.length] : abs(yt);
            SCALAR.gemvT(m, n, Math.abs(alpha), abs(a), OFF, lda, abs(xt), OFF, Math.abs(beta), scaleT, OFF);
            assertClose("gemvT " + m + "x" + n + " alpha=" + alpha + " beta=" + beta, wantT, gotT, scaleT);
        }
    }

    @Test
    void ger() {
        SplittableRandom r = new SplittableRandom(5);
        for (int[] shape : shapes()) {
            int m = shape[0];
            int n = shape[1];
            int lda = n + PAD;
            float alpha = (float) r.nextDouble(-2, 2);
            float[] a = random(r, OFF + m * lda + OFF);
            float[] x = random(r, m + 2 * OFF);
            float[] y = random(r, n + 2 * OFF);
            float[] want = a.clone();
            float[] got = a.clone();
            SCALAR.ger(m, n, alpha, x, OFF, y, OFF + 1, want, OFF, lda);
            simd.ger(m, n, alpha, x, OFF, y, OFF + 1, got, OFF, lda);
            float[] scale = abs(a);
            SCALAR.ger(m, n, Math.abs(alpha), abs(x), OFF, abs(y), OFF + 1, scale, OFF, lda);
            assertClose("ger " + m + "x" + n, want, got, scale);
        }
    }

    /** Shapes (m, n, k) for gemm: every size in each dimension with small odd partners, and cubes up to 129. */
    static int[][] gemmShapes() {
        return Arrays.stream(SIZES).boxed()
                .flatMap(s -> java.util.stream.Stream.of(new int[]{s, 7, 5}, new int[]{7, s, 5}, new int[]{5, 7, s},
                        s <= 129 ? new int[]{s, s, s} : new int[]{17, 33, s},
                        new int[]{s % 13 + 1, s % 29 + 1, s}))
                .toArray(int[][]::new);
    }

    @Test
    void gemm() {
        SplittableRandom r = new SplittableRandom(6);
        float[][] coefficients = {{1f, 0f}, {1f, 1f}, {-0.5f, 2f}, {0.75f, -1.5f}, {0f, 0.5f}};
        int c = 0;
        for (int[] shape : gemmShapes()) {
            int m = shape[0];
            int n = shape[1];
            int k = shape[2];
            for (int form = 0; form < 4; form++) {
                boolean transA = (form & 1) != 0;
                boolean transB = (form & 2) != 0;
                float alpha = coefficients[c % coefficients.length][0];
                float beta = coefficients[c % coefficients.length][1];
                c++;
                int lda = (transA ? m : k) + PAD;
                int ldb = (transB ? k : n) + 1;
                int ldc = n + 2;
                float[] a = random(r, OFF + (transA ? k : m) * lda + OFF);
                float[] b = random(r, OFF + (transB ? n : k) * ldb + OFF);
                float[] cm = random(r, OFF + m * ldc + OFF);
                if (beta == 0f) {
                    for (int i = 0; i < m; i++) {
                        Arrays.fill(cm, OFF + i * ldc, OFF + i * ldc + n, Float.NaN);
                    }
                }
                float[] want = cm.clone();
                float[] got = cm.clone();
                SCALAR.gemm(transA, transB, m, n, k, alpha, a, OFF, lda, b, OFF, ldb, beta, want, OFF, ldc);
                simd.gemm(transA, transB, m, n, k, alpha, a, OFF, lda, b, OFF, ldb, beta, got, OFF, ldc);
                float[] scale = beta == 0f ? new float[cm.length] : abs(cm);
                SCALAR.gemm(transA, transB, m, n, k, Math.abs(alpha), abs(a), OFF, lda, abs(b), OFF, ldb,
                        Math.abs(beta), scale, OFF, ldc);
                assertClose("gemm " + (transA ? "T" : "N") + (transB ? "T" : "N") + " " + m + "x" + n + "x" + k
                        + " alpha=" + alpha + " beta=" + beta, want, got, scale);
            }
        }
    }

    @Test
    void gemmLargerThanOneBlock() {
        // Crosses the k (256), m (120) and n (1024) block edges of the packed gemm.
        SplittableRandom r = new SplittableRandom(7);
        int[][] shapes = {{121, 1030, 257}, {250, 40, 600}, {1, 1100, 3}};
        for (int[] s : shapes) {
            for (int form = 0; form < 4; form++) {
                boolean transA = (form & 1) != 0;
                boolean transB = (form & 2) != 0;
                int m = s[0];
                int n = s[1];
                int k = s[2];
                int lda = (transA ? m : k) + 1;
                int ldb = (transB ? k : n) + 3;
                int ldc = n + 1;
                float[] a = random(r, OFF + (transA ? k : m) * lda);
                float[] b = random(r, OFF + (transB ? n : k) * ldb);
                float[] cm = random(r, OFF + m * ldc);
                float[] want = cm.clone();
                float[] got = cm.clone();
                SCALAR.gemm(transA, transB, m, n, k, 0.5f, a, OFF, lda, b, OFF, ldb, 1f, want, OFF, ldc);
                simd.gemm(transA, transB, m, n, k, 0.5f, a, OFF, lda, b, OFF, ldb, 1f, got, OFF, ldc);
                float[] scale = abs(cm);
                SCALAR.gemm(transA, transB, m, n, k, 0.5f, abs(a), OFF, lda, abs(b), OFF, ldb, 1f, scale, OFF, ldc);
                assertClose("gemm " + form + " " + m + "x" + n + "x" + k, want, got, scale);
            }
        }
    }

    @Test
    void reluAndDerivativesAreBitForBit() {
        SplittableRandom r = new SplittableRandom(8);
        for (int n : SIZES) {
            float[] x = random(r, n + 2 * OFF);
            x[OFF] = -0f;
            x[OFF + n - 1] = Float.NaN;
            float[] want = new float[x.length];
            float[] got = new float[x.length];
            SCALAR.relu(n, x, OFF, want, OFF);
            simd.relu(n, x, OFF, got, OFF);
            assertArrayBits("relu n=" + n, want, got);

            float[] y = random(r, n + 2 * OFF);
            float[] g = random(r, n + 2 * OFF);
            float[] wantG = g.clone();
            float[] gotG = g.clone();
            SCALAR.sigmoidBackward(n, y, OFF, wantG, OFF);
            simd.sigmoidBackward(n, y, OFF, gotG, OFF);
            assertArrayBits("sigmoidBackward n=" + n, wantG, gotG);
            wantG = g.clone();
            gotG = g.clone();
            SCALAR.tanhBackward(n, y, OFF, wantG, OFF);
            simd.tanhBackward(n, y, OFF, gotG, OFF);
            assertArrayBits("tanhBackward n=" + n, wantG, gotG);
            wantG = g.clone();
            gotG = g.clone();
            SCALAR.reluBackward(n, y, OFF, wantG, OFF);
            simd.reluBackward(n, y, OFF, gotG, OFF);
            assertArrayBits("reluBackward n=" + n, wantG, gotG);
        }
    }

    @Test
    void activationsInPlaceAgreeWithOutOfPlace() {
        SplittableRandom r = new SplittableRandom(9);
        for (int n : SIZES) {
            float[] x = random(r, n + 2 * OFF);
            for (int i = 0; i < x.length; i++) {
                x[i] *= 20;
            }
            float[] out = new float[x.length];
            float[] in = x.clone();
            simd.sigmoid(n, x, OFF, out, OFF);
            simd.sigmoid(n, in, OFF, in, OFF);
            assertArrayBits("sigmoid in place n=" + n, withGuards(out, x, n), in);
            in = x.clone();
            simd.tanh(n, x, OFF, out, OFF);
            simd.tanh(n, in, OFF, in, OFF);
            assertArrayBits("tanh in place n=" + n, withGuards(out, x, n), in);
            in = x.clone();
            simd.softmax(n, x, OFF, out, OFF);
            simd.softmax(n, in, OFF, in, OFF);
            assertArrayBits("softmax in place n=" + n, withGuards(out, x, n), in);
        }
    }

    @Test
    void outOfRangeArgumentsAreRefusedBeforeAnythingIsWritten() {
        float[] x = new float[10];
        float[] y = new float[10];
        org.junit.jupiter.api.Assertions.assertThrows(IndexOutOfBoundsException.class,
                () -> simd.axpy(8, 1f, x, 3, y, 0));
        org.junit.jupiter.api.Assertions.assertThrows(IndexOutOfBoundsException.class,
                () -> simd.gemm(false, false, 3, 3, 3, 1f, x, 0, 3, y, 0, 3, 0f, new float[8], 0, 3));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> simd.gemv(2, 4, 1f, new float[16], 0, 3, x, 0, 0f, y, 0));
    }

    /** A matrix operation with one matrix argument left open: its array, offset and leading dimension. */
    private interface MatrixCall {
        void call(Kernels k, float[] m, int off, int ld);
    }

    /**
     * Every matrix argument of every matrix operation (3 x 4 matrices; gemm m 3, n 4, k 4) with a leading
     * dimension one below its row length, an offset past the end and a negative one: both providers throw
     * the same exception with the same message, and write nothing.
     */
    @Test
    void badMatrixArgumentsFailAlikeOnBothProviders() {
        float[] x = new float[8];
        float[] y = new float[8];
        float[] a = new float[32];
        float[] b = new float[32];
        float[] c = new float[32];
        record Arg(String what, int rows, int cols, MatrixCall call) {
        }
        List<Arg> args = List.of(
                new Arg("gemv", 3, 4, (k, m, off, ld) -> k.gemv(3, 4, 1f, m, off, ld, x, 0, 0f, y, 0)),
                new Arg("gemvT", 3, 4, (k, m, off, ld) -> k.gemvT(3, 4, 1f, m, off, ld, x, 0, 0f, y, 0)),
                new Arg("ger", 3, 4, (k, m, off, ld) -> k.ger(3, 4, 1f, x, 0, y, 0, m, off, ld)),
                new Arg("sparseGemvT", 3, 4, (k, m, off, ld) -> k.sparseGemvT(3, 4, m, off, ld, x, 0, y, 0)),
                new Arg("sparseGer", 3, 4, (k, m, off, ld) -> k.sparseGer(3, 4, 1f, x, 0, y, 0, m, off, ld)),
                new Arg("gemm A", 3, 4, (k, m, off, ld) -> k.gemm(false, false, 3, 4, 4, 1f, m, off, ld, b, 0, 4, 0f, c, 0, 4)),
                new Arg("gemm A^T", 4, 3, (k, m, off, ld) -> k.gemm(true, false, 3, 4, 4, 1f, m, off, ld, b, 0, 4, 0f, c, 0, 4)),
                new Arg("gemm B", 4, 4, (k, m, off, ld) -> k.gemm(false, false, 3, 4, 4, 1f, a, 0, 4, m, off, ld, 0f, c, 0, 4)),
                new Arg("gemm B^T", 4, 4, (k, m, off, ld) -> k.gemm(false, true, 3, 4, 4, 1f, a, 0, 4, m, off, ld, 0f, c, 0, 4)),
                new Arg("gemm C", 3, 4, (k, m, off, ld) -> k.gemm(false, false, 3, 4, 4, 1f, a, 0, 4, b, 0, 4, 0f, m, off, ld)),
                new Arg("gemm C of A^T B^T", 3, 4,
                        (k, m, off, ld) -> k.gemm(true, true, 3, 4, 4, 1f, a, 0, 3, b, 0, 4, 0f, m, off, ld)));
        for (Arg arg : args) {
            int extent = arg.rows() * arg.cols();
            int[][] bad = {{0, arg.cols() - 1}, {32 - extent + 1, arg.cols()}, {-1, arg.cols()}};
            for (int[] offLd : bad) {
                String what = arg.what() + " at offset " + offLd[0] + ", leading dimension " + offLd[1];
                RuntimeException[] thrown = new RuntimeException[2];
                Kernels[] providers = {SCALAR, simd};
                for (int p = 0; p < 2; p++) {
                    float[] m = new float[32];
                    Arrays.fill(m, 0.25f);
                    Kernels k = providers[p];
                    thrown[p] = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                            () -> arg.call().call(k, m, offLd[0], offLd[1]), k.name() + " " + what);
                    for (float v : m) {
                        assertEquals(0.25f, v, k.name() + " " + what + ": written by a refused call");
                    }
                }
                Class<?> expected = offLd[1] < arg.cols() ? IllegalArgumentException.class : IndexOutOfBoundsException.class;
                assertEquals(expected, thrown[0].getClass(), "scalar " + what);
                assertEquals(expected, thrown[1].getClass(), "simd " + what);
                assertEquals(thrown[0].getMessage(), thrown[1].getMessage(), what);
            }
            // The smallest valid leading dimension, at the last offset that fits, is accepted by both.
            for (Kernels k : List.of(SCALAR, simd)) {
                arg.call().call(k, new float[32], 32 - extent, arg.cols());
            }
        }
    }

    /**
     * With beta == 0 the output is overwritten without being read (the Kernels contract, as in BLAS), so NaN
     * already in y or C must not reach the result. The comparisons above cannot show it: assertClose takes
     * NaN for equal to NaN, so both providers letting it through would pass. Here each provider is held to
     * itself: with y or C filled with NaN it must write exactly what it writes over finite values, none of it
     * NaN, and leave the cells around the output alone; for every level-2 and gemm shape above, gemm shapes
     * past its blocks, alpha 1, -0.5 and 0, and the empty sums (n = 0 for gemv, m = 0 for gemvT, k = 0 for
     * gemm), whose result is 0.
     */
    @Test
    void betaZeroOverwritesNaNInTheOutputOnBothProviders() {
        SplittableRandom r = new SplittableRandom(10);
        float[] alphas = {1f, -0.5f, 0f};
        List<int[]> level2 = new java.util.ArrayList<>(List.of(shapes()));
        level2.addAll(List.of(new int[]{9, 0}, new int[]{0, 9}, new int[]{40, 0}, new int[]{0, 40}));
        List<int[]> level3 = new java.util.ArrayList<>(List.of(gemmShapes()));
        level3.addAll(List.of(new int[]{9, 21, 0}, new int[]{1, 1, 0}, new int[]{33, 70, 0},
                // Past the gemm's blocks along m (128) and n (1024), and along k (256): beta applies per block.
                new int[]{130, 1030, 3}, new int[]{6, 18, 600}));
        for (Kernels k : List.of(SCALAR, simd)) {
            int c = 0;
            for (int[] shape : level2) {
                int m = shape[0];
                int n = shape[1];
                float alpha = alphas[c++ % alphas.length];
                int lda = n + PAD;
                float[] a = random(r, OFF + m * lda + OFF);
                float[] x = random(r, n + 2 * OFF);
                float[] y = random(r, m + 2 * OFF);
                assertOverwritten(k.name() + " gemv " + m + "x" + n + " alpha=" + alpha, y, OFF, m, 1, 1,
                        out -> k.gemv(m, n, alpha, a, OFF, lda, x, OFF, 0f, out, OFF));
                float[] xt = random(r, m + 2 * OFF);
                float[] yt = random(r, n + 2 * OFF);
                assertOverwritten(k.name() + " gemvT " + m + "x" + n + " alpha=" + alpha, yt, OFF, 1, n, Math.max(1, n),
                        out -> k.gemvT(m, n, alpha, a, OFF, lda, xt, OFF, 0f, out, OFF));
            }
            for (int[] shape : level3) {
                int m = shape[0];
                int n = shape[1];
                int kk = shape[2];
                for (int form = 0; form < 4; form++) {
                    boolean transA = (form & 1) != 0;
                    boolean transB = (form & 2) != 0;
                    float alpha = alphas[c++ % alphas.length];
                    int lda = (transA ? m : kk) + PAD;
                    int ldb = (transB ? kk : n) + 1;
                    int ldc = n + 2;
                    float[] a = random(r, OFF + (transA ? kk : m) * lda + OFF);
                    float[] b = random(r, OFF + (transB ? n : kk) * ldb + OFF);
                    float[] cm = random(r, OFF + m * ldc + OFF);
                    assertOverwritten(k.name() + " gemm " + (transA ? "T" : "N") + (transB ? "T" : "N") + " " + m + "x"
                                    + n + "x" + kk + " alpha=" + alpha, cm, OFF, m, n, ldc,
                            out -> k.gemm(transA, transB, m, n, kk, alpha, a, OFF, lda, b, OFF, ldb, 0f, out, OFF, ldc));
                }
            }
        }
    }

    /**
     * Runs {@code call} on a copy of {@code before} and on a copy whose rows x cols output region (at
     * {@code off}, rows {@code ld} apart) holds NaN: the two must agree bit for bit, hold no NaN, and keep
     * {@code before} outside the region.
     */
    private static void assertOverwritten(String what, float[] before, int off, int rows, int cols, int ld,
                                          java.util.function.Consumer<float[]> call) {
        float[] finite = before.clone();
        float[] nan = before.clone();
        for (int i = 0; i < rows; i++) {
            Arrays.fill(nan, off + i * ld, off + i * ld + cols, Float.NaN);
        }
        call.accept(finite);
        call.accept(nan);
        for (int i = 0; i < before.length; i++) {
            int row = (i - off) / ld;
            int col = (i - off) % ld;
            boolean inside = i >= off && row < rows && col < cols;
            if (inside && Float.isNaN(nan[i])) {
                fail(what + ": element " + i + " (row " + row + ", column " + col + ") is NaN: the NaN in the output was read");
            }
            if (!inside && Float.floatToRawIntBits(nan[i]) != Float.floatToRawIntBits(before[i])) {
                fail(what + ": element " + i + " outside the output was written");
            }
        }
        assertArrayBits(what + ": over NaN against over finite values", finite, nan);
    }

    /** out with the cells outside [OFF, OFF + n) taken from x, as an in-place call leaves them. */
    private static float[] withGuards(float[] out, float[] x, int n) {
        float[] r = x.clone();
        System.arraycopy(out, OFF, r, OFF, n);
        return r;
    }

    static void assertArrayBits(String what, float[] want, float[] got) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            if (Float.floatToIntBits(want[i]) != Float.floatToIntBits(got[i])) {
                fail(what + ": element " + i + " is " + got[i] + ", expected " + want[i]);
            }
        }
    }
}
