package dev.vecprop.core.internal;

import dev.vecprop.core.Layer;
import dev.vecprop.spi.Kernels;

import java.util.List;

/**
 * The buffers of one forward and backward pass over a batch of up to {@code capacity} rows: per layer its
 * pre-activations and outputs, plus the deltas. Allocated once and reused, so that training allocates
 * nothing per sample; one workspace serves one thread.
 */
public final class Workspace {

    private final List<? extends Layer> layers;
    private final int capacity;
    /** Pre-activations a of layer l, rows x width(l). */
    public final float[][] preActivation;
    /** Outputs y of layer l, rows x width(l). */
    public final float[][] output;
    /** dE/da of layer l, rows x width(l). */
    public final float[][] delta;

    public Workspace(List<? extends Layer> layers, int capacity, boolean forTraining) {
        this.layers = layers;
        this.capacity = capacity;
        int n = layers.size();
        preActivation = new float[n][];
        output = new float[n][];
        delta = new float[n][];
        for (int l = 0; l < n; l++) {
            int width = layers.get(l).outputSize();
            preActivation[l] = new float[capacity * width];
            output[l] = new float[capacity * width];
            if (forTraining) {
                delta[l] = new float[capacity * width];
            }
        }
    }

    /** The most floats one buffer of a chunked pass holds (64 MiB) unless a single row needs more. */
    public static final int CHUNK_FLOATS = 1 << 24;

    /**
     * The rows of one chunk of a forward pass (prediction, evaluation): at most {@code wanted}, and no more than
     * keep each buffer within {@link #CHUNK_FLOATS} for the widest layer (or the inputs), at least one. A usual
     * network (784-128-10: 256 rows are 200,704 floats) gets {@code wanted}; a layer of millions of units a few
     * rows, where {@code wanted} rows would overflow an array's int size or exhaust the heap.
     *
     * @param layers the network's layers
     * @param inputs the network's input count
     * @param wanted the rows the caller would take
     * @return the rows to take, 1 to {@code wanted}
     */
    public static int rowsFor(List<? extends Layer> layers, int inputs, int wanted) {
        return rowsForWidth(widest(layers, inputs), wanted);
    }

    /**
     * The most values one row of a pass holds in any buffer: the widest layer's units, or the inputs.
     *
     * @param layers the network's layers
     * @param inputs the network's input count
     * @return the largest of {@code inputs} and every layer's output size
     */
    public static int widest(List<? extends Layer> layers, int inputs) {
        int widest = inputs;
        for (Layer l : layers) {
            widest = Math.max(widest, l.outputSize());
        }
        return widest;
    }

    /**
     * {@link #rowsFor} for a widest layer of {@code widest} units.
     *
     * @param widest the widest layer's units (or the input count), at least 1
     * @param wanted the rows the caller would take
     * @return the rows to take, 1 to {@code wanted}
     */
    public static int rowsForWidth(long widest, int wanted) {
        return (int) Math.max(1, Math.min(wanted, CHUNK_FLOATS / widest));
    }

    public int capacity() {
        return capacity;
    }

    /** Runs {@code rows} samples of {@code input} through every layer; returns the last layer's outputs. */
    public float[] forward(Kernels k, float[] input, int rows) {
        return forwardFrom(k, 0, input, rows);
    }

    /**
     * {@link #forward} from layer {@code first} on, {@code input} being its input (the output of the layer
     * before it, or the network's input when {@code first} is 0).
     */
    public float[] forwardFrom(Kernels k, int first, float[] input, int rows) {
        float[] x = input;
        for (int l = first; l < layers.size(); l++) {
            layers.get(l).forward(k, x, rows, preActivation[l], output[l]);
            x = output[l];
        }
        return x;
    }
}
