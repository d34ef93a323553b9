package dev.vecprop.core;

import dev.vecprop.core.internal.Words;
import dev.vecprop.spi.Activation;
import dev.vecprop.spi.LossFunction;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A network of dense layers computed in double precision with plain loops, straight from the equations:
 * the reference against which the float engine and the losses' gradients are checked.
 *
 * <p>Parameters are laid out per layer as in {@link Layer#parameters()}: the weights w_ji row by row (unit j
 * by unit j), then the biases. Not thread-safe, and not fast: it is for checking, not training.
 */
public final class ReferenceNetwork {

    private final int[] sizes;
    private final Activation[] activations;
    private final boolean[] biases;
    private final double[][] params;

    private ReferenceNetwork(int[] sizes, Activation[] activations, boolean[] biases, double[][] params) {
        this.sizes = sizes;
        this.activations = activations;
        this.biases = biases;
        this.params = params;
    }

    /**
     * A double copy of a network whose layers are all {@link DenseLayer}s.
     *
     * @param network the network to copy; only read, and not linked to the copy
     * @return a reference network with the same sizes, activations, biases and parameters
     * @throws IllegalArgumentException if a layer is of another kind
     */
    public static ReferenceNetwork copyOf(Network network) {
        int n = network.layers().size();
        int[] sizes = new int[n + 1];
        Activation[] acts = new Activation[n];
        boolean[] bias = new boolean[n];
        double[][] params = new double[n][];
        sizes[0] = network.inputSize();
        for (int l = 0; l < n; l++) {
            Layer layer = network.layers().get(l);
            if (!(layer instanceof DenseLayer)) {
                throw new IllegalArgumentException("layer " + (l + 1) + " is not a dense layer: " + layer);
            }
            sizes[l + 1] = layer.outputSize();
            acts[l] = layer.activation();
            bias[l] = layer.hasBias();
            float[] p = layer.parameters();
            params[l] = new double[p.length];
            for (int i = 0; i < p.length; i++) {
                params[l][i] = p[i];
            }
        }
        return new ReferenceNetwork(sizes, acts, bias, params);
    }

    /**
     * A network of {@code sizes[0]} inputs and layers of {@code sizes[1..]} units, the last with activation
     * {@code output}, the others {@code hidden}, parameters (biases too) uniform in [-1, 1] scaled by
     * 1/sqrt(fan-in), from {@code seed}.
     *
     * @param sizes  the input size, then the units of each layer from first to output; each at least 1
     * @param hidden the activation of every layer but the last; softmax is not refused here
     * @param output the activation of the output layer
     * @param biases whether every layer has biases
     * @param seed   the seed of the parameters; the same arguments give the same network
     * @return the network
     * @throws IllegalArgumentException if {@code sizes} has fewer than 2 elements or one below 1, or
     *                                  {@code output} is softmax on a single unit
     */
    public static ReferenceNetwork random(int[] sizes, Activation hidden, Activation output, boolean biases, long seed) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("sizes needs the input size and at least one layer size");
        }
        if (Arrays.stream(sizes).anyMatch(v -> v < 1)) {
            throw new IllegalArgumentException("every size is at least 1, not " + Arrays.toString(sizes));
        }
        int n = sizes.length - 1;
        if (output == Activation.SOFTMAX && sizes[n] < 2) {
            throw new IllegalArgumentException("softmax over a single output is always 1; use sigmoid for one output");
        }
        Activation[] acts = new Activation[n];
        boolean[] bias = new boolean[n];
        double[][] params = new double[n][];
        SplittableRandom random = new SplittableRandom(seed);
        for (int l = 0; l < n; l++) {
            acts[l] = l == n - 1 ? output : hidden;
            bias[l] = biases;
            params[l] = new double[sizes[l] * sizes[l + 1] + (biases ? sizes[l + 1] : 0)];
            double scale = 1 / Math.sqrt(sizes[l]);
            for (int i = 0; i < params[l].length; i++) {
                params[l][i] = (random.nextDouble() * 2 - 1) * scale;
            }
        }
        return new ReferenceNetwork(sizes.clone(), acts, bias, params);
    }

    /**
     * The parameters of every layer, live: changing them changes the network.
     *
     * @return one array per layer from input to output, laid out as {@link Layer#parameters()}
     */
    public double[][] parameters() {
        return params;
    }

    /**
     * Inputs per sample.
     *
     * @return {@code sizes[0]}
     */
    public int inputSize() {
        return sizes[0];
    }

    /**
     * Outputs per sample.
     *
     * @return the units of the output layer
     */
    public int outputSize() {
        return sizes[sizes.length - 1];
    }

    /**
     * The activation of the output layer.
     *
     * @return the output activation, which decides whether a loss's fused path applies
     */
    public Activation outputActivation() {
        return activations[activations.length - 1];
    }

    /**
     * The outputs for one sample.
     *
     * @param x the sample's features, exactly {@link #inputSize()} values
     * @return a new array of {@link #outputSize()} outputs
     * @throws IllegalArgumentException if {@code x} has another length
     */
    public double[] predict(double[] x) {
        double[][][] pass = forward(x);
        return pass[1][activations.length - 1];
    }

    /**
     * The mean loss over the samples; {@code fused} selects the loss's fused path where it has one for the
     * output activation ({@link LossFunction#valueFromLogits}), else {@link LossFunction#value}.
     *
     * @param loss  the loss; not {@code null}
     * @param xs    the samples' features, one row of {@link #inputSize()} values per sample, at least one row
     *              (none gives NaN)
     * @param ts    the samples' targets, one row of {@link #outputSize()} values per row of {@code xs}
     * @param fused whether to use the loss's fused path where it has one for the output activation
     * @return the mean of the per-sample losses
     * @throws IllegalArgumentException if {@code ts} has another number of rows than {@code xs}, or a row of
     *                                  either has the wrong length
     */
    public double loss(LossFunction loss, double[][] xs, double[][] ts, boolean fused) {
        checkTargets(xs, ts);
        boolean useFused = fused && loss.fusedActivation() == outputActivation();
        int last = activations.length - 1;
        double sum = 0;
        for (int s = 0; s < xs.length; s++) {
            double[][][] pass = forward(xs[s]);
            sum += useFused ? loss.valueFromLogits(pass[0][last], ts[s]) : loss.value(pass[1][last], ts[s]);
        }
        return sum / xs.length;
    }

    /**
     * The gradient of {@link #loss} with respect to every parameter, by backpropagation: the output delta
     * from the loss (fused, or dE/dy through the output activation's Jacobian), hidden deltas
     * delta_j = h'(a_j) sum_k w_kj delta_k, and dE/dw_ji = delta_j o_i, averaged over the samples.
     *
     * @param loss  the loss; not {@code null}
     * @param xs    the samples' features, one row of {@link #inputSize()} values per sample
     * @param ts    the samples' targets, one row of {@link #outputSize()} values per row of {@code xs}
     * @param fused whether to use the loss's fused delta where it has one for the output activation
     * @return one new array per layer, laid out as {@link #parameters()}
     * @throws IllegalArgumentException if {@code ts} has another number of rows than {@code xs}, or a row of
     *                                  either has the wrong length
     */
    public double[][] gradient(LossFunction loss, double[][] xs, double[][] ts, boolean fused) {
        checkTargets(xs, ts);
        boolean useFused = fused && loss.fusedActivation() == outputActivation();
        int n = activations.length;
        double[][] grad = new double[n][];
        for (int l = 0; l < n; l++) {
            grad[l] = new double[params[l].length];
        }
        for (int s = 0; s < xs.length; s++) {
            double[][][] pass = forward(xs[s]);
            double[][] a = pass[0];
            double[][] y = pass[1];
            double[] delta = new double[sizes[n]];
            if (useFused) {
                loss.fusedDelta(y[n - 1], ts[s], delta);
            } else {
                double[] g = new double[sizes[n]];
                loss.gradient(y[n - 1], ts[s], g);
                activations[n - 1].backward(y[n - 1], g, delta);
            }
            for (int l = n - 1; l >= 0; l--) {
                int in = sizes[l];
                int out = sizes[l + 1];
                double[] input = l == 0 ? xs[s] : y[l - 1];
                for (int j = 0; j < out; j++) {
                    for (int i = 0; i < in; i++) {
                        grad[l][j * in + i] += delta[j] * input[i] / xs.length;
                    }
                    if (biases[l]) {
                        grad[l][in * out + j] += delta[j] / xs.length;
                    }
                }
                if (l > 0) {
                    double[] g = new double[in];
                    for (int i = 0; i < in; i++) {
                        double sum = 0;
                        for (int j = 0; j < out; j++) {
                            sum += params[l][j * in + i] * delta[j];
                        }
                        g[i] = sum;
                    }
                    double[] below = new double[in];
                    activations[l - 1].backward(y[l - 1], g, below);
                    delta = below;
                }
            }
        }
        return grad;
    }

    /**
     * The gradient of {@link #loss} by central differences, (E(p + h) - E(p - h)) / 2h, one parameter at a
     * time.
     *
     * @param loss  the loss; not {@code null}
     * @param xs    the samples' features, one row of {@link #inputSize()} values per sample
     * @param ts    the samples' targets, one row of {@link #outputSize()} values per row of {@code xs}
     * @param fused as for {@link #loss}
     * @param h     the step, positive; each parameter is moved by +h and -h and then restored exactly
     * @return one new array per layer, laid out as {@link #parameters()}
     * @throws IllegalArgumentException if {@code ts} has another number of rows than {@code xs}, or a row of
     *                                  either has the wrong length
     */
    public double[][] numericalGradient(LossFunction loss, double[][] xs, double[][] ts, boolean fused, double h) {
        checkTargets(xs, ts);
        double[][] grad = new double[params.length][];
        for (int l = 0; l < params.length; l++) {
            grad[l] = new double[params[l].length];
            for (int i = 0; i < params[l].length; i++) {
                double p = params[l][i];
                double up;
                double down;
                try {
                    params[l][i] = p + h;
                    up = loss(loss, xs, ts, fused);
                    params[l][i] = p - h;
                    down = loss(loss, xs, ts, fused);
                } finally {
                    // A loss that throws leaves the network as it was.
                    params[l][i] = p;
                }
                grad[l][i] = (up - down) / (2 * h);
            }
        }
        return grad;
    }

    /**
     * Refuses targets that do not pair with the samples: a missing row would fail deep in the loop, and a row of
     * another width would reach the loss unnoticed.
     */
    void checkTargets(double[][] xs, double[][] ts) {
        if (xs.length != ts.length) {
            throw new IllegalArgumentException(Words.count(xs.length, "row") + " of features, but " + ts.length
                    + " of targets");
        }
        for (int s = 0; s < ts.length; s++) {
            Objects.requireNonNull(ts[s], "target row is null");
            if (ts[s].length != outputSize()) {
                throw new IllegalArgumentException("the network has " + Words.count(outputSize(), "output")
                        + "; target row " + s + " has " + Words.count(ts[s].length, "value"));
            }
        }
    }

    /** Pre-activations [0][l] and outputs [1][l] of every layer l for one sample. */
    private double[][][] forward(double[] x) {
        if (x.length != sizes[0]) {
            throw new IllegalArgumentException("the network takes " + sizes[0] + " inputs, not " + x.length);
        }
        int n = activations.length;
        double[][] a = new double[n][];
        double[][] y = new double[n][];
        double[] input = x;
        for (int l = 0; l < n; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            a[l] = new double[out];
            for (int j = 0; j < out; j++) {
                double sum = biases[l] ? params[l][in * out + j] : 0;
                for (int i = 0; i < in; i++) {
                    sum += params[l][j * in + i] * input[i];
                }
                a[l][j] = sum;
            }
            y[l] = new double[out];
            activations[l].apply(a[l], y[l]);
            input = y[l];
        }
        return new double[][][]{a, y};
    }
}
