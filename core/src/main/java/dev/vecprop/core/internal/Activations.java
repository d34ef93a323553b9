package dev.vecprop.core.internal;

import dev.vecprop.spi.Activation;
import dev.vecprop.spi.Kernels;

/** Dispatch from an {@link Activation} to the kernels that compute it over a batch. */
public final class Activations {

    private Activations() {
    }

    /** y = h(a) over rows x n values (row-major); softmax row by row. */
    public static void forward(Kernels k, Activation h, int rows, int n, float[] a, float[] y) {
        int len = rows * n;
        switch (h) {
            case SIGMOID -> k.sigmoid(len, a, 0, y, 0);
            case TANH -> k.tanh(len, a, 0, y, 0);
            case RELU -> k.relu(len, a, 0, y, 0);
            case IDENTITY -> System.arraycopy(a, 0, y, 0, len);
            case SOFTMAX -> {
                for (int r = 0; r < rows; r++) {
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
        int len = rows * n;
        switch (h) {
            case SIGMOID -> k.sigmoidBackward(len, y, 0, g, 0);
            case TANH -> k.tanhBackward(len, y, 0, g, 0);
            case RELU -> k.reluBackward(len, y, 0, g, 0);
            case IDENTITY -> {
            }
            case SOFTMAX -> throw new IllegalArgumentException("softmax is allowed on the output layer only");
        }
    }
}
