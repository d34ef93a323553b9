package dev.vecprop.spi;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The activation functions h of a layer, y = h(a), with their derivatives written in terms of the output y
 * (so that a layer keeps its outputs and nothing else for the backward pass).
 *
 * <p>The double-precision methods here are the reference definitions: the float kernels
 * ({@link Kernels#sigmoid} and the rest) must agree with them to float rounding, and the gradient check
 * ({@code dev.vecprop.core.GradientCheck}) and the generic output delta use them directly.
 */
public enum Activation {
    /** h(a) = 1 / (1 + e^-a); h'(a) = y (1 - y). */
    SIGMOID("sigmoid"),
    /** h(a) = tanh(a); h'(a) = 1 - y^2. */
    TANH("tanh"),
    /** h(a) = max(0, a); h'(a) = 1 where y &gt; 0, else 0 (the subgradient 0 at a = 0). */
    RELU("relu"),
    /** h(a) = a; h'(a) = 1. */
    IDENTITY("identity"),
    /**
     * y_r = e^(a_r) / sum_k e^(a_k) over the whole layer, computed as e^(a_r - max a); allowed on the
     * output layer only. Its Jacobian is not diagonal: dy_r/da_s = y_r (delta_rs - y_s).
     */
    SOFTMAX("softmax");

    private final String id;

    Activation(String id) {
        this.id = id;
    }

    /**
     * The name used on the command line and in model files: {@code sigmoid}, {@code tanh}, ...
     *
     * @return the lower-case name that {@link #named} accepts back; never {@code null}
     */
    public String id() {
        return id;
    }

    /**
     * True for the activations that act on each unit alone (all but softmax).
     *
     * @return {@code false} for {@link #SOFTMAX} only, whose outputs each depend on the whole layer
     */
    public boolean isElementwise() {
        return this != SOFTMAX;
    }

    /**
     * The activation named {@code id} (case-insensitive).
     *
     * @param id a name as {@link #id()} gives it, in any case; surrounding white space is ignored; not
     *           {@code null}
     * @return the activation of that name
     * @throws IllegalArgumentException naming the known activations when there is none of that name
     */
    public static Activation named(String id) {
        for (Activation a : values()) {
            if (a.id.equalsIgnoreCase(id.trim())) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + id + "'; known: "
                + Arrays.stream(values()).map(Activation::id).collect(Collectors.joining(", ")));
    }

    /**
     * y = h(a) in double precision, over {@code a.length} units; {@code y} may be {@code a}.
     *
     * @param a the pre-activations of one sample's layer (for softmax, the whole layer)
     * @param y receives the outputs; at least {@code a.length} long, may be the same array as {@code a}
     */
    public void apply(double[] a, double[] y) {
        int n = a.length;
        switch (this) {
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    y[i] = sigmoid(a[i]);
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    y[i] = Math.tanh(a[i]);
                }
            }
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    y[i] = a[i] > 0 ? a[i] : 0.0;
                }
            }
            case IDENTITY -> System.arraycopy(a, 0, y, 0, n);
            case SOFTMAX -> {
                double max = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    max = Math.max(max, a[i]);
                }
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    y[i] = Math.exp(a[i] - max);
                    sum += y[i];
                }
                for (int i = 0; i < n; i++) {
                    y[i] /= sum;
                }
            }
        }
    }

    /**
     * The chain rule through this activation: given g = dE/dy and the outputs y, writes dE/da into
     * {@code delta} ({@code delta} may be {@code g}). Diagonal for the elementwise activations,
     * delta_r = g_r h'(a_r); for softmax the Jacobian-vector product delta_r = y_r (g_r - sum_k g_k y_k).
     *
     * @param y     the outputs y = h(a) of one sample's layer; its length is the number of units
     * @param g     dE/dy for the same units, at least {@code y.length} long; not changed unless it is {@code delta}
     * @param delta receives dE/da, at least {@code y.length} long; may be the same array as {@code g}
     */
    public void backward(double[] y, double[] g, double[] delta) {
        int n = y.length;
        if (this == SOFTMAX) {
            double gy = 0;
            for (int k = 0; k < n; k++) {
                gy += g[k] * y[k];
            }
            for (int r = 0; r < n; r++) {
                delta[r] = y[r] * (g[r] - gy);
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            delta[i] = g[i] * derivativeFromOutput(y[i]);
        }
    }

    /**
     * h'(a) written in terms of y = h(a), for the elementwise activations.
     *
     * @param y the unit's output h(a), not its pre-activation
     * @return dy/da at that output: for relu 1 or 0, for identity always 1
     * @throws UnsupportedOperationException for softmax, whose derivative is a matrix
     */
    public double derivativeFromOutput(double y) {
        return switch (this) {
            case SIGMOID -> y * (1 - y);
            case TANH -> 1 - y * y;
            case RELU -> y > 0 ? 1 : 0;
            case IDENTITY -> 1;
            case SOFTMAX -> throw new UnsupportedOperationException(
                    "softmax has no elementwise derivative; use backward(y, g, delta)");
        };
    }

    /**
     * The logistic function in a form that cannot overflow: e^-a overflowing to infinity gives 0.
     *
     * @param a the pre-activation, any double; NaN gives NaN
     * @return 1 / (1 + e^-a), in [0, 1]
     */
    public static double sigmoid(double a) {
        return 1.0 / (1.0 + Math.exp(-a));
    }

    @Override
    public String toString() {
        return id;
    }

}
