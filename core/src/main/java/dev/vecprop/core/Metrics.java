package dev.vecprop.core;

import dev.vecprop.core.internal.OutputLoss;
import dev.vecprop.core.internal.PluginFaults;
import dev.vecprop.core.internal.Workspace;
import dev.vecprop.spi.Kernels;
import dev.vecprop.spi.LossFunction;

/** Accuracy, loss and regression error of a network on a data set. */
public final class Metrics {

    private static final int CHUNK = 256;

    private Metrics() {
    }

    /**
     * The class a network's outputs {@code y[off .. off + k - 1]} predict: the index of the largest output, or,
     * for a single output, 1 when it is at least 0.5 and 0 otherwise. Ties go to the lower index.
     *
     * @param y   the outputs of one or more samples, row-major
     * @param off index of the sample's first output in {@code y}
     * @param k   outputs per sample, at least 1
     * @return the predicted class, in 0 to k - 1 (0 or 1 when k is 1)
     * @throws IllegalArgumentException if {@code k} is below 1, or one of the outputs is NaN or infinite: no class
     *                                  can be told from it (a NaN compares as never larger, so it would read as
     *                                  class 0)
     */
    public static int predictedClass(float[] y, int off, int k) {
        if (k < 1) {
            // No output to compare: class 0 would be an answer out of nothing.
            throw new IllegalArgumentException("a sample has at least 1 output, not " + k);
        }
        int best = 0;
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            float v = y[off + j];
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("output " + j + " of the network is " + v
                        + "; no class can be told from it");
            }
            if (v > max) {
                max = v;
                best = j;
            }
        }
        return k == 1 ? (max >= 0.5f ? 1 : 0) : best;
    }

    /**
     * The fraction of samples whose predicted class is their label.
     *
     * @param network the network to run; only read
     * @param data    samples whose widths match the network's
     * @return the accuracy in [0, 1], or NaN when the targets of {@code data} are not class labels
     * @throws IllegalArgumentException if the data's widths do not match the network's, or it has no samples
     */
    public static double accuracy(Network network, Dataset data) {
        return evaluate(network, null, data).accuracy();
    }

    /**
     * Loss (when {@code loss} is not null), accuracy (when the targets are class labels) and regression error
     * of {@code network} on {@code data}, computed in double.
     *
     * @param network the network to run; only read
     * @param loss    the loss to average, or {@code null} to leave {@link Evaluation#loss()} NaN
     * @param data    samples whose widths match the network's
     * @return the metrics over all samples of {@code data}
     * @throws LossPluginException      if the loss throws or gives a value that is not finite
     * @throws IllegalArgumentException if the data's widths do not match the network's, it has no samples (as
     *                                  {@link Dataset#subset} can give), the loss refuses the network's output
     *                                  activation ({@link LossFunction#incompatibility}), or a target is not
     *                                  valid for the loss ({@link LossFunction#invalidTarget})
     */
    public static Evaluation evaluate(Network network, LossFunction loss, Dataset data) {
        return evaluate(network, loss, data, true);
    }

    /** As the public form; {@code checkTargets} false for data whose targets the trainer has checked already. */
    static Evaluation evaluate(Network network, LossFunction loss, Dataset data, boolean checkTargets) {
        checkShape(network, data, "data");
        if (data.size() == 0) {
            throw new IllegalArgumentException("the data has no samples");
        }
        int in = network.inputSize();
        int k = network.outputSize();
        int chunk = Workspace.rowsFor(network.layers(), in, CHUNK);
        int rows = Math.min(chunk, data.size());
        Workspace ws = new Workspace(network.layers(), rows, false);
        OutputLoss out = loss == null ? null : new OutputLoss(loss, network.layers().getLast().activation(), k);
        Kernels kernels = network.kernels();
        float[] x = new float[rows * in];
        float[] t = new float[rows * k];
        int last = network.layers().size() - 1;
        Accumulator acc = new Accumulator(data.isClassification(), out != null);
        double[] scratch = new double[k];
        for (int r0 = 0; r0 < data.size(); r0 += chunk) {
            int n = Math.min(chunk, data.size() - r0);
            for (int r = 0; r < n; r++) {
                data.copyFeatures(r0 + r, x, r * in);
                data.copyTargets(r0 + r, t, r * k);
            }
            if (out != null && checkTargets) {
                for (int r = 0; r < n; r++) {
                    checkTarget(loss, t, r * k, scratch, "sample ", r0 + r);
                }
            }
            // As a batch whatever n is: the figures do not depend on where the chunks end.
            float[] y = FeedForwardNetwork.forwardBatch(network.layers(), kernels, ws, x, n);
            for (int r = 0; r < n; r++) {
                double e = out == null ? 0 : out.value(ws.preActivation[last], y, t, r);
                acc.add(y, t, r, k, e, acc.classification ? data.label(r0 + r) : -1);
            }
        }
        return acc.result();
    }

    /**
     * Refuses the target row at {@code t[off ..]}, of {@code scratch.length} values, when the loss finds it
     * invalid, naming it as {@code where + index} (a string made only then).
     */
    static void checkTarget(LossFunction loss, float[] t, int off, double[] scratch, String where, int index) {
        for (int j = 0; j < scratch.length; j++) {
            scratch[j] = t[off + j];
        }
        String why = PluginFaults.invalidTarget(loss, scratch);
        if (why != null) {
            throw new IllegalArgumentException(where + index + ": " + why);
        }
    }

    static void checkShape(Network network, Dataset data, String what) {
        if (data.featureCount() != network.inputSize()) {
            throw new IllegalArgumentException("the network takes " + network.inputSize() + " inputs; the " + what
                    + " has " + data.featureCount() + " features");
        }
        if (data.targetCount() != network.outputSize()) {
            throw new IllegalArgumentException("the network has " + network.outputSize() + " outputs; the " + what
                    + " has " + data.targetCount() + " targets per sample");
        }
    }

    /** Running sums for an {@link Evaluation}, fed one sample at a time. */
    static final class Accumulator {
        final boolean classification;
        private final boolean hasLoss;
        private int samples;
        private int correct;
        private double loss;
        private double squared;
        private double absolute;
        private long values;

        Accumulator(boolean classification, boolean hasLoss) {
            this.classification = classification;
            this.hasLoss = hasLoss;
        }

        /** Adds row {@code r} of outputs {@code y} against targets {@code t}, with its loss and class label. */
        void add(float[] y, float[] t, int r, int k, double lossValue, int label) {
            int off = r * k;
            samples++;
            loss += lossValue;
            boolean finite = true;
            for (int j = 0; j < k; j++) {
                double d = (double) y[off + j] - t[off + j];
                squared += d * d;
                absolute += Math.abs(d);
                finite &= Float.isFinite(y[off + j]);
            }
            values += k;
            // Outputs that are not finite predict no class (a NaN would read as class 0, right for class 0's samples).
            if (classification && finite && predictedClass(y, off, k) == label) {
                correct++;
            }
        }

        Evaluation result() {
            return new Evaluation(samples,
                    hasLoss ? loss / samples : Double.NaN,
                    classification ? (double) correct / samples : Double.NaN,
                    squared / values, absolute / values);
        }
    }
}
