package dev.vecprop.core.internal;

import dev.vecprop.spi.Activation;
import dev.vecprop.spi.Kernels;

/** Dispatch from an {@link Activation} to the kernels that compute it over a batch. */
public final class Activations {

    private Activations() {
    }

    /** y = h(a) over rows x n values (row-major); softmax row by row. */
    public static void forward(Kernels k, Activation h, int rows, int n, float[] a, float[] y) {
        forward(k, h, 0, rows, n, a, y);
    }

    /** {@link #forward} over rows {@code r0} to {@code r0 + rows - 1} of the arrays. */
    public static void forward(Kernels k, Activation h, int r0, int rows, int n, float[] a, float[] y) {
        int off = r0 * n;
        int len = rows * n;
        switch (h) {
            case SIGMOID -> k.sigmoid(len, a, off, y, off);
            case TANH -> k.tanh(len, a, off, y, off);
            case RELU -> k.relu(len, a, off, y, off);
            case IDENTITY -> System.arraycopy(a, off, y, off, len);
            case SOFTMAX -> {
                for (int r = r0; r < r0 + rows; r++) {
                    k.softmax(n, a, r * n, y, r * n);
                }
            }
        }
    }

    /**
     * g = g * h'(a) in place over rows x n values, h' taken from the outputs y: turns dE/dy into dE/da.
     *
     * @throws IllegalArgumentException for softmax, which only an output layer may have (its delta comes
     *                                  from the loss, see {@link OutputLoss})
     */
    public static void backward(Kernels k, Activation h, int rows, int n, float[] y, float[] g) {
        backward(k, h, 0, rows, n, y, g);
    }

    /** {@link #backward} over rows {@code r0} to {@code r0 + rows - 1} of the arrays. */
    public static void backward(Kernels k, Activation h, int r0, int rows, int n, float[] y, float[] g) {
        int off = r0 * n;
        int len = rows * n;
        switch (h) {
            case SIGMOID -> k.sigmoidBackward(len, y, off, g, off);
            case TANH -> k.tanhBackward(len, y, off, g, off);
            case RELU -> k.reluBackward(len, y, off, g, off);
            case IDENTITY -> {
            }
            case SOFTMAX -> throw new IllegalArgumentException("softmax is allowed on the output layer only");
        }
    }
}
