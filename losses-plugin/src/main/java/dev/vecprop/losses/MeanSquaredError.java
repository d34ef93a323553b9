package dev.vecprop.losses;

import dev.vecprop.spi.LossFunction;

/**
 * {@code mse}: E = 1/2 sum_k (y_k - t_k)^2, dE/dy_k = y_k - t_k.
 *
 * <p>The 1/2 is the derivation's: with sigmoid outputs the output delta is then exactly
 * (y_k - t_k) y_k (1 - y_k). PyTorch's {@code MSELoss} has no 1/2 and averages over the outputs, so its
 * gradient is 2 / K times this one. There is no fused path: the generic path (this gradient times the
 * output activation's derivative) is already the derivation's delta, and with identity outputs it is
 * y - t. Any output activation is accepted.
 */
public final class MeanSquaredError implements LossFunction {

    /** Creates the loss; the service loader calls this. */
    public MeanSquaredError() {
    }

    /**
     * {@inheritDoc}
     *
     * @return {@code mse}
     */
    @Override
    public String name() {
        return "mse";
    }

    /**
     * E = 1/2 sum_k (y_k - t_k)^2, summed over the outputs, not averaged.
     *
     * @return half the squared Euclidean distance between outputs and targets, at least 0; finite for finite
     *         arguments unless a difference exceeds about 1e154
     */
    @Override
    public double value(double[] y, double[] t) {
        double s = 0;
        for (int k = 0; k < y.length; k++) {
            double d = y[k] - t[k];
            s += d * d;
        }
        return 0.5 * s;
    }

    /**
     * dE/dy_k = y_k - t_k.
     *
     * @param grad receives y_k - t_k for every k; every element is written
     */
    @Override
    public void gradient(double[] y, double[] t, double[] grad) {
        for (int k = 0; k < y.length; k++) {
            grad[k] = y[k] - t[k];
        }
    }
}
