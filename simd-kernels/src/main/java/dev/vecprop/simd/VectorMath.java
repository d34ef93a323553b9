package dev.vecprop.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;

import static dev.vecprop.simd.Lanes.F;
import static dev.vecprop.simd.Lanes.L;

/**
 * exp, tanh and the lane sum, computed only with operations whose results the Java specification fixes
 * (add, multiply, fma, divide, conversions, lane permutations), so that a kernel gives the same bits whether
 * it runs in the interpreter, in C1 or in C2, and whether an element falls in a vector lane or in a loop's
 * scalar tail.
 *
 * <p>The Vector API leaves three things open that would otherwise make training depend on when the JIT
 * compiles a method: {@code reduceLanes(ADD)} on floats may sum the lanes in any order (C2 sums them as a
 * tree, the Java fallback in sequence), and {@code lanewise(EXP)} and {@code lanewise(TANH)} are SVML in C2
 * but {@link Math#exp} and {@link Math#tanh} in the fallback; the two agree within an ulp, not to the bit.
 * The first epoch of a training run executes vector code in every mode as the JIT warms up, so its
 * weights, and everything after, differed from one run to the next.
 *
 * <p>exp follows Cephes' {@code expf} (S. L. Moshier): e^x = 2^n e^r with n = round(x log2 e) and
 * |r| &lt;= ln 2 / 2, e^r from a degree-7 polynomial (relative error about 1 ulp), 2^n applied in two
 * exact power-of-two factors so that results down to the subnormal range and up to the largest float come
 * out without overflowing the exponent field on the way. tanh uses Cephes' {@code tanhf} polynomial for
 * |x| &lt; 0.625 and 1 - 2 / (e^2|x| + 1) beyond.
 */
final class VectorMath {

    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** 1.5 * 2^23: adding and subtracting it rounds a float below 2^22 in magnitude to an integer. */
    private static final float ROUND = 12582912f;
    private static final int ROUND_BITS = Float.floatToRawIntBits(ROUND);
    /** Above this, e^x overflows float. */
    private static final float EXP_HI = 88.72283935546875f;
    /** Below this, e^x underflows to zero (half the smallest subnormal). */
    private static final float EXP_LO = -103.97207708f;
    private static final float P0 = 1.9875691500e-4f;
    private static final float P1 = 1.3981999507e-3f;
    private static final float P2 = 8.3334519073e-3f;
    private static final float P3 = 4.1665795894e-2f;
    private static final float P4 = 1.6666665459e-1f;
    private static final float P5 = 5.0000001201e-1f;

    private static final float TANH_SMALL = 0.625f;
    private static final float T0 = -5.70498872745e-3f;
    private static final float T1 = 2.06390887954e-2f;
    private static final float T2 = -5.37397155531e-2f;
    private static final float T3 = 1.33314422036e-1f;
    private static final float T4 = -3.33332819422e-1f;

    /** Lane i to lane i ^ h with h = L/2, L/4, L/8, L/16 (null where h &lt; 1): the steps of the lane sum. */
    private static final VectorShuffle<Float> HALVES = pairs(L / 2);
    private static final VectorShuffle<Float> QUARTERS = pairs(L / 4);
    private static final VectorShuffle<Float> EIGHTHS = pairs(L / 8);
    private static final VectorShuffle<Float> SIXTEENTHS = pairs(L / 16);

    private VectorMath() {
    }

    private static VectorShuffle<Float> pairs(int h) {
        return h < 1 ? null : Lanes.swap(h);
    }

    /**
     * The sum of the lanes of {@code v}, always in the same order: halves added lane-wise, then quarters,
     * down to one lane (vectors of 4 to 16 lanes, the species this module uses).
     */
    static float sum(FloatVector v) {
        v = v.add(v.rearrange(HALVES));
        v = v.add(v.rearrange(QUARTERS));
        if (L >= 8) {
            v = v.add(v.rearrange(EIGHTHS));
        }
        if (L >= 16) {
            v = v.add(v.rearrange(SIXTEENTHS));
        }
        return v.lane(0);
    }

    private static FloatVector bc(float v) {
        return FloatVector.broadcast(F, v);
    }

    /** e^x in every lane; +inf above 88.72, 0 below -103.97, NaN for NaN. */
    static FloatVector exp(FloatVector x) {
        FloatVector c = x.max(EXP_LO).min(EXP_HI);
        FloatVector t = c.mul(LOG2E).add(ROUND);
        FloatVector n = t.sub(ROUND);
        FloatVector r = n.fma(bc(-LN2_HI), c);
        r = n.fma(bc(-LN2_LO), r);
        FloatVector p = FloatVector.broadcast(F, P0);
        p = p.fma(r, bc(P1));
        p = p.fma(r, bc(P2));
        p = p.fma(r, bc(P3));
        p = p.fma(r, bc(P4));
        p = p.fma(r, bc(P5));
        FloatVector e = p.mul(r.mul(r)).add(r).add(1f);
        // t's low mantissa bits hold n + 2^22: its bits minus those of ROUND are n, with no conversion
        // (a lane conversion is not always intrinsified, and then boxes).
        IntVector ni = t.reinterpretAsInts().sub(ROUND_BITS);
        IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
        IntVector n2 = ni.sub(n1);
        FloatVector s1 = n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        e = e.mul(s1).mul(s2);
        e = e.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, EXP_HI));
        e = e.blend(0f, x.compare(VectorOperators.LT, EXP_LO));
        // NaN compares false everywhere above and was clamped to a number by max/min: put it back.
        return e.blend(x, x.test(VectorOperators.IS_NAN));
    }

    /** e^x, bit for bit what {@link #exp(FloatVector)} gives in a lane. */
    static float exp(float x) {
        if (x != x) {
            return x;
        }
        if (x > EXP_HI) {
            return Float.POSITIVE_INFINITY;
        }
        if (x < EXP_LO) {
            return 0f;
        }
        float t = x * LOG2E + ROUND;
        float n = t - ROUND;
        float r = Math.fma(n, -LN2_HI, x);
        r = Math.fma(n, -LN2_LO, r);
        float p = P0;
        p = Math.fma(p, r, P1);
        p = Math.fma(p, r, P2);
        p = Math.fma(p, r, P3);
        p = Math.fma(p, r, P4);
        p = Math.fma(p, r, P5);
        float e = p * (r * r) + r + 1f;
        int ni = Float.floatToRawIntBits(t) - ROUND_BITS;
        int n1 = ni >> 1;
        int n2 = ni - n1;
        return e * Float.intBitsToFloat((n1 + 127) << 23) * Float.intBitsToFloat((n2 + 127) << 23);
    }

    /** tanh in every lane. */
    static FloatVector tanh(FloatVector x) {
        FloatVector ax = x.abs();
        FloatVector z = x.mul(x);
        FloatVector p = FloatVector.broadcast(F, T0);
        p = p.fma(z, bc(T1));
        p = p.fma(z, bc(T2));
        p = p.fma(z, bc(T3));
        p = p.fma(z, bc(T4));
        FloatVector small = p.mul(z).fma(x, x);
        FloatVector large = FloatVector.broadcast(F, 1f).sub(FloatVector.broadcast(F, 2f).div(exp(ax.add(ax)).add(1f)));
        large = large.blend(large.neg(), x.compare(VectorOperators.LT, 0f));
        VectorMask<Float> isSmall = ax.compare(VectorOperators.LT, TANH_SMALL);
        return large.blend(small, isSmall);
    }

    /** tanh x, bit for bit what {@link #tanh(FloatVector)} gives in a lane. */
    static float tanh(float x) {
        float ax = Math.abs(x);
        if (ax < TANH_SMALL) {
            float z = x * x;
            float p = T0;
            p = Math.fma(p, z, T1);
            p = Math.fma(p, z, T2);
            p = Math.fma(p, z, T3);
            p = Math.fma(p, z, T4);
            return Math.fma(p * z, x, x);
        }
        float large = 1f - 2f / (exp(ax + ax) + 1f);
        return x < 0f ? -large : large;
    }
}
