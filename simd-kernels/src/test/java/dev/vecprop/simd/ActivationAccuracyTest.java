package dev.vecprop.simd;

import dev.vecprop.spi.Activation;
import dev.vecprop.spi.Kernels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The vectorised sigmoid, tanh and softmax against double-precision references ({@link Activation#apply}),
 * over [-100, 100] in steps of 1/1024 (every tail length, since the run is long and offsets vary) and at the
 * extremes: the largest finite floats, the smallest normal and subnormal ones, zeros of both signs, the
 * saturation points of float exp (about -88.7 and 88.7, -103.9), and infinities.
 *
 * <p>Bounds. The vector EXP and TANH are SVML's high-accuracy variants (within 1 ulp); sigmoid adds a float
 * add and divide, each rounded (half an ulp). So the result is within a few ulp of 1 where it matters:
 * 3 ulp(1) = 1.8e-7 absolute; we allow {@value #ABS} (5 ulp). Relative error matters where sigmoid is tiny
 * (x far below 0, where the learning signal y (1 - y) lives): for outputs that are normal floats we require
 * relative error within {@value #REL} (about 8 ulp). Softmax probabilities must be within {@value #ABS} of
 * the reference, and every row must sum to 1 within 1e-6, as the issue asks.
 */
class ActivationAccuracyTest {

    static final double ABS = 3e-7;
    static final double REL = 5e-7;

    static Kernels simd;

    @BeforeAll
    static void simdIsActive() {
        simd = new SimdKernels();
        assertNull(simd.unavailableReason(), "the SIMD kernels must run in this test JVM");
    }

    static float[] grid() {
        int steps = 200 * 1024;
        float[] x = new float[steps + 1 + EXTREMES.length];
        for (int i = 0; i <= steps; i++) {
            x[i] = -100f + i / 1024f;
        }
        System.arraycopy(EXTREMES, 0, x, steps + 1, EXTREMES.length);
        return x;
    }

    static final float[] EXTREMES = {
            Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_NORMAL, -Float.MIN_NORMAL, Float.MIN_VALUE, -Float.MIN_VALUE,
            0f, -0f, 88.72f, -88.72f, 88.73f, -88.73f, 103.9f, -103.9f, 104f, -104f, 1e10f, -1e10f, 1e30f, -1e30f,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1e-8f, -1e-8f, 15.9f, -15.9f, 9.01f, -9.01f
    };

    @Test
    void sigmoid() {
        check("sigmoid", Activation.SIGMOID);
    }

    @Test
    void tanh() {
        check("tanh", Activation.TANH);
    }

    private static void check(String name, Activation h) {
        float[] x = grid();
        for (int off = 0; off < 3; off++) {
            int n = x.length - off;
            float[] y = new float[x.length];
            if (h == Activation.SIGMOID) {
                simd.sigmoid(n, x, off, y, off);
            } else {
                simd.tanh(n, x, off, y, off);
            }
            double[] xd = new double[1];
            double[] yd = new double[1];
            for (int i = off; i < x.length; i++) {
                xd[0] = x[i];
                h.apply(xd, yd);
                double want = yd[0];
                double got = y[i];
                double err = Math.abs(got - want);
                if (Double.isNaN(got) || err > ABS
                        || Math.abs(want) >= Float.MIN_NORMAL && err > REL * Math.abs(want)) {
                    fail(name + "(" + x[i] + ") = " + got + ", double reference " + want + " (error " + err + ")");
                }
            }
        }
    }

    @Test
    void softmax() {
        SplittableRandom r = new SplittableRandom(11);
        for (int n = 1; n <= 1000; n += n < 70 ? 1 : 37) {
            for (int rep = 0; rep < 5; rep++) {
                float[] x = new float[n + 4];
                double spread = rep == 0 ? 1 : rep == 1 ? 10 : 100;
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) ((r.nextDouble() * 2 - 1) * spread);
                }
                if (rep == 3) {
                    // extremes in one row: only differences matter, and -inf differences give 0
                    x[2] = Float.MAX_VALUE;
                    x[2 + n / 2] = -Float.MAX_VALUE;
                } else if (rep == 4) {
                    for (int i = 0; i < x.length; i++) {
                        x[i] = 1e30f + (float) r.nextDouble() * 1e24f;
                    }
                }
                checkSoftmax(x, 2, n);
            }
        }
    }

    private static void checkSoftmax(float[] x, int off, int n) {
        float[] y = new float[x.length];
        simd.softmax(n, x, off, y, off);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = x[off + i];
        }
        double[] want = new double[n];
        Activation.SOFTMAX.apply(a, want);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double got = y[off + i];
            if (Double.isNaN(got) || Math.abs(got - want[i]) > ABS) {
                fail("softmax of " + n + ", element " + i + " = " + got + ", double reference " + want[i]);
            }
            sum += got;
        }
        if (Math.abs(sum - 1) > 1e-6) {
            fail("softmax of " + n + " sums to " + sum);
        }
    }
}
