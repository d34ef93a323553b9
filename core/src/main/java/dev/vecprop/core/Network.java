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

    /**
     * Inputs per sample.
     *
     * @return the first layer's input size, at least 1
     */
    int inputSize();

    /**
     * Outputs per sample.
     *
     * @return the last layer's output size, at least 1
     */
    int outputSize();

    /**
     * The layers from input to output; the list cannot be modified, the layers' parameters can.
     *
     * @return at least one layer, each one's input size the previous one's output size
     */
    List<Layer> layers();

    /**
     * The compute kernels this network runs on.
     *
     * @return the kernels used by prediction and by a {@link Trainer} of this network; never {@code null}
     */
    Kernels kernels();

    /**
     * The outputs for one sample, by the per-sample kernels (matrix-vector products), the fastest way for one:
     * they sum in another order than a batch's products, so the outputs may differ in their last bits from the
     * same sample's row in {@link #predict(float[], int, float[])}.
     *
     * @param x the sample's features, exactly {@link #inputSize()} values; only read
     * @return a new array of {@link #outputSize()} outputs
     * @throws IllegalArgumentException if {@code x} does not have {@link #inputSize()} elements
     */
    float[] predict(float[] x);

    /**
     * The outputs for {@code rows} samples: {@code x} holds them row by row ({@code rows * inputSize()}
     * values), {@code y} receives {@code rows * outputSize()} values. Each row is computed as a row of a batch,
     * whatever {@code rows} is (one included): its outputs are the same bits whichever rows come with it, so
     * data predicted in parts of any size gives what it gives in one call.
     *
     * @param x    the samples' features, row-major, at least {@code rows * inputSize()} values; only read
     * @param rows number of samples, at least 0 (0 does nothing); any number, not bounded by a batch size
     * @param y    receives the outputs, row-major, at least {@code rows * outputSize()} long; must not overlap
     *             {@code x}
     * @throws IllegalArgumentException if {@code rows} is negative, or {@code x} or {@code y} is too short for
     *                                  {@code rows} samples
     */
    void predict(float[] x, int rows, float[] y);

    /**
     * The number of trainable parameters of all layers together.
     *
     * @return the sum of the layers' {@link Layer#parameterCount()}, as a long
     */
    default long parameterCount() {
        long n = 0;
        for (Layer l : layers()) {
            n += l.parameterCount();
        }
        return n;
    }
}
