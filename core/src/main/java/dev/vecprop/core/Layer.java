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

    /**
     * Inputs per sample.
     *
     * @return the width of an input row, at least 1
     */
    int inputSize();

    /**
     * Outputs (units) per sample.
     *
     * @return the width of an output row, at least 1
     */
    int outputSize();

    /**
     * The activation h applied to the pre-activations.
     *
     * @return the layer's activation; never {@code null}
     */
    Activation activation();

    /**
     * Whether the layer adds a bias to each unit.
     *
     * @return {@code true} when {@link #parameters()} ends with one bias per unit
     */
    boolean hasBias();

    /**
     * The number of trainable parameters, the length of {@link #parameters()}.
     *
     * @return the parameter count, for a dense layer inputs * units, plus units with biases
     */
    int parameterCount();

    /**
     * Forward pass: {@code preActivation} (rows x outputSize) = the affine map of {@code input}
     * (rows x inputSize), {@code output} = h(preActivation). The two output arrays must not be the same.
     *
     * @param kernels       the compute kernels to use
     * @param input         the batch's inputs, row-major, at least {@code rows * inputSize()} values; only read
     * @param rows          number of samples in the batch, at least 1
     * @param preActivation receives the pre-activations a, row-major, at least {@code rows * outputSize()} long
     * @param output        receives the outputs h(a), row-major, at least {@code rows * outputSize()} long
     */
    void forward(Kernels kernels, float[] input, int rows, float[] preActivation, float[] output);

    /**
     * Backward pass for the batch last given to {@link #forward}: {@code delta} (rows x outputSize) holds
     * dE/da. Writes dE/d(input) (rows x inputSize) into {@code inputGradient} unless it is {@code null}, using
     * the parameters before any update, and keeps references to {@code input} and {@code delta} for
     * {@link #gradient} and {@link #update}.
     *
     * @param kernels       the compute kernels to use
     * @param input         the inputs given to the {@link #forward} of this batch, row-major; kept, and must
     *                      stay unchanged until {@link #update}
     * @param delta         dE/da of every sample, row-major, {@code rows * outputSize()} values; kept, and must
     *                      stay unchanged until {@link #update}
     * @param rows          number of samples in the batch, as given to {@link #forward}
     * @param inputGradient receives dE/d(input), row-major, at least {@code rows * inputSize()} long; or
     *                      {@code null} for the first layer, whose input gradient nobody needs
     */
    void backward(Kernels kernels, float[] input, float[] delta, int rows, float[] inputGradient);

    /**
     * Writes the mean parameter gradient over the rows of the last {@link #backward} into {@code into}, in
     * the order of {@link #parameters()}. Changes nothing; for inspection and gradient checks.
     *
     * @param kernels the compute kernels to use
     * @param into    receives the gradient, at least {@link #parameterCount()} long
     * @throws IllegalStateException if there was no {@link #backward} since the last {@link #update}
     */
    void gradient(Kernels kernels, float[] into);

    /**
     * One step against the mean gradient of the last {@link #backward}: with {@code momentum} 0,
     * p = p - learningRate * g; otherwise v = momentum * v + g, p = p - learningRate * v.
     *
     * @param kernels      the compute kernels to use
     * @param learningRate the step size eta, positive
     * @param momentum     mu in [0, 1); 0 for plain gradient descent
     * @throws IllegalStateException if there was no {@link #backward} since the last {@link #update}
     */
    void update(Kernels kernels, float learningRate, float momentum);

    /**
     * A copy of the parameters; for a dense layer, the weights row by row (unit by unit), then the biases.
     *
     * @return a new array of {@link #parameterCount()} values; changing it does not change the layer
     */
    float[] parameters();

    /**
     * Replaces the parameters with a copy of {@code values}, laid out as {@link #parameters()}.
     *
     * @param values exactly {@link #parameterCount()} values; copied, not kept
     * @throws IllegalArgumentException if {@code values} has another length, or a value is NaN or infinite
     */
    void setParameters(float[] values);

    /**
     * A copy of the optimiser's state: the momentum velocity v of every parameter, laid out as
     * {@link #parameters()}, so that training can be checkpointed and resumed exactly.
     *
     * @return a new array of {@link #parameterCount()} values, or {@code null} while there is no state (no
     *         momentum step has been taken); a layer without parameters may always return {@code null}
     */
    default float[] optimizerState() {
        return null;
    }

    /**
     * Replaces the optimiser's state with a copy of {@code state}, as {@link #optimizerState()} gave it.
     *
     * @param state {@link #parameterCount()} values, or {@code null} to forget the state
     * @throws IllegalArgumentException      if {@code state} has another length, or a value is NaN or infinite
     * @throws UnsupportedOperationException if the layer keeps no optimiser state and {@code state} is not null
     */
    default void setOptimizerState(float[] state) {
        if (state != null) {
            throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps no optimiser state");
        }
    }
}
