package dev.vecprop.examples.huber;

import dev.vecprop.spi.LossFunction;

/**
 * {@code huber}: E = sum_k L(y_k - t_k) with L(d) = d^2 / 2 where |d| &lt;= 1 and |d| - 1/2 beyond (Huber,
 * 1964): squared error for small residuals, absolute error for large ones, so that outliers pull on the
 * weights with a bounded force. dE/dy_k = d clipped to [-1, 1].
 *
 * <p>No fused delta: the engine applies the output activation's derivative to this gradient, so the loss
 * works with any output activation (identity for regression).
 */
public final class HuberLoss implements LossFunction {

    /** Where the loss turns from quadratic to linear. */
    private static final double DELTA = 1.0;

    @Override
    public String name() {
        return "huber";
    }

    @Override
    public double value(double[] y, double[] t) {
        double s = 0;
        for (int k = 0; k < y.length; k++) {
            double d = Math.abs(y[k] - t[k]);
            s += d <= DELTA ? 0.5 * d * d : DELTA * (d - 0.5 * DELTA);
        }
        return s;
    }

    @Override
    public void gradient(double[] y, double[] t, double[] grad) {
        for (int k = 0; k < y.length; k++) {
            grad[k] = Math.max(-DELTA, Math.min(DELTA, y[k] - t[k]));
        }
    }
}
