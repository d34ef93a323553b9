package dev.vecprop.spi;

/**
 * A loss to minimise, E(y, t), for one sample, and its gradient with respect to the network's outputs.
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader}: a plugin module declares
 * {@code provides dev.vecprop.spi.LossFunction with ...} (and a {@code META-INF/services} file for class-path
 * users), and the engine looks them up by {@link #name()}. An implementation must be stateless and safe to
 * call from several threads at once.
 *
 * <h2>What the engine calls, per sample</h2>
 * <ol>
 *   <li>Before a network is trained, evaluated or gradient-checked with this loss (so possibly many times),
 *       when it is paired with an output activation: {@link #incompatibility}; a non-null answer refuses the
 *       pairing with that message.</li>
 *   <li>Once per target vector, before training on it: {@link #invalidTarget}.</li>
 *   <li>If the output activation equals {@link #fusedActivation()} (the fused path):
 *       {@link #valueFromLogits} for E, and {@link #fusedDelta} for dE/da, the gradient with respect to the
 *       output layer's pre-activations.</li>
 *   <li>Otherwise (the generic path): {@link #value} for E, and {@link #gradient} for dE/dy; the engine then
 *       applies the output activation's Jacobian itself (diagonal for sigmoid, tanh, relu and identity; the
 *       softmax Jacobian-vector product for softmax). So a loss that gives only a value and a gradient trains
 *       correctly with any output activation it does not refuse.</li>
 * </ol>
 *
 * <p>Sign convention: {@link #value} is the quantity training decreases, and every gradient is the gradient
 * of that value (the engine steps against it). All arrays have the length of the output layer; the methods
 * must not keep references to them. Values and gradients must be finite for every finite input the loss
 * accepts: clamp where a logarithm could see 0, and say so in the implementation's documentation.
 *
 * <p>Whatever a method throws (an exception or an error such as a stack overflow) and a value or gradient
 * that is not finite for finite inputs reach the user as a {@link dev.vecprop.core.LossPluginException}
 * naming the loss, where it was loaded from and the method; training then puts the network back as it was
 * after its last good epoch.
 */
public interface LossFunction {

    /**
     * The name that selects this loss, such as {@code mse}; lower case, no spaces, unique among plugins.
     *
     * @return the name; a provider whose name is {@code null}, blank or has surrounding white space is skipped
     *         by {@code dev.vecprop.core.LossRegistry}
     */
    String name();

    /**
     * E(y, t) for one sample: {@code y} the network's outputs, {@code t} the targets.
     *
     * @param y the outputs h(a) of the output layer for one sample, one per unit; not to be changed
     * @param t the targets of that sample, as long as {@code y}, already accepted by {@link #invalidTarget};
     *          not to be changed
     * @return the loss of the sample, finite for finite {@code y} and accepted {@code t}; the engine averages
     *         it over samples
     */
    double value(double[] y, double[] t);

    /**
     * Writes dE/dy_k for one sample into {@code grad}.
     *
     * @param y    the outputs of the output layer for one sample; not to be changed
     * @param t    the targets of that sample, as long as {@code y}; not to be changed
     * @param grad receives dE/dy_k for every k, as long as {@code y}; every element must be written (its
     *             contents on entry are unspecified), never the same array as {@code y} or {@code t}
     */
    void gradient(double[] y, double[] t, double[] grad);

    /**
     * The output activation with which this loss has a fused delta, or {@code null} when it has none. With
     * it, {@link #valueFromLogits} and {@link #fusedDelta} replace the generic path.
     *
     * @return the activation of the fused pairing, or {@code null} for a loss with the generic path only
     */
    default Activation fusedActivation() {
        return null;
    }

    /**
     * E for one sample computed from the output layer's pre-activations {@code a} (logits), with the output
     * activation {@link #fusedActivation()}: the numerically safe form (log-sum-exp, log1p) of
     * {@code value(h(a), t)}. Called only when {@link #fusedActivation()} is not null.
     *
     * @param a the output layer's pre-activations for one sample, one per unit; not to be changed
     * @param t the targets of that sample, as long as {@code a}; not to be changed
     * @return the same loss as {@link #value} of h(a), finite for every finite {@code a}
     * @throws UnsupportedOperationException by default, for a loss without a fused path
     */
    default double valueFromLogits(double[] a, double[] t) {
        throw new UnsupportedOperationException(name() + " has no fused path");
    }

    /**
     * Writes dE/da for one sample, where a are the output layer's pre-activations and y = h(a) with
     * h = {@link #fusedActivation()}. For the canonical pairs this is y - t. Called only when
     * {@link #fusedActivation()} is not null.
     *
     * @param y     the outputs h(a) of the output layer for one sample; not to be changed
     * @param t     the targets of that sample, as long as {@code y}; not to be changed
     * @param delta receives dE/da_k for every k, as long as {@code y}; every element must be written, never
     *              the same array as {@code y} or {@code t}
     * @throws UnsupportedOperationException by default, for a loss without a fused path
     */
    default void fusedDelta(double[] y, double[] t, double[] delta) {
        throw new UnsupportedOperationException(name() + " has no fused path");
    }

    /**
     * Why this loss cannot be used on an output layer of {@code outputs} units with activation
     * {@code output}, or {@code null} when it can. The message names both, for example
     * "binary-cross-entropy needs outputs in (0, 1); identity outputs are not".
     *
     * @param output  the output layer's activation; not {@code null}
     * @param outputs the number of units of the output layer, at least 1
     * @return a message for people, or {@code null} (the default) when the pairing is accepted; an empty message
     *         refuses too, and is reported as a refusal without a reason
     */
    default String incompatibility(Activation output, int outputs) {
        return null;
    }

    /**
     * Why {@code t} is not a valid target vector for this loss, or {@code null} when it is.
     *
     * @param t one sample's targets, one per output unit; not to be changed
     * @return a message for people naming the offending target, or {@code null} (the default) when every
     *         target is acceptable; an empty message refuses too, and is reported with the targets, as a
     *         refusal without a reason
     */
    default String invalidTarget(double[] t) {
        return null;
    }
}
