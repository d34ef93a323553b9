package dev.vecprop.simd;

import dev.vecprop.spi.Activation;
import dev.vecprop.spi.LossFunction;

/**
 * Softmax cross-entropy with its fused delta y - t, for the training tests: the real losses live in
 * {@code dev.vecprop.losses}, which this module must not depend on.
 */
final class SoftmaxCrossEntropyForTests implements LossFunction {

    @Override
    public String name() {
        return "softmax-cross-entropy-for-tests";
    }

    @Override
    public double value(double[] y, double[] t) {
        double s = 0;
        for (int k = 0; k < y.length; k++) {
            if (t[k] != 0) {
                s -= t[k] * Math.log(Math.max(y[k], 1e-7));
            }
        }
        return s;
    }

    @Override
    public void gradient(double[] y, double[] t, double[] grad) {
        for (int k = 0; k < y.length; k++) {
            grad[k] = -t[k] / Math.max(y[k], 1e-7);
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
        double logSum = max + Math.log(sum);
        double e = 0;
        for (int k = 0; k < a.length; k++) {
            e += t[k] * (logSum - a[k]);
        }
        return e;
    }

    @Override
    public void fusedDelta(double[] y, double[] t, double[] delta) {
        for (int k = 0; k < y.length; k++) {
            delta[k] = y[k] - t[k];
        }
    }
}
