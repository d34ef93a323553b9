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

    public int capacity() {
        return capacity;
    }

    /** Runs {@code rows} samples of {@code input} through every layer; returns the last layer's outputs. */
    public float[] forward(Kernels k, float[] input, int rows) {
        float[] x = input;
        for (int l = 0; l < layers.size(); l++) {
            layers.get(l).forward(k, x, rows, preActivation[l], output[l]);
            x = output[l];
        }
        return x;
    }
}
