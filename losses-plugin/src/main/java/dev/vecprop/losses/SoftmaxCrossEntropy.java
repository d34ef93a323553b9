package dev.vecprop.losses;

import dev.vecprop.spi.Activation;
import dev.vecprop.spi.LossFunction;

/**
 * {@code softmax-cross-entropy}: E = -sum_k t_k log y_k, for outputs that form a probability distribution
 * and targets that do too (one-hot, or non-negative and summing to 1).
 *
 * <p><b>Fused with softmax outputs</b> (the canonical pairing): the delta collapses to y - t (this needs
 * sum_k t_k = 1, which {@link #invalidTarget} checks), and E is computed from the logits a by log-sum-exp,
 * E = sum_k t_k (m + log sum_j e^(a_j - m) - a_k) with m = max a, never as log(softmax), so a class whose
 * probability underflows to 0 gives a large finite loss, not infinity or NaN.
 *
 * <p><b>Generic path</b> (sigmoid outputs): y is clamped below at {@value #EPSILON} in E and in
 * dE/dy_k = -t_k / y_k, so both stay finite.
 */
public final class SoftmaxCrossEntropy implements LossFunction {

    /** The smallest output the generic path takes a logarithm of or divides by. */
    public static final double EPSILON = 1e-7;

    /** How far from 1 the sum of a target vector may be (float32 targets from a file). */
    private static final double SUM_TOLERANCE = 1e-4;

    @Override
    public String name() {
        return "softmax-cross-entropy";
    }

    @Override
    public double value(double[] y, double[] t) {
        double s = 0;
        for (int k = 0; k < y.length; k++) {
            if (t[k] != 0) {
                s -= t[k] * Math.log(Math.max(y[k], EPSILON));
            }
        }
        return s;
    }

    @Override
    public void gradient(double[] y, double[] t, double[] grad) {
        for (int k = 0; k < y.length; k++) {
            grad[k] = -t[k] / Math.max(y[k], EPSILON);
        }
    }

    @Override
    public Activation fusedActivation() {
        return Activation.SOFTMAX;
    }

    @Override
    public double valueFromLogits(double[] a, double[] t) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : a) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : a) {
            sum += Math.exp(v - max);
        }
        double lse = max + Math.log(sum);
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            if (t[k] != 0) {
                s += t[k] * (lse - a[k]);
            }
        }
        return s;
    }

    @Override
    public void fusedDelta(double[] y, double[] t, double[] delta) {
        for (int k = 0; k < y.length; k++) {
            delta[k] = y[k] - t[k];
        }
    }

    @Override
    public String incompatibility(Activation output, int outputs) {
        if (outputs < 2) {
            return "softmax-cross-entropy needs at least 2 outputs (one per class); use binary-cross-entropy for one";
        }
        if (output == Activation.SOFTMAX || output == Activation.SIGMOID) {
            return null;
        }
        return "softmax-cross-entropy needs outputs in (0, 1), which softmax gives; " + output.id() + " outputs are not";
    }

    @Override
    public String invalidTarget(double[] t) {
        double sum = 0;
        for (int k = 0; k < t.length; k++) {
            if (!(t[k] >= 0 && t[k] <= 1)) {
                return "softmax-cross-entropy needs targets in [0, 1]; target " + k + " is " + t[k];
            }
            sum += t[k];
        }
        if (Math.abs(sum - 1) > SUM_TOLERANCE) {
            return "softmax-cross-entropy needs targets that sum to 1 (one-hot or a distribution); these sum to " + sum;
        }
        return null;
    }
}
