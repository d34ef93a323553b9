package dev.vecprop.core.internal;

import dev.vecprop.core.LossPluginException;
import dev.vecprop.spi.Activation;
import dev.vecprop.spi.LossFunction;

/**
 * A loss paired with an output activation: the value of one sample and its output delta dE/da, by the
 * loss's fused path when it has one for this activation, else by the generic path (dE/dy from the loss,
 * then the activation's Jacobian). Works in double on one sample at a time; holds scratch arrays, so one
 * instance serves one thread.
 */
public final class OutputLoss {

    private final LossFunction loss;
    private final Activation activation;
    private final boolean fused;
    private final int k;
    private final double[] a;
    private final double[] y;
    private final double[] t;
    private final double[] g;
    private final double[] d;

    /**
     * @throws IllegalArgumentException when the loss refuses this output activation, with its reason
     */
    public OutputLoss(LossFunction loss, Activation activation, int outputs) {
        String why = PluginFaults.incompatibility(loss, activation, outputs);
        if (why != null) {
            throw new IllegalArgumentException("loss " + PluginFaults.nameOf(loss) + " cannot be used with "
                    + Words.count(outputs, activation.id() + " output") + ": " + why);
        }
        this.loss = loss;
        this.activation = activation;
        this.fused = PluginFaults.call(loss, "fusedActivation", loss::fusedActivation) == activation;
        this.k = outputs;
        this.a = new double[outputs];
        this.y = new double[outputs];
        this.t = new double[outputs];
        this.g = new double[outputs];
        this.d = new double[outputs];
    }

    private OutputLoss(OutputLoss of) {
        this.loss = of.loss;
        this.activation = of.activation;
        this.fused = of.fused;
        this.k = of.k;
        this.a = new double[k];
        this.y = new double[k];
        this.t = new double[k];
        this.g = new double[k];
        this.d = new double[k];
    }

    /** Another instance of this one, for another thread: the same loss and path, its own scratch arrays. */
    public OutputLoss copy() {
        return new OutputLoss(this);
    }

    /** Whether the loss's fused delta is used. */
    public boolean fused() {
        return fused;
    }

    public LossFunction loss() {
        return loss;
    }

    /**
     * E for row {@code r} of the row-major pre-activations, outputs and targets.
     *
     * @throws LossPluginException if the loss throws, or gives a value that is not finite for finite inputs
     */
    public double value(float[] preAct, float[] out, float[] targets, int r) {
        load(preAct, out, targets, r);
        double e;
        try {
            e = fused ? loss.valueFromLogits(a, t) : loss.value(y, t);
        } catch (Throwable ex) {
            throw PluginFaults.failed(loss, fused ? "valueFromLogits" : "value", ex);
        }
        if (!Double.isFinite(e) && inputsFinite()) {
            throw PluginFaults.notFiniteValue(loss, e, fused ? "valueFromLogits" : "value");
        }
        return e;
    }

    /**
     * E for row {@code r}, and dE/da written into row {@code r} of {@code delta}.
     *
     * @throws LossPluginException if the loss throws, or gives a value or gradient that is not finite for
     *                             finite inputs
     */
    public double valueAndDelta(float[] preAct, float[] out, float[] targets, int r, float[] delta) {
        load(preAct, out, targets, r);
        double e;
        PluginFaults.markUnwritten(fused ? d : g);
        String valueMethod = fused ? "valueFromLogits" : "value";
        String gradientMethod = fused ? "fusedDelta" : "gradient";
        try {
            e = fused ? loss.valueFromLogits(a, t) : loss.value(y, t);
        } catch (Throwable ex) {
            throw PluginFaults.failed(loss, valueMethod, ex);
        }
        try {
            if (fused) {
                loss.fusedDelta(y, t, d);
            } else {
                loss.gradient(y, t, g);
            }
        } catch (Throwable ex) {
            throw PluginFaults.failed(loss, gradientMethod, ex);
        }
        PluginFaults.checkWritten(loss, gradientMethod, fused ? d : g);
        if (!fused) {
            activation.backward(y, g, d);
        }
        boolean finite = Double.isFinite(e);
        int off = r * k;
        for (int i = 0; i < k; i++) {
            delta[off + i] = (float) d[i];
            finite &= Double.isFinite(d[i]);
        }
        if (!finite && inputsFinite()) {
            throw Double.isFinite(e) ? PluginFaults.notFiniteGradient(loss, gradientMethod)
                    : PluginFaults.notFiniteValue(loss, e, valueMethod);
        }
        return e;
    }

    /** Whether the loaded outputs and targets are finite: if not, the network (not the loss) is at fault. */
    private boolean inputsFinite() {
        for (int i = 0; i < k; i++) {
            if (!Double.isFinite(a[i]) || !Double.isFinite(y[i]) || !Double.isFinite(t[i])) {
                return false;
            }
        }
        return true;
    }

    private void load(float[] preAct, float[] out, float[] targets, int r) {
        int off = r * k;
        for (int i = 0; i < k; i++) {
            a[i] = preAct[off + i];
            y[i] = out[off + i];
            t[i] = targets[off + i];
        }
    }
}
