package dev.vecprop.core;

import dev.vecprop.core.internal.Words;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Samples for training or evaluation: a feature vector and a target vector each, stored row-major in two
 * float arrays.
 *
 * <p>For classification the targets are one-hot over the classes (or, for a single output, 0 or 1);
 * {@link #label(int)} gives the class back. A data set is immutable.
 */
public final class Dataset {

    private final int size;
    private final int features;
    private final int targets;
    private final float[] x;
    private final float[] t;
    private final int[] labels;

    private Dataset(int size, int features, int targets, float[] x, float[] t) {
        this.size = size;
        this.features = features;
        this.targets = targets;
        this.x = x;
        this.t = t;
        this.labels = classLabels();
    }

    /**
     * A data set from row-major arrays: {@code x} holds {@code size * features} values, {@code t}
     * {@code size * targets}. The arrays are copied.
     *
     * @param features values per sample in {@code x}, at least 1
     * @param targets  values per sample in {@code t}, at least 1
     * @param x        the features, row-major; its length a multiple of {@code features}, every value finite
     * @param t        the targets, row-major, for as many samples as {@code x}; every value finite
     * @return a data set of {@code x.length / features} samples, at least one
     * @throws IllegalArgumentException if {@code features} or {@code targets} is below 1, there are no samples,
     *                                  the lengths do not agree or a value is not finite (the message names the
     *                                  sample)
     */
    public static Dataset of(int features, int targets, float[] x, float[] t) {
        check(features, targets, x, t);
        return new Dataset(x.length / features, features, targets, x.clone(), t.clone());
    }

    /**
     * A data set that takes {@code x} and {@code t} as they are, without copying them, for data too large
     * to hold twice. The data set then owns the arrays: whoever passes them must not change them afterwards.
     *
     * @param features values per sample in {@code x}, at least 1
     * @param targets  values per sample in {@code t}, at least 1
     * @param x        the features, row-major; its length a multiple of {@code features}, every value finite
     * @param t        the targets, row-major, for as many samples as {@code x}; every value finite
     * @return a data set of {@code x.length / features} samples over these arrays
     * @throws IllegalArgumentException as {@link #of(int, int, float[], float[])} does
     */
    public static Dataset wrap(int features, int targets, float[] x, float[] t) {
        check(features, targets, x, t);
        return new Dataset(x.length / features, features, targets, x, t);
    }

    private static void check(int features, int targets, float[] x, float[] t) {
        if (features <= 0 || targets <= 0) {
            throw new IllegalArgumentException("a data set needs at least one feature and one target, not "
                    + features + " and " + targets);
        }
        if (x.length % features != 0 || t.length % targets != 0 || x.length / features != t.length / targets) {
            throw new IllegalArgumentException(x.length + " feature values and " + t.length
                    + " target values do not make whole samples of " + features + " features and " + targets + " targets");
        }
        if (x.length == 0) {
            throw new IllegalArgumentException("a data set needs at least one sample");
        }
        checkFinite(x, features, "feature");
        checkFinite(t, targets, "target");
    }

    /**
     * A data set from one array per sample.
     *
     * @param x one feature row per sample, all of the same length, at least 1; copied
     * @param t one target row per sample, as many as {@code x}, all of the same length, at least 1; copied
     * @return a data set of {@code x.length} samples
     * @throws IllegalArgumentException if there are no samples, the row counts differ, rows of one array differ
     *                                  in length, or a value is not finite
     * @throws NullPointerException     if an array or one of its rows is {@code null}
     */
    public static Dataset of(float[][] x, float[][] t) {
        if (x.length != t.length) {
            throw new IllegalArgumentException(x.length + " feature rows but " + t.length + " target rows");
        }
        if (x.length == 0) {
            throw new IllegalArgumentException("a data set needs at least one sample");
        }
        float[] features = flatten(x, "feature");
        float[] targets = flatten(t, "target");
        return of(x[0].length, t[0].length, features, targets);
    }

    /**
     * A classification data set: class {@code labels[i]} of sample i becomes a one-hot target over
     * {@code outputs} classes, or, when {@code outputs} is 1, the target 0 or 1 of a single sigmoid output.
     *
     * @param x       one feature row per sample, all of the same length; copied
     * @param labels  the class of each sample, in 0 to {@code outputs - 1} (0 or 1 when {@code outputs} is 1)
     * @param outputs the network's output units: the number of classes, or 1 for two classes on one output
     * @return a data set whose {@link #label(int)} gives {@code labels} back
     * @throws IllegalArgumentException if {@code outputs} is below 1, the counts differ, there are no samples, a
     *                                  label is out of range or a feature is not finite
     */
    public static Dataset ofClasses(float[][] x, int[] labels, int outputs) {
        if (outputs < 1) {
            throw new IllegalArgumentException("a classifier has at least 1 output, not " + outputs);
        }
        if (x.length != labels.length) {
            throw new IllegalArgumentException(x.length + " feature rows but " + labels.length + " labels");
        }
        int classes = outputs == 1 ? 2 : outputs;
        float[][] t = new float[labels.length][outputs];
        for (int i = 0; i < labels.length; i++) {
            int c = labels[i];
            if (c < 0 || c >= classes) {
                throw new IllegalArgumentException("sample " + i + " has class " + c + "; the network has "
                        + classes + " classes (0 to " + (classes - 1) + ")");
            }
            if (outputs == 1) {
                t[i][0] = c;
            } else {
                t[i][c] = 1f;
            }
        }
        return of(x, t);
    }

    /**
     * The number of samples.
     *
     * @return the sample count, at least 0
     */
    public int size() {
        return size;
    }

    /**
     * Features per sample.
     *
     * @return the width of a feature row, at least 1
     */
    public int featureCount() {
        return features;
    }

    /**
     * Targets per sample.
     *
     * @return the width of a target row, at least 1
     */
    public int targetCount() {
        return targets;
    }

    /**
     * Copies the features of sample {@code i} into {@code dst} at {@code off}.
     *
     * @param i   the sample, in 0 to {@link #size()} - 1
     * @param dst receives {@link #featureCount()} values
     * @param off index in {@code dst} of the first value written
     * @throws IndexOutOfBoundsException if {@code i} is out of range or {@code dst} is too short from
     *                                   {@code off}
     */
    public void copyFeatures(int i, float[] dst, int off) {
        // Checked as a sample: i * features past the int range would wrap round to another sample's values.
        Objects.checkIndex(i, size);
        System.arraycopy(x, i * features, dst, off, features);
    }

    /** Features {@code from} to {@code to - 1} of sample {@code i}, into {@code dst} from {@code off}. */
    void copyFeatures(int i, int from, int to, float[] dst, int off) {
        Objects.checkIndex(i, size);
        Objects.checkFromToIndex(from, to, features);
        System.arraycopy(x, i * features + from, dst, off, to - from);
    }

    /**
     * Copies the targets of sample {@code i} into {@code dst} at {@code off}.
     *
     * @param i   the sample, in 0 to {@link #size()} - 1
     * @param dst receives {@link #targetCount()} values
     * @param off index in {@code dst} of the first value written
     * @throws IndexOutOfBoundsException if {@code i} is out of range or {@code dst} is too short from
     *                                   {@code off}
     */
    public void copyTargets(int i, float[] dst, int off) {
        Objects.checkIndex(i, size);
        System.arraycopy(t, i * targets, dst, off, targets);
    }

    /**
     * The features of sample {@code i} (a copy).
     *
     * @param i the sample, in 0 to {@link #size()} - 1
     * @return a new array of {@link #featureCount()} values
     * @throws IndexOutOfBoundsException if {@code i} is negative or not below {@link #size()}
     */
    public float[] features(int i) {
        Objects.checkIndex(i, size);
        return Arrays.copyOfRange(x, i * features, (i + 1) * features);
    }

    /**
     * The targets of sample {@code i} (a copy).
     *
     * @param i the sample, in 0 to {@link #size()} - 1
     * @return a new array of {@link #targetCount()} values
     * @throws IndexOutOfBoundsException if {@code i} is negative or not below {@link #size()}
     */
    public float[] targets(int i) {
        Objects.checkIndex(i, size);
        return Arrays.copyOfRange(t, i * targets, (i + 1) * targets);
    }

    /**
     * A 64-bit fingerprint of the samples (their number, widths and every value, in order), to tell whether
     * two data sets are the same, as a resumed training must check.
     *
     * @return a hash of the content; equal data sets give equal fingerprints
     */
    public long fingerprint() {
        long h = 0xcbf29ce484222325L;
        h = mix(h, size);
        h = mix(h, features);
        h = mix(h, targets);
        for (float v : x) {
            h = mix(h, Float.floatToIntBits(v));
        }
        for (float v : t) {
            h = mix(h, Float.floatToIntBits(v));
        }
        return h;
    }

    private static long mix(long h, int v) {
        h ^= v;
        h *= 0x100000001b3L;
        return h ^ (h >>> 29);
    }

    /**
     * All features, row-major (a copy).
     *
     * @return a new array of {@code size() * featureCount()} values
     */
    public float[] featureMatrix() {
        return x.clone();
    }

    /**
     * All targets, row-major (a copy): for class labels, the one-hot vectors (or the single 0/1 targets).
     *
     * @return a new array of {@code size() * targetCount()} values
     */
    public float[] targetMatrix() {
        return t.clone();
    }

    /**
     * Whether the targets are class labels: every target vector one-hot, or, with one target, every target
     * exactly 0 or 1.
     *
     * @return {@code true} when {@link #label(int)} can be called
     */
    public boolean isClassification() {
        return labels != null;
    }

    /**
     * The class of sample {@code i}: the index of its 1 (one-hot targets) or its target (single 0/1 target).
     *
     * @param i the sample, in 0 to {@link #size()} - 1
     * @return the class, in 0 to {@code targetCount() - 1}, or 0 or 1 with a single target
     * @throws IndexOutOfBoundsException if {@code i} is out of range, as {@link #features(int)} says it
     * @throws IllegalStateException     if the targets are not class labels
     */
    public int label(int i) {
        if (labels == null) {
            throw new IllegalStateException("the targets of this data set are not class labels");
        }
        Objects.checkIndex(i, size);
        return labels[i];
    }

    /**
     * The samples at {@code indices}, in that order.
     *
     * @param indices samples of this data set, each in 0 to {@link #size()} - 1; repeats are allowed and give
     *                repeated samples; empty gives an empty data set
     * @return a new data set of {@code indices.length} samples
     * @throws IndexOutOfBoundsException if an index is out of range
     */
    public Dataset subset(int[] indices) {
        float[] sx = new float[indices.length * features];
        float[] st = new float[indices.length * targets];
        for (int j = 0; j < indices.length; j++) {
            Objects.checkIndex(indices[j], size);
            System.arraycopy(x, indices[j] * features, sx, j * features, features);
            System.arraycopy(t, indices[j] * targets, st, j * targets, targets);
        }
        return new Dataset(indices.length, features, targets, sx, st);
    }

    /**
     * A seeded random split: {@code round(trainFraction * size)} samples for training, the rest for testing.
     *
     * @param trainFraction the share of samples for training, strictly between 0 and 1
     * @param seed          seed of the random order; the same seed and data give the same split
     * @return the two parts, disjoint, together every sample once
     * @throws IllegalArgumentException if {@code trainFraction} is not strictly between 0 and 1, or the rounding
     *                                  leaves one part empty
     */
    public Split split(double trainFraction, long seed) {
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new IllegalArgumentException("the training fraction must be between 0 and 1, not " + trainFraction);
        }
        int[] order = permutation(size, new SplittableRandom(seed));
        int n = (int) Math.round(trainFraction * size);
        if (n == 0 || n == size) {
            throw new IllegalArgumentException("a split of " + size + " samples at " + trainFraction + " leaves one side empty");
        }
        return new Split(subset(Arrays.copyOfRange(order, 0, n)), subset(Arrays.copyOfRange(order, n, size)));
    }

    /**
     * A training part and a test part.
     *
     * @param train the samples for training; from {@link #split}, at least one
     * @param test  the other samples, for testing; from {@link #split}, at least one
     */
    public record Split(Dataset train, Dataset test) {
    }

    /** A Fisher-Yates permutation of 0..n-1 drawn from {@code random}. */
    static int[] permutation(int n, SplittableRandom random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        shuffle(p, random);
        return p;
    }

    static void shuffle(int[] p, SplittableRandom random) {
        for (int i = p.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
    }

    private int[] classLabels() {
        int[] l = new int[size];
        for (int i = 0; i < size; i++) {
            int off = i * targets;
            if (targets == 1) {
                float v = t[off];
                if (v != 0f && v != 1f) {
                    return null;
                }
                l[i] = (int) v;
            } else {
                int hot = -1;
                for (int j = 0; j < targets; j++) {
                    float v = t[off + j];
                    if (v == 1f && hot < 0) {
                        hot = j;
                    } else if (v != 0f) {
                        return null;
                    }
                }
                if (hot < 0) {
                    return null;
                }
                l[i] = hot;
            }
        }
        return l;
    }

    private static float[] flatten(float[][] rows, String what) {
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null) {
                throw new NullPointerException(what + " row " + i + " is null");
            }
        }
        int width = rows[0].length;
        float[] flat = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != width) {
                throw new IllegalArgumentException(what + " row " + i + " has " + Words.count(rows[i].length, "value")
                        + "; row 0 has " + width);
            }
            System.arraycopy(rows[i], 0, flat, i * width, width);
        }
        return flat;
    }

    private static void checkFinite(float[] v, int width, String what) {
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new IllegalArgumentException("sample " + (i / width) + " has a " + what + " that is not finite ("
                        + v[i] + ", column " + (i % width) + ")");
            }
        }
    }
}
