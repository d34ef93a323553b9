package dev.vecprop.core;

import dev.vecprop.core.internal.Activations;
import dev.vecprop.spi.Activation;
import dev.vecprop.spi.Kernels;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A fully connected layer: a_j = sum_i w_ji x_i + b_j, y_j = h(a_j).
 *
 * <p>The weights are one contiguous float array, row j holding unit j's {@link #inputSize()} incoming
 * weights, so that a forward pass is a matrix-vector (or, for a batch, matrix-matrix) product over unit
 * stride memory.
 */
public final class DenseLayer implements Layer {

    private final int in;
    private final int out;
    private final Activation activation;
    private final boolean bias;
    private final float[] w;
    private final float[] b;
    private float[] velocityW;
    private float[] velocityB;

    private float[] pendingInput;
    private float[] pendingDelta;
    private int pendingRows;

    /**
     * A layer with every parameter zero.
     *
     * @param inputs     inputs per sample, at least 1
     * @param units      units (outputs per sample), at least 1; inputs * units must fit in an int array
     * @param activation the activation of every unit; softmax is accepted here, and refused by
     *                   {@link FeedForwardNetwork#of} anywhere but on the output layer; must not be
     *                   {@code null}, which is not checked here
     * @param bias       whether each unit has a bias
     * @throws IllegalArgumentException if a size is not positive
     */
    public DenseLayer(int inputs, int units, Activation activation, boolean bias) {
        if (inputs <= 0 || units <= 0) {
            throw new IllegalArgumentException("a dense layer needs at least one input and one unit, not "
                    + inputs + " inputs and " + units + " units");
        }
        if ((long) inputs * units > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a dense layer of " + inputs + " x " + units + " weights is too large");
        }
        this.in = inputs;
        this.out = units;
        this.activation = Objects.requireNonNull(activation, "activation");
        this.bias = bias;
        this.w = new float[inputs * units];
        this.b = new float[bias ? units : 0];
    }

    /**
     * Seeded initialisation: weights uniform in [-r, r] with r = sqrt(6 / (fan-in + fan-out)) (Glorot and
     * Bengio 2010) for sigmoid, tanh, identity and softmax units, r = sqrt(6 / fan-in) (He et al. 2015) for
     * relu units; biases zero.
     *
     * @param random the source of the weights, advanced by inputs * units draws
     * @return this layer, for chaining
     */
    public DenseLayer initialise(SplittableRandom random) {
        double r = activation == Activation.RELU ? Math.sqrt(6.0 / in) : Math.sqrt(6.0 / (in + out));
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) ((random.nextDouble() * 2 - 1) * r);
        }
        Arrays.fill(b, 0f);
        return this;
    }

    @Override
    public int inputSize() {
        return in;
    }

    @Override
    public int outputSize() {
        return out;
    }

    @Override
    public Activation activation() {
        return activation;
    }

    @Override
    public boolean hasBias() {
        return bias;
    }

    @Override
    public int parameterCount() {
        return w.length + b.length;
    }

    @Override
    public void forward(Kernels k, float[] input, int rows, float[] a, float[] y) {
        if (rows == 1) {
            if (bias) {
                System.arraycopy(b, 0, a, 0, out);
            }
            k.gemv(out, in, 1f, w, 0, in, input, 0, bias ? 1f : 0f, a, 0);
        } else {
            if (bias) {
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(b, 0, a, r * out, out);
                }
            }
            // A (rows x out) = X (rows x in) W^T
            k.gemm(false, true, rows, out, in, 1f, input, 0, in, w, 0, in, bias ? 1f : 0f, a, 0, out);
        }
        Activations.forward(k, activation, rows, out, a, y);
    }

    @Override
    public void backward(Kernels k, float[] input, float[] delta, int rows, float[] inputGradient) {
        if (inputGradient != null) {
            if (rows == 1) {
                k.gemvT(out, in, 1f, w, 0, in, delta, 0, 0f, inputGradient, 0);
            } else {
                // G (rows x in) = Delta (rows x out) W
                k.gemm(false, false, rows, in, out, 1f, delta, 0, out, w, 0, in, 0f, inputGradient, 0, in);
            }
        }
        pendingInput = input;
        pendingDelta = delta;
        pendingRows = rows;
    }

    @Override
    public void gradient(Kernels k, float[] into) {
        requirePending();
        float scale = 1f / pendingRows;
        // dE/dW (out x in) = (1/rows) Delta^T X
        k.gemm(true, false, out, in, pendingRows, scale, pendingDelta, 0, out, pendingInput, 0, in, 0f, into, 0, in);
        if (bias) {
            Arrays.fill(into, w.length, w.length + out, 0f);
            for (int r = 0; r < pendingRows; r++) {
                k.axpy(out, scale, pendingDelta, r * out, into, w.length);
            }
        }
    }

    @Override
    public void update(Kernels k, float learningRate, float momentum) {
        requirePending();
        int rows = pendingRows;
        if (momentum == 0f) {
            // w_ji <- w_ji - eta * mean_r delta_rj x_ri, straight into the weights: one pass over them.
            float alpha = -learningRate / rows;
            if (rows == 1) {
                k.ger(out, in, alpha, pendingDelta, 0, pendingInput, 0, w, 0, in);
            } else {
                k.gemm(true, false, out, in, rows, alpha, pendingDelta, 0, out, pendingInput, 0, in, 1f, w, 0, in);
            }
            if (bias) {
                for (int r = 0; r < rows; r++) {
                    k.axpy(out, alpha, pendingDelta, r * out, b, 0);
                }
            }
        } else {
            if (velocityW == null) {
                velocityW = new float[w.length];
                velocityB = new float[b.length];
            }
            float scale = 1f / rows;
            k.gemm(true, false, out, in, rows, scale, pendingDelta, 0, out, pendingInput, 0, in, momentum,
                    velocityW, 0, in);
            k.axpy(w.length, -learningRate, velocityW, 0, w, 0);
            if (bias) {
                k.scal(out, momentum, velocityB, 0);
                for (int r = 0; r < rows; r++) {
                    k.axpy(out, scale, pendingDelta, r * out, velocityB, 0);
                }
                k.axpy(out, -learningRate, velocityB, 0, b, 0);
            }
        }
        pendingInput = null;
        pendingDelta = null;
    }

    /** Forgets the momentum (velocity) state, as at the start of training. */
    public void resetMomentum() {
        velocityW = null;
        velocityB = null;
    }

    @Override
    public float[] optimizerState() {
        if (velocityW == null) {
            return null;
        }
        float[] v = Arrays.copyOf(velocityW, w.length + b.length);
        System.arraycopy(velocityB, 0, v, w.length, b.length);
        return v;
    }

    @Override
    public void setOptimizerState(float[] state) {
        if (state == null) {
            resetMomentum();
            return;
        }
        if (state.length != parameterCount()) {
            throw new IllegalArgumentException("layer of " + parameterCount() + " parameters cannot take an optimiser "
                    + "state of " + state.length + " values");
        }
        velocityW = Arrays.copyOf(state, w.length);
        velocityB = Arrays.copyOfRange(state, w.length, state.length);
    }

    @Override
    public float[] parameters() {
        float[] p = Arrays.copyOf(w, w.length + b.length);
        System.arraycopy(b, 0, p, w.length, b.length);
        return p;
    }

    @Override
    public void setParameters(float[] values) {
        if (values.length != parameterCount()) {
            throw new IllegalArgumentException("layer of " + in + " inputs and " + out + " units"
                    + (bias ? " with biases" : "") + " has " + parameterCount() + " parameters, not " + values.length);
        }
        System.arraycopy(values, 0, w, 0, w.length);
        System.arraycopy(values, w.length, b, 0, b.length);
    }

    /**
     * Weight w_ji, from input i to unit j.
     *
     * @param j the unit, in 0 to {@link #outputSize()} - 1
     * @param i the input, in 0 to {@link #inputSize()} - 1; not checked on its own, so an i out of range
     *          reads a weight of another unit unless it falls outside the weights altogether
     * @return the weight
     */
    public float weight(int j, int i) {
        Objects.checkIndex(j, out);
        Objects.checkIndex(i, in);
        return w[j * in + i];
    }

    /**
     * Bias of unit j (0 when the layer has no biases).
     *
     * @param j the unit, in 0 to {@link #outputSize()} - 1
     * @return the bias, or 0 for any j when the layer has none
     */
    public float bias(int j) {
        Objects.checkIndex(j, out);
        return bias ? b[j] : 0f;
    }

    private void requirePending() {
        if (pendingDelta == null) {
            throw new IllegalStateException("update or gradient called without a backward pass before it");
        }
    }

    @Override
    public String toString() {
        return "dense " + in + " -> " + out + " " + activation.id() + (bias ? "" : " (no bias)");
    }
}
