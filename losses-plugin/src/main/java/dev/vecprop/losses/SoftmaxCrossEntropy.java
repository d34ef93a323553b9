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
 * <p><b>Generic path</b> (softmax outputs with the fused delta turned off, as gradcheck --generic does): y is
 * clamped below at {@value #EPSILON} in E and in dE/dy_k = -t_k / y_k, so both stay finite. Sigmoid outputs are
 * refused ({@link #incompatibility}).
 */
public final class SoftmaxCrossEntropy implements LossFunction {

    /** The smallest output the generic path takes a logarithm of or divides by. */
    public static final double EPSILON = 1e-7;

    /** How far from 1 the sum of a target vector may be (float32 targets from a file). */
    private static final double SUM_TOLERANCE = 1e-4;

    /** Creates the loss; the service loader calls this. */
    public SoftmaxCrossEntropy() {
    }

    /**
     * {@inheritDoc}
     *
     * @return {@code softmax-cross-entropy}
     */
    @Override
    public String name() {
        return "softmax-cross-entropy";
    }

    /**
     * E = -sum_k t_k log y_k over the k with t_k not 0, each y_k raised to at least {@value #EPSILON}
     * first.
     *
     * @return the loss, at least 0 for outputs at most 1 and targets in [0, 1]; at most about 16.1 times
     *         the sum of the targets
     */
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

    /**
     * dE/dy_k = -t_k / y_k with y_k raised to at least {@value #EPSILON}.
     *
     * @param grad receives the gradient for every k, 0 where t_k is 0
     */
    @Override
    public void gradient(double[] y, double[] t, double[] grad) {
        for (int k = 0; k < y.length; k++) {
            grad[k] = -t[k] / Math.max(y[k], EPSILON);
        }
    }

    /**
     * {@inheritDoc}
     *
     * @return {@link Activation#SOFTMAX}
     */
    @Override
    public Activation fusedActivation() {
        return Activation.SOFTMAX;
    }

    /**
     * E = sum_k t_k (m + log sum_j e^(a_j - m) - a_k) with m = max a, over the k with t_k not 0.
     *
     * @return the loss of softmax(a) against t, finite for every finite a
     */
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

    /**
     * dE/da_k = y_k - t_k, which holds when the targets sum to 1 (as {@link #invalidTarget} requires).
     *
     * @param delta receives y_k - t_k for every k
     */
    @Override
    public void fusedDelta(double[] y, double[] t, double[] delta) {
        for (int k = 0; k < y.length; k++) {
            delta[k] = y[k] - t[k];
        }
    }

    /**
     * Accepts softmax outputs of at least 2 units; refuses one output and the other activations. Sigmoid outputs
     * are refused too, though the loss is defined on them: -sum t_k log y_k of independent sigmoids only pulls the
     * true class's output up, nothing pulls the others down, and training drives every output toward 1.
     *
     * @return {@code null} for softmax over 2 or more outputs; otherwise a message saying why
     */
    @Override
    public String incompatibility(Activation output, int outputs) {
        if (outputs < 2) {
            return "softmax-cross-entropy needs at least 2 outputs (one per class); use binary-cross-entropy for one";
        }
        if (output == Activation.SOFTMAX) {
            return null;
        }
        if (output == Activation.SIGMOID) {
            return "softmax-cross-entropy needs softmax outputs: on independent sigmoid outputs nothing pulls the "
                    + "wrong classes' outputs down, and all of them go to 1; use softmax, or binary-cross-entropy "
                    + "for outputs that are each a yes or no";
        }
        return "softmax-cross-entropy needs outputs in (0, 1) that sum to 1, which softmax gives; " + output.id()
                + " outputs are not";
    }

    /**
     * Accepts targets in [0, 1] that sum to 1 within 1e-4 (float32 targets read from a file).
     *
     * @return {@code null} for a one-hot vector or a distribution; otherwise a message naming the first target
     *         out of range, or the sum
     */
    @Override
    public String invalidTarget(double[] t) {
        double sum = 0;
        for (int k = 0; k < t.length; k++) {
            if (!(t[k] >= 0 && t[k] <= 1)) {
                return "softmax-cross-entropy needs targets in [0, 1]; target " + k + " is " + Shown.value(t[k]);
            }
            sum += t[k];
        }
        if (Math.abs(sum - 1) > SUM_TOLERANCE) {
            return "softmax-cross-entropy needs targets that sum to 1 (one-hot or a distribution); these sum to " + Shown.value(sum);
        }
        return null;
    }
}
