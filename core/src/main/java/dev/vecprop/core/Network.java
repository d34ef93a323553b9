package dev.vecprop.core;

import dev.vecprop.spi.Kernels;

import java.util.List;

/**
 * A feed-forward network: layers applied in order, each one's outputs the next one's inputs.
 *
 * <p>Prediction ({@link #predict(float[])} and {@link #predict(float[], int, float[])}) only reads the
 * parameters and uses buffers of its own, so any number of threads may predict with one network at once,
 * as long as none is training it at the same time.
 */
public interface Network {

    /** Inputs per sample. */
    int inputSize();

    /** Outputs per sample. */
    int outputSize();

    /** The layers from input to output; the list cannot be modified, the layers' parameters can. */
    List<Layer> layers();

    /** The compute kernels this network runs on. */
    Kernels kernels();

    /**
     * The outputs for one sample.
     *
     * @throws IllegalArgumentException if {@code x} does not have {@link #inputSize()} elements
     */
    float[] predict(float[] x);

    /**
     * The outputs for {@code rows} samples: {@code x} holds them row by row ({@code rows * inputSize()}
     * values), {@code y} receives {@code rows * outputSize()} values.
     */
    void predict(float[] x, int rows, float[] y);

    /** The number of trainable parameters of all layers together. */
    default long parameterCount() {
        long n = 0;
        for (Layer l : layers()) {
            n += l.parameterCount();
        }
        return n;
    }
}
