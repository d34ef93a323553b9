package dev.vecprop.core;

import dev.vecprop.spi.Activation;
import dev.vecprop.spi.Kernels;

/**
 * One layer of a feed-forward network: it maps a batch of inputs to a batch of outputs and learns its own
 * parameters from the deltas that come back. The trainer drives every layer through the same cycle, so a
 * new kind of layer needs no change to it.
 *
 * <h2>Lifecycle of one training step on a batch of {@code rows} samples</h2>
 * <ol>
 *   <li>{@link #forward}: pre-activations a and outputs y = h(a) of every sample, from the inputs.</li>
 *   <li>{@link #backward}, with delta = dE/da for every sample: remembers what the parameter gradient needs
 *       (the caller keeps {@code input} and {@code delta} unchanged until {@link #update}), and writes
 *       dE/d(input) with the parameters as they are before this step's update. That is where the
 *       derivation's "hidden deltas use the old weights" is honoured.</li>
 *   <li>{@link #update}: one gradient-descent step with the mean gradient over the batch.</li>
 * </ol>
 * Batches are row-major: sample r's input is {@code input[r * inputSize() ... (r + 1) * inputSize() - 1]}.
 * A layer is not safe for concurrent training; {@link #forward} alone may run concurrently when each caller
 * passes its own buffers.
 */
public interface Layer {

    /** Inputs per sample. */
    int inputSize();

    /** Outputs (units) per sample. */
    int outputSize();

    /** The activation h applied to the pre-activations. */
    Activation activation();

    /** Whether the layer adds a bias to each unit. */
    boolean hasBias();

    /** The number of trainable parameters, the length of {@link #parameters()}. */
    int parameterCount();

    /**
     * Forward pass: {@code preActivation} (rows x outputSize) = the affine map of {@code input}
     * (rows x inputSize), {@code output} = h(preActivation). The two output arrays must not be the same.
     */
    void forward(Kernels kernels, float[] input, int rows, float[] preActivation, float[] output);

    /**
     * Backward pass for the batch last given to {@link #forward}: {@code delta} (rows x outputSize) holds
     * dE/da. Writes dE/d(input) (rows x inputSize) into {@code inputGradient} unless it is {@code null}, using
     * the parameters before any update, and keeps references to {@code input} and {@code delta} for
     * {@link #gradient} and {@link #update}.
     */
    void backward(Kernels kernels, float[] input, float[] delta, int rows, float[] inputGradient);

    /**
     * Writes the mean parameter gradient over the rows of the last {@link #backward} into {@code into}, in
     * the order of {@link #parameters()}. Changes nothing; for inspection and gradient checks.
     */
    void gradient(Kernels kernels, float[] into);

    /**
     * One step against the mean gradient of the last {@link #backward}: with {@code momentum} 0,
     * p = p - learningRate * g; otherwise v = momentum * v + g, p = p - learningRate * v.
     */
    void update(Kernels kernels, float learningRate, float momentum);

    /** A copy of the parameters; for a dense layer, the weights row by row (unit by unit), then the biases. */
    float[] parameters();

    /** Replaces the parameters with a copy of {@code values}, laid out as {@link #parameters()}. */
    void setParameters(float[] values);
}
