package dev.vecprop.core;

import java.util.Objects;

/**
 * How a classifier's predictions fall against the true classes: count(t, p) samples of class t predicted as
 * class p; with each class's precision and recall, what {@code vecprop eval} prints for a classifier.
 *
 * <pre>{@code
 * ConfusionMatrix m = ConfusionMatrix.of(model.network(), model.scaling().apply(test));
 * double recallOfClass2 = m.recall(2);
 * }</pre>
 *
 * <p>Counts are added one sample at a time ({@link #add(int, int)}) or from a network's outputs
 * ({@link #add(float[], int, int, int)}), so that data read in parts is counted in the memory of one part. Not safe
 * for use by several threads at once.
 */
public final class ConfusionMatrix {

    private final long[][] counts;
    private long total;
    private long correct;

    /**
     * An empty matrix.
     *
     * @param classes the number of classes, at least 2
     * @throws IllegalArgumentException when {@code classes} is below 2
     */
    public ConfusionMatrix(int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("a classifier has at least 2 classes, not " + classes);
        }
        counts = new long[classes][classes];
    }

    /**
     * The matrix of {@code network} on {@code data}: each sample's predicted class
     * ({@link Metrics#predictedClass}) against its label.
     *
     * @param network a classifier; only read
     * @param data    samples with class labels ({@link Dataset#isClassification()}), scaled as the network's
     *                training data was; its targets' count is the network's outputs (2 classes for one output)
     * @return the matrix, {@code network}'s classes square; empty for data of no samples (its accuracy NaN)
     * @throws IllegalArgumentException if the data's widths do not match the network's, its targets are not class
     *                                  labels, or a sample's outputs are not finite (no class can be told; the
     *                                  message names the sample)
     */
    public static ConfusionMatrix of(Network network, Dataset data) {
        Metrics.checkShape(network, data, "data");
        if (!data.isClassification()) {
            throw new IllegalArgumentException("the data's targets are not class labels");
        }
        int k = network.outputSize();
        ConfusionMatrix m = new ConfusionMatrix(k == 1 ? 2 : k);
        // The outputs as Metrics computes them (each row as a row of a batch, in parts of its size); the data's
        // targets hold as many values, so they fit an array.
        float[] y = new float[data.size() * k];
        new Metrics.Running(network, null).add(data, y);
        for (int r = 0; r < data.size(); r++) {
            try {
                m.add(y, r * k, k, data.label(r));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("sample " + r + ": " + e.getMessage(), e);
            }
        }
        return m;
    }

    /**
     * Counts one sample of class {@code truth} predicted as {@code predicted}.
     *
     * @param truth     its class, 0 to {@link #classes()} - 1
     * @param predicted the class predicted, 0 to {@link #classes()} - 1
     * @throws IndexOutOfBoundsException when a class is out of range
     */
    public void add(int truth, int predicted) {
        Objects.checkIndex(truth, counts.length);
        Objects.checkIndex(predicted, counts.length);
        counts[truth][predicted]++;
        total++;
        if (truth == predicted) {
            correct++;
        }
    }

    /**
     * Counts one sample of class {@code truth} by the class its outputs {@code y[off .. off + k - 1]} predict
     * ({@link Metrics#predictedClass}).
     *
     * @param y     the outputs of one or more samples, row-major
     * @param off   index of the sample's first output
     * @param k     outputs per sample: {@link #classes()}, or 1 for two classes
     * @param truth its class
     * @throws IllegalArgumentException  when {@code k} does not fit the classes, or an output is not finite
     * @throws IndexOutOfBoundsException when {@code truth} is out of range, or {@code y} has no {@code k} values
     *                                   from {@code off}
     */
    public void add(float[] y, int off, int k, int truth) {
        if (k != counts.length && !(k == 1 && counts.length == 2)) {
            throw new IllegalArgumentException(k + " outputs for " + counts.length + " classes");
        }
        add(truth, Metrics.predictedClass(y, off, k));
    }

    /**
     * The number of classes.
     *
     * @return the matrix's side
     */
    public int classes() {
        return counts.length;
    }

    /**
     * The samples of class {@code truth} predicted as {@code predicted}.
     *
     * @param truth     the true class
     * @param predicted the class predicted
     * @return their count
     * @throws IndexOutOfBoundsException when a class is out of range
     */
    public long count(int truth, int predicted) {
        return counts[Objects.checkIndex(truth, counts.length)][Objects.checkIndex(predicted, counts.length)];
    }

    /**
     * The samples counted.
     *
     * @return their number
     */
    public long total() {
        return total;
    }

    /**
     * The samples whose predicted class is their class.
     *
     * @return the sum of the diagonal
     */
    public long correct() {
        return correct;
    }

    /**
     * The fraction predicted right.
     *
     * @return {@link #correct()} / {@link #total()}, or NaN when nothing was counted
     */
    public double accuracy() {
        return total == 0 ? Double.NaN : (double) correct / total;
    }

    /**
     * The samples of class {@code c}: its row's sum.
     *
     * @param c a class
     * @return their count
     * @throws IndexOutOfBoundsException when {@code c} is out of range
     */
    public long support(int c) {
        long sum = 0;
        for (long v : counts[Objects.checkIndex(c, counts.length)]) {
            sum += v;
        }
        return sum;
    }

    /**
     * The samples predicted as class {@code c}: its column's sum.
     *
     * @param c a class
     * @return their count
     * @throws IndexOutOfBoundsException when {@code c} is out of range
     */
    public long predicted(int c) {
        Objects.checkIndex(c, counts.length);
        long sum = 0;
        for (long[] row : counts) {
            sum += row[c];
        }
        return sum;
    }

    /**
     * Of the samples predicted as class {@code c}, the fraction that are.
     *
     * @param c a class
     * @return count(c, c) / {@link #predicted(int)}, or NaN when none was predicted as {@code c}
     * @throws IndexOutOfBoundsException when {@code c} is out of range
     */
    public double precision(int c) {
        long p = predicted(c);
        return p == 0 ? Double.NaN : (double) counts[c][c] / p;
    }

    /**
     * Of the samples of class {@code c}, the fraction predicted as it.
     *
     * @param c a class
     * @return count(c, c) / {@link #support(int)}, or NaN when there is no sample of class {@code c}
     * @throws IndexOutOfBoundsException when {@code c} is out of range
     */
    public double recall(int c) {
        long s = support(c);
        return s == 0 ? Double.NaN : (double) counts[c][c] / s;
    }
}
