package dev.vecprop.core;

import dev.vecprop.core.internal.Words;
import dev.vecprop.core.internal.Workspace;
import dev.vecprop.spi.Activation;
import dev.vecprop.spi.Kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A network of layers in sequence, built with {@link #builder(int)} for dense layers or {@link #of} from
 * layers made elsewhere (a loaded model, a new kind of layer).
 *
 * <pre>{@code
 * FeedForwardNetwork net = FeedForwardNetwork.builder(784)
 *         .layer(128, Activation.SIGMOID)
 *         .layer(10, Activation.SOFTMAX)
 *         .seed(7)
 *         .build();
 * }</pre>
 */
public final class FeedForwardNetwork implements Network {

    /** Rows per chunk when predicting many samples. */
    private static final int PREDICT_CHUNK = 256;

    private final List<Layer> layers;
    private volatile Kernels kernels;

    private FeedForwardNetwork(List<Layer> layers, Kernels kernels) {
        this.layers = List.copyOf(layers);
        this.kernels = kernels;
    }

    /**
     * A builder for a network of dense layers taking {@code inputs} values per sample.
     *
     * @param inputs inputs per sample, at least 1
     * @return a builder without layers, biases on, seed 1, default kernels
     * @throws IllegalArgumentException if {@code inputs} is below 1
     */
    public static Builder builder(int inputs) {
        return new Builder(inputs);
    }

    /**
     * A network of the given layers on the given kernels.
     *
     * @param layers  the layers from input to output; the list is copied, the layers themselves are shared
     * @param kernels the kernels to run on, such as {@link KernelProviders#best()}; not {@code null}
     * @return the network
     * @throws NullPointerException     if {@code kernels} is {@code null}
     * @throws IllegalArgumentException if there are no layers, a layer's input size is not the previous
     *                                  layer's output size, or a layer other than the last is softmax, or
     *                                  a softmax layer has a single unit, or the kernels cannot run in this JVM
     *                                  ({@link Kernels#unavailableReason()})
     */
    public static FeedForwardNetwork of(List<? extends Layer> layers, Kernels kernels) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            if (l > 0 && layer.inputSize() != layers.get(l - 1).outputSize()) {
                throw new IllegalArgumentException("layer " + (l + 1) + " expects " + Words.count(layer.inputSize(),
                        "input") + ", but layer " + l + " has " + Words.count(layers.get(l - 1).outputSize(), "output"));
            }
            if (layer.activation() == Activation.SOFTMAX && l != layers.size() - 1) {
                throw new IllegalArgumentException("softmax is allowed on the output layer only; layer "
                        + (l + 1) + " of " + layers.size() + " has it");
            }
            String refused = outputRefusal(layer.activation(), layer.outputSize());
            if (refused != null) {
                throw new IllegalArgumentException(refused);
            }
        }
        return new FeedForwardNetwork(new ArrayList<>(layers), KernelProviders.requireUsable(kernels));
    }

    /** Why a layer of {@code units} with {@code activation} cannot be a network's output, or {@code null}. */
    static String outputRefusal(Activation activation, int units) {
        return activation == Activation.SOFTMAX && units == 1
                ? "softmax over a single output is always 1; use sigmoid for one output" : null;
    }

    @Override
    public int inputSize() {
        return layers.getFirst().inputSize();
    }

    @Override
    public int outputSize() {
        return layers.getLast().outputSize();
    }

    @Override
    public List<Layer> layers() {
        return layers;
    }

    @Override
    public Kernels kernels() {
        return kernels;
    }

    /**
     * Runs this network on other kernels from now on (for example to compare providers).
     *
     * @param kernels the kernels for every later prediction and for trainers' later steps; not {@code null}
     * @throws NullPointerException     if {@code kernels} is {@code null}
     * @throws IllegalArgumentException if the kernels cannot run in this JVM ({@link Kernels#unavailableReason()})
     */
    public void useKernels(Kernels kernels) {
        this.kernels = KernelProviders.requireUsable(kernels);
    }

    @Override
    public float[] predict(float[] x) {
        if (x.length != inputSize()) {
            throw new IllegalArgumentException("the network takes " + inputSize() + " inputs, not " + x.length);
        }
        Workspace ws = new Workspace(layers, 1, false);
        return ws.forward(kernels, x, 1).clone();
    }

    @Override
    public void predict(float[] x, int rows, float[] y) {
        int in = inputSize();
        int out = outputSize();
        if (rows < 0) {
            throw new IllegalArgumentException("a number of rows is at least 0, not " + rows);
        }
        if ((long) rows * in > x.length || (long) rows * out > y.length) {
            throw new IllegalArgumentException(rows + " rows need " + (long) rows * in + " inputs and "
                    + (long) rows * out + " outputs; the arrays have " + x.length + " and " + y.length);
        }
        Kernels k = kernels;
        int most = Workspace.rowsFor(layers, in, PREDICT_CHUNK);
        Workspace ws = new Workspace(layers, Math.min(Math.max(rows, 1), most), false);
        float[] chunk = rows <= most ? x : new float[most * in];
        for (int r0 = 0; r0 < rows; r0 += most) {
            int n = Math.min(most, rows - r0);
            if (chunk != x) {
                System.arraycopy(x, r0 * in, chunk, 0, n * in);
            }
            float[] result = forwardBatch(layers, k, ws, chunk, n);
            System.arraycopy(result, 0, y, r0 * out, n * out);
        }
    }

    /**
     * The forward pass of {@code rows} rows of {@code x} through {@code layers} into {@code ws}, every row as a
     * row of a batch: a single row too, which {@link Workspace#forward} sends down the per-sample path. So a
     * row's outputs do not depend on the rows beside it, nor on how many there are.
     *
     * @return the last layer's outputs, in {@code ws}
     */
    static float[] forwardBatch(List<Layer> layers, Kernels k, Workspace ws, float[] x, int rows) {
        float[] input = x;
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            if (layer instanceof DenseLayer d) {
                d.forwardRows(k, input, 0, rows, false, ws.preActivation[l], ws.output[l]);
            } else {
                layer.forward(k, input, rows, ws.preActivation[l], ws.output[l]);
            }
            input = ws.output[l];
        }
        return input;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(inputSize());
        for (Layer l : layers) {
            sb.append('-').append(l.outputSize()).append(' ').append(l.activation().id());
        }
        return sb.toString();
    }

    /**
     * Builds a network of dense layers, with seeded initialisation (see {@link DenseLayer#initialise}), each
     * stored in the layout {@link DenseLayer.Layout#choose} picks for its position.
     */
    public static final class Builder {
        private final int inputs;
        private final List<Integer> units = new ArrayList<>();
        private final List<Activation> activations = new ArrayList<>();
        private boolean biases = true;
        private long seed = 1;
        private Kernels kernels;

        private Builder(int inputs) {
            if (inputs <= 0) {
                throw new IllegalArgumentException("a network needs at least one input, not " + inputs);
            }
            this.inputs = inputs;
        }

        /**
         * Adds a dense layer of {@code units} units; the last one added is the output layer.
         *
         * @param units      units of the layer, at least 1
         * @param activation the layer's activation; softmax only on the last layer, with at least 2 units
         *                   (checked by {@link #build()}); not {@code null}
         * @return this builder
         * @throws IllegalArgumentException if {@code units} is below 1
         * @throws NullPointerException     if {@code activation} is {@code null}
         */
        public Builder layer(int units, Activation activation) {
            if (units <= 0) {
                throw new IllegalArgumentException("layer " + (this.units.size() + 1) + " needs at least one unit, not " + units);
            }
            this.units.add(units);
            this.activations.add(Objects.requireNonNull(activation, "activation"));
            return this;
        }

        /**
         * Whether the layers have biases (default true); without them a_j = sum_i w_ji x_i, as derived.
         *
         * @param on {@code true} for a bias per unit in every layer, {@code false} for none in any
         * @return this builder
         */
        public Builder biases(boolean on) {
            this.biases = on;
            return this;
        }

        /**
         * The seed of the weight initialisation (default 1).
         *
         * @param seed any seed; the same seed and layers give bit-identical initial weights
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * The kernels to run on (default {@link KernelProviders#best()}).
         *
         * @param kernels the kernels, or {@code null} for the default; {@link #build} refuses kernels that cannot
         *                run in this JVM
         * @return this builder
         */
        public Builder kernels(Kernels kernels) {
            this.kernels = kernels;
            return this;
        }

        /**
         * The network of the layers added so far, initialised from the seed (see {@link DenseLayer#initialise}).
         *
         * @return a new network; the builder may be used again and builds a network with new layers
         * @throws IllegalArgumentException if no layer was added, or softmax is on a layer other than the last
         *                                  or on a single unit
         */
        public FeedForwardNetwork build() {
            if (units.isEmpty()) {
                throw new IllegalArgumentException("a network needs at least one layer");
            }
            SplittableRandom random = new SplittableRandom(seed);
            List<Layer> layers = new ArrayList<>();
            int in = inputs;
            for (int l = 0; l < units.size(); l++) {
                int n = units.get(l);
                layers.add(new DenseLayer(in, n, activations.get(l), biases, DenseLayer.Layout.choose(l == 0, n))
                        .initialise(random));
                in = n;
            }
            return of(layers, kernels != null ? kernels : KernelProviders.best());
        }
    }
}
