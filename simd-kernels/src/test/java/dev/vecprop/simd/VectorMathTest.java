package dev.vecprop.simd;

import jdk.incubator.vector.FloatVector;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static dev.vecprop.simd.Lanes.F;
import static dev.vecprop.simd.Lanes.L;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The vector exp, tanh and lane sum give, in every lane, exactly the bits of their scalar mirrors, whose
 * results Java fixes (float arithmetic and {@link Math#fma} are the same in the interpreter and in compiled
 * code). Each check runs many rounds, so that the vector code is exercised first interpreted, then by C1 and
 * then by C2 (tens of thousands of calls), and must match in all of them: training then cannot depend on
 * when the JIT compiles a kernel. The kernels built on them must also give an element the same bits whether
 * it falls in a vector lane or in a loop's scalar tail.
 */
class VectorMathTest {

    private static final int ROUNDS = 400;

    static float[] inputs(SplittableRandom r, int n, float spread) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) ((r.nextDouble() * 2 - 1) * spread);
        }
        float[] special = {0f, -0f, 88.72f, 88.73f, -87.33f, -103.9f, -104f, 1e-8f, -1e-8f, 0.625f, -0.625f,
                0.62499994f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, Float.MAX_VALUE,
                -Float.MAX_VALUE, Float.MIN_VALUE};
        System.arraycopy(special, 0, x, 0, Math.min(special.length, n));
        return x;
    }

    @Test
    void expLanesMatchTheScalarMirrorInEveryJitMode() {
        SplittableRandom r = new SplittableRandom(1);
        float[] x = inputs(r, 64 * L, 110f);
        float[] y = new float[x.length];
        for (int round = 0; round < ROUNDS; round++) {
            for (int i = 0; i < x.length; i += L) {
                VectorMath.exp(FloatVector.fromArray(F, x, i)).intoArray(y, i);
            }
            for (int i = 0; i < x.length; i++) {
                assertBits("exp", x[i], VectorMath.exp(x[i]), y[i], round);
            }
        }
    }

    @Test
    void tanhLanesMatchTheScalarMirrorInEveryJitMode() {
        SplittableRandom r = new SplittableRandom(2);
        float[] x = inputs(r, 64 * L, 12f);
        float[] y = new float[x.length];
        for (int round = 0; round < ROUNDS; round++) {
            for (int i = 0; i < x.length; i += L) {
                VectorMath.tanh(FloatVector.fromArray(F, x, i)).intoArray(y, i);
            }
            for (int i = 0; i < x.length; i++) {
                assertBits("tanh", x[i], VectorMath.tanh(x[i]), y[i], round);
            }
        }
    }

    @Test
    void laneSumHasOneOrderInEveryJitMode() {
        SplittableRandom r = new SplittableRandom(3);
        float[] x = inputs(r, 256 * L, 1000f);
        for (int i = 0; i < x.length; i++) {
            if (!Float.isFinite(x[i])) {
                x[i] = 1f;
            }
        }
        float[] want = new float[x.length / L];
        for (int v = 0; v < want.length; v++) {
            want[v] = treeSum(x, v * L, L);
        }
        for (int round = 0; round < ROUNDS; round++) {
            for (int v = 0; v < want.length; v++) {
                float got = VectorMath.sum(FloatVector.fromArray(F, x, v * L));
                if (Float.floatToRawIntBits(got) != Float.floatToRawIntBits(want[v])) {
                    fail("lane sum of vector " + v + " in round " + round + ": " + got + ", not " + want[v]);
                }
            }
        }
    }

    /** Halves added lane-wise, then quarters, down to one: lane i of a step is a[i] + a[i ^ h]. */
    private static float treeSum(float[] x, int off, int n) {
        float[] a = java.util.Arrays.copyOfRange(x, off, off + n);
        for (int h = n / 2; h >= 1; h /= 2) {
            float[] b = new float[n];
            for (int i = 0; i < n; i++) {
                b[i] = a[i] + a[i ^ h];
            }
            a = b;
        }
        return a[0];
    }

    @Test
    void activationsGiveAnElementTheSameBitsInALaneAndInTheTail() {
        SplittableRandom r = new SplittableRandom(4);
        int n = 5 * L + 3;
        float[] x = inputs(r, n + L, 30f);
        float[] ref = new float[x.length];
        float[] got = new float[x.length];
        for (String op : new String[]{"sigmoid", "tanh"}) {
            apply(op, x.length, x, 0, ref);
            for (int off = 1; off < L; off++) {
                apply(op, x.length - off, x, off, got);
                for (int i = off; i < x.length; i++) {
                    assertBits(op + " at offset " + off, x[i], ref[i], got[i], 0);
                }
            }
        }
    }

    private static void apply(String op, int n, float[] x, int off, float[] y) {
        if (op.equals("sigmoid")) {
            VectorKernels.sigmoid(n, x, off, y, off);
        } else {
            VectorKernels.tanh(n, x, off, y, off);
        }
    }

    private static void assertBits(String what, float x, float want, float got, int round) {
        if (Float.floatToRawIntBits(want) != Float.floatToRawIntBits(got)
                && !(Float.isNaN(want) && Float.isNaN(got))) {
            fail(what + "(" + x + ") in round " + round + ": " + got + ", not " + want);
        }
        assertEquals(Float.isNaN(want), Float.isNaN(got));
    }
}
