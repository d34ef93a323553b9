package dev.vecprop.losses;

import dev.vecprop.spi.Activation;
import dev.vecprop.spi.LossFunction;

/**
 * {@code binary-cross-entropy}: E = -sum_k [t_k log y_k + (1 - t_k) log(1 - y_k)] over one or more
 * independent outputs, each the probability of its own yes/no label; targets in [0, 1].
 *
 * <p><b>Fused with sigmoid outputs</b> (the canonical pairing): the delta is y - t, and E is computed from
 * the logits a as sum_k max(a_k, 0) - a_k t_k + log(1 + e^(-|a_k|)), which is exact and finite for any
 * finite a (no log of 0 even when y rounds to exactly 0 or 1, as it does in float32 beyond |a| of about 17).
 *
 * <p><b>Generic path</b> (softmax outputs, the only other activation whose outputs lie in (0, 1)): y is
 * clamped to [{@value #EPSILON}, 1 - {@value #EPSILON}] in both E and dE/dy = (y - t) / (y (1 - y)), so
 * both stay finite. The clamp only acts on outputs already within 1e-7 of 0 or 1.
 */
public final class BinaryCrossEntropy implements LossFunction {

    /** How close to 0 or 1 an output may come on the generic path. */
    public static final double EPSILON = 1e-7;

    /** Creates the loss; the service loader calls this. */
    public BinaryCrossEntropy() {
    }

    /**
     * {@inheritDoc}
     *
     * @return {@code binary-cross-entropy}
     */
    @Override
    public String name() {
        return "binary-cross-entropy";
    }

    /**
     * E = -sum_k [t_k log y_k + (1 - t_k) log(1 - y_k)], each y_k clamped to
     * [{@value #EPSILON}, 1 - {@value #EPSILON}] first.
     *
     * @return the loss, at least 0 for targets in [0, 1], and at most about 16.1 per output because of the
     *         clamp
     */
    @Override
    public double value(double[] y, double[] t) {
        double s = 0;
        for (int k = 0; k < y.length; k++) {
            double p = clamp(y[k]);
            s -= t[k] * Math.log(p) + (1 - t[k]) * Math.log1p(-p);
        }
        return s;
    }

    /**
     * dE/dy_k = (y_k - t_k) / (y_k (1 - y_k)) with y_k clamped as in {@link #value}.
     *
     * @param grad receives the gradient for every k, finite (at most about 1e7 in size) for finite y
     */
    @Override
    public void gradient(double[] y, double[] t, double[] grad) {
        for (int k = 0; k < y.length; k++) {
            double p = clamp(y[k]);
            grad[k] = (p - t[k]) / (p * (1 - p));
        }
    }

    /**
     * {@inheritDoc}
     *
     * @return {@link Activation#SIGMOID}
     */
    @Override
    public Activation fusedActivation() {
        return Activation.SIGMOID;
    }

    /**
     * E = sum_k max(a_k, 0) - a_k t_k + log(1 + e^(-|a_k|)): exact, with no clamp, and finite for every
     * finite a.
     *
     * @return the loss of sigmoid(a) against t
     */
    @Override
    public double valueFromLogits(double[] a, double[] t) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            double z = a[k];
            s += Math.max(z, 0) - z * t[k] + Math.log1p(Math.exp(-Math.abs(z)));
        }
        return s;
    }

    /**
     * dE/da_k = y_k - t_k, the canonical delta of sigmoid with binary cross-entropy.
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
     * Accepts sigmoid outputs of any width, and softmax outputs of at least 2 units; refuses the rest.
     *
     * @return {@code null} for sigmoid, or softmax over more than one output; otherwise a message naming the
     *         activation
     */
    @Override
    public String incompatibility(Activation output, int outputs) {
        if (output == Activation.SIGMOID || output == Activation.SOFTMAX && outputs > 1) {
            return null;
        }
        return "binary-cross-entropy needs outputs in (0, 1), which sigmoid gives; " + output.id() + " outputs are not";
    }

    /**
     * Accepts targets in [0, 1], not only 0 and 1 (soft labels).
     *
     * @return {@code null} when every target is in [0, 1]; otherwise a message naming the first that is not
     *         (NaN is not)
     */
    @Override
    public String invalidTarget(double[] t) {
        for (int k = 0; k < t.length; k++) {
            if (!(t[k] >= 0 && t[k] <= 1)) {
                return "binary-cross-entropy needs targets in [0, 1]; target " + k + " is " + Shown.value(t[k]);
            }
        }
        return null;
    }

    private static double clamp(double p) {
        return Math.min(Math.max(p, EPSILON), 1 - EPSILON);
    }
}
