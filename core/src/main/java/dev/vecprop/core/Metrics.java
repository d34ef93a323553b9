package dev.vecprop.core;

import dev.vecprop.core.internal.OutputLoss;
import dev.vecprop.core.internal.PluginFaults;
import dev.vecprop.core.internal.Words;
import dev.vecprop.core.internal.Workspace;
import dev.vecprop.spi.Kernels;
import dev.vecprop.spi.LossFunction;

import java.util.Objects;

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
     * @throws IndexOutOfBoundsException if {@code y} has no {@code k} values from {@code off}
     */
    public static int predictedClass(float[] y, int off, int k) {
        if (k < 1) {
            // No output to compare: class 0 would be an answer out of nothing.
            throw new IllegalArgumentException("a sample has at least 1 output, not " + k);
        }
        Objects.checkFromIndexSize(off, k, y.length);
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
        Running running = new Running(network, loss, checkTargets);
        running.add(data, null);
        return running.result();
    }

    /**
     * The {@link #evaluate} of data given in parts, one after another (a file read a chunk at a time), in the
     * memory of one part: its {@link #result()} is, bit for bit, what {@code evaluate} gives for the parts
     * taken as one data set in the order added, since each sample's outputs are those of a row of a batch
     * wherever the parts end, and the sums go over the samples in order. It gives the network's outputs for
     * each part too, so that a caller that reports on them (a confusion matrix) runs the network once.
     *
     * <p>Not safe for use by several threads at once.
     */
    public static final class Running {
        private final Network network;
        private final LossFunction loss;
        private final OutputLoss out;
        private final boolean checkTargets;
        private final int chunk;
        private final double[] scratch;
        private Workspace ws;
        private int wsRows;
        private float[] x;
        private float[] t;
        private Accumulator acc;
        /** Whether an add failed part way (the loss, past the targets' checks): the sums hold part of a part. */
        private boolean failed;

        /**
         * An evaluation with no samples yet.
         *
         * @param network the network to run; only read
         * @param loss    the loss to average, or {@code null} to leave {@link Evaluation#loss()} NaN
         * @throws IllegalArgumentException if the loss refuses the network's output activation
         *                                  ({@link LossFunction#incompatibility})
         * @throws LossPluginException      if the loss throws when asked whether it takes that activation
         * @throws NullPointerException     if {@code network} is {@code null}
         */
        public Running(Network network, LossFunction loss) {
            this(network, loss, true);
        }

        private Running(Network network, LossFunction loss, boolean checkTargets) {
            this.network = java.util.Objects.requireNonNull(network, "network");
            this.loss = loss;
            int k = network.outputSize();
            this.out = loss == null ? null : new OutputLoss(loss, network.layers().getLast().activation(), k);
            this.checkTargets = checkTargets;
            this.chunk = Workspace.rowsFor(network.layers(), network.inputSize(), CHUNK);
            this.scratch = new double[k];
        }

        /**
         * Adds the samples of {@code part} after those added before.
         *
         * @param part samples whose widths match the network's; none is allowed. The accuracy is had when the
         *             targets of every part are class labels ({@link Dataset#isClassification()})
         * @param y    where to write the network's outputs for them, row-major ({@code part.size()} times its
         *             outputs from index 0), or {@code null}. When the loss fails, it holds those of the samples
         *             up to the one it failed on
         * @throws LossPluginException      if the loss throws or gives a value that is not finite; part of the
         *                                  part is then counted, and this evaluation is no longer usable: a later
         *                                  {@code add} or {@link #result()} throws {@link IllegalStateException}
         * @throws IllegalArgumentException if the widths do not match the network's, {@code y} is too short, the
         *                                  samples added would be more than 2^31 - 1, or a target is not valid for
         *                                  the loss ({@link LossFunction#invalidTarget}), named by its index among
         *                                  all the samples added ("sample 4100"; every target of the part is
         *                                  checked before any is counted, so the evaluation is then as it was)
         * @throws IllegalStateException    if an earlier {@code add} failed in the loss
         * @throws NullPointerException     if {@code part} is {@code null}
         */
        public void add(Dataset part, float[] y) {
            checkShape(network, part, "data");
            int k = network.outputSize();
            int size = part.size();
            if (y != null && y.length < (long) size * k) {
                throw new IllegalArgumentException(size + " samples of " + k + " outputs need " + (long) size * k
                        + " values; y has " + y.length);
            }
            if (failed) {
                throw new IllegalStateException("the loss failed in an earlier part; this evaluation is not usable");
            }
            int before = acc == null ? 0 : acc.samples;
            if (before + (long) size > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("an evaluation takes at most " + Integer.MAX_VALUE + " samples; "
                        + before + " and " + size + " more are too many");
            }
            if (size == 0) {
                return;
            }
            // Every target first: a part refused for one changes nothing.
            if (out != null && checkTargets) {
                float[] row = new float[k];
                for (int r = 0; r < size; r++) {
                    part.copyTargets(r, row, 0);
                    checkTarget(loss, row, 0, scratch, "sample ", before + r);
                }
            }
            if (acc == null) {
                acc = new Accumulator(true, out != null);
            }
            // The whole is class labels when every sample's targets are (Dataset.isClassification): an accuracy
            // only when every part has them.
            if (!part.isClassification()) {
                acc.classification = false;
            }
            try {
                addChecked(part, y);
            } catch (RuntimeException | Error e) {
                // Part of the part counted: no figure can be given for it any more.
                failed = true;
                throw e;
            }
        }

        private void addChecked(Dataset part, float[] y) {
            int in = network.inputSize();
            int k = network.outputSize();
            int size = part.size();
            int rows = Math.min(chunk, size);
            if (rows > wsRows) {
                // As many rows as the largest part needs, up to a chunk: a small data set takes little memory.
                ws = new Workspace(network.layers(), rows, false);
                wsRows = rows;
                x = new float[rows * in];
                t = new float[rows * k];
            }
            Kernels kernels = network.kernels();
            int last = network.layers().size() - 1;
            for (int r0 = 0; r0 < size; r0 += chunk) {
                int n = Math.min(chunk, size - r0);
                for (int r = 0; r < n; r++) {
                    part.copyFeatures(r0 + r, x, r * in);
                    part.copyTargets(r0 + r, t, r * k);
                }
                // As a batch whatever n is: the figures do not depend on where the chunks end.
                float[] outputs = FeedForwardNetwork.forwardBatch(network.layers(), kernels, ws, x, n);
                for (int r = 0; r < n; r++) {
                    if (y != null) {
                        System.arraycopy(outputs, r * k, y, (r0 + r) * k, k);
                    }
                    double e = out == null ? 0 : out.value(ws.preActivation[last], outputs, t, r);
                    acc.add(outputs, t, r, k, e, acc.classification ? part.label(r0 + r) : -1);
                }
            }
        }

        /**
         * The figures of every sample added.
         *
         * @return as {@link #evaluate} for them
         * @throws IllegalStateException if no sample was added, or an {@code add} failed in the loss
         */
        public Evaluation result() {
            if (failed) {
                throw new IllegalStateException("the loss failed in an earlier part; this evaluation is not usable");
            }
            if (acc == null || acc.samples == 0) {
                throw new IllegalStateException("no samples were added");
            }
            return acc.result();
        }
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
            throw new IllegalArgumentException("the network takes " + Words.count(network.inputSize(), "input")
                    + "; the " + what + " has " + Words.count(data.featureCount(), "feature"));
        }
        if (data.targetCount() != network.outputSize()) {
            throw new IllegalArgumentException("the network has " + Words.count(network.outputSize(), "output")
                    + "; the " + what + " has " + Words.count(data.targetCount(), "target") + " per sample");
        }
    }

    /** Running sums for an {@link Evaluation}, fed one sample at a time. */
    static final class Accumulator {
        boolean classification;
        private final boolean hasLoss;
        int samples;
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
