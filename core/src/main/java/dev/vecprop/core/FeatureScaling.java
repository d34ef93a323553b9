package dev.vecprop.core;

import dev.vecprop.core.internal.Words;

import java.util.Arrays;
import java.util.Objects;

/**
 * A per-feature affine map x' = (x - offset) * scale, fitted on training data and kept with a model so that
 * evaluation and prediction see features scaled exactly as training did.
 *
 * <p>Min-max scaling maps each feature's training range to [0, 1]; range scaling maps the range of all the
 * training values together to [0, 1], with one offset and one scale for every feature (x / 255 for 8-bit
 * images, whose border pixels min-max would stretch); standardisation gives each feature mean 0 and standard
 * deviation 1 on the training data. A feature that is constant in the training data (a blank
 * pixel) gets scale 1 under min-max and standardisation, so it maps to 0 there instead of dividing by zero;
 * under range scaling only data that is one value throughout does. The statistics are computed in
 * double; the stored offsets and scales are floats, and applying them in float is what a saved model
 * reproduces exactly.
 */
public final class FeatureScaling {

    /** How the offsets and scales are chosen. */
    public enum Kind {
        /** Offset 0, scale 1: the features as they are. */
        NONE("none"),
        /** Offset min, scale 1 / (max - min) over the training data. */
        MIN_MAX("minmax"),
        /** Offset mean, scale 1 / standard deviation (population) over the training data. */
        STANDARD("standard"),
        /** For every feature the same: offset min, scale 1 / (max - min) over all the training values. */
        RANGE("range");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        /**
         * The name used on the command line and by {@link #named(String)}.
         *
         * @return {@code none}, {@code minmax}, {@code standard} or {@code range}
         */
        public String id() {
            return id;
        }

        /**
         * The kind named {@code id} (case-insensitive).
         *
         * @param id an {@link #id()}, in any case; white space around it is ignored
         * @return the kind of that name
         * @throws IllegalArgumentException naming the known kinds when there is none of that name
         * @throws NullPointerException     if {@code id} is {@code null}
         */
        public static Kind named(String id) {
            for (Kind k : values()) {
                if (k.id.equalsIgnoreCase(id.trim())) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown feature scaling '" + id + "'; known: none, minmax, standard, range");
        }

        @Override
        public String toString() {
            return id;
        }
    }

    private final Kind kind;
    private final float[] offset;
    private final float[] scale;

    private FeatureScaling(Kind kind, float[] offset, float[] scale) {
        this.kind = kind;
        this.offset = offset;
        this.scale = scale;
    }

    /**
     * The identity on {@code features} features: offset 0 and scale 1 for each, of kind {@link Kind#NONE}.
     *
     * @param features the number of features, at least 1
     * @return a scaling that leaves features unchanged
     * @throws IllegalArgumentException if {@code features} is below 1
     */
    public static FeatureScaling none(int features) {
        if (features <= 0) {
            throw new IllegalArgumentException("feature scaling needs at least one feature, not " + features);
        }
        float[] one = new float[features];
        Arrays.fill(one, 1f);
        return new FeatureScaling(Kind.NONE, new float[features], one);
    }

    /**
     * Given offsets and scales (as read from a model file); the arrays are copied.
     *
     * @param kind   the kind they were fitted as; recorded, and checked against the values only for
     *               {@link Kind#NONE}, which is never applied and so must be offset 0 and scale 1
     * @param offset the offset subtracted from each feature, one per feature, at least one; every value finite
     * @param scale  the factor applied after the offset, as many as {@code offset}; every value finite, non-zero
     * @return a scaling of {@code offset.length} features
     * @throws IllegalArgumentException if the lengths differ or are 0, a value is not finite or a scale is 0, or
     *                                  the kind is {@link Kind#NONE} and the values are not 0 and 1
     * @throws NullPointerException     if an argument is {@code null}
     */
    public static FeatureScaling of(Kind kind, float[] offset, float[] scale) {
        Objects.requireNonNull(kind, "kind");
        if (offset.length != scale.length || offset.length == 0) {
            throw new IllegalArgumentException("feature scaling needs one offset and one scale per feature, not "
                    + offset.length + " offsets and " + scale.length + " scales");
        }
        for (int i = 0; i < offset.length; i++) {
            if (!Float.isFinite(offset[i]) || !Float.isFinite(scale[i]) || scale[i] == 0f) {
                throw new IllegalArgumentException("feature " + i + " has offset " + offset[i] + " and scale "
                        + scale[i] + "; both must be finite and the scale non-zero");
            }
            if (kind == Kind.NONE && (offset[i] != 0f || scale[i] != 1f)) {
                throw new IllegalArgumentException("feature " + i + " has offset " + offset[i] + " and scale "
                        + scale[i] + ", but no scaling (kind none) is offset 0 and scale 1");
            }
        }
        return new FeatureScaling(kind, offset.clone(), scale.clone());
    }

    /**
     * Fits {@code kind} on the features of {@code data}; the targets play no part.
     *
     * @param kind how to choose offsets and scales; not {@code null}
     * @param data the training samples, at least one; only read
     * @return a scaling of {@code data.featureCount()} features
     * @throws IllegalArgumentException if {@code data} has no samples
     */
    public static FeatureScaling fit(Kind kind, Dataset data) {
        return fit(kind, data.featureMatrix(), data.featureCount());
    }

    /**
     * Fits {@code kind} on row-major features, {@code features} per row. The statistics are taken in double
     * over every row, then rounded to float.
     *
     * @param kind     how to choose offsets and scales; not {@code null}
     * @param x        the training features, row-major, a whole number of rows and at least one; only read
     * @param features values per row, at least 1
     * @return a scaling of {@code features} features; for {@link Kind#NONE} the same as {@link #none(int)}
     * @throws IllegalArgumentException if {@code features} is below 1, or {@code x} is empty or not whole rows;
     *                                  unless {@code kind} is {@link Kind#NONE}, if a value is not finite (the
     *                                  message names its row and feature), or if a feature's values (all the
     *                                  values, for {@link Kind#RANGE}) span more than a float holds under
     *                                  min-max or range scaling
     */
    public static FeatureScaling fit(Kind kind, float[] x, int features) {
        Objects.requireNonNull(kind, "kind");
        if (features <= 0 || x.length % features != 0 || x.length == 0) {
            throw new IllegalArgumentException(x.length + " values are not whole rows of " + features + " features");
        }
        if (kind == Kind.NONE) {
            return none(features);
        }
        int rows = x.length / features;
        // Row by row, every feature's statistic at once: the data is read front to back (a column at a time
        // would stride through it, a cache miss per value). Each feature still takes its values in row order.
        double[] a = new double[features];
        double[] b = new double[features];
        if (kind == Kind.RANGE) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (float v : x) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            Arrays.fill(a, min);
            Arrays.fill(b, max - min);
        } else if (kind == Kind.MIN_MAX) {
            double[] max = b;
            Arrays.fill(a, Double.POSITIVE_INFINITY);
            Arrays.fill(max, Double.NEGATIVE_INFINITY);
            for (int r = 0, o = 0; r < rows; r++, o += features) {
                for (int j = 0; j < features; j++) {
                    double v = x[o + j];
                    a[j] = Math.min(a[j], v);
                    max[j] = Math.max(max[j], v);
                }
            }
            for (int j = 0; j < features; j++) {
                b[j] = max[j] - a[j];
            }
        } else {
            for (int r = 0, o = 0; r < rows; r++, o += features) {
                for (int j = 0; j < features; j++) {
                    a[j] += x[o + j];
                }
            }
            for (int j = 0; j < features; j++) {
                a[j] /= rows;
            }
            for (int r = 0, o = 0; r < rows; r++, o += features) {
                for (int j = 0; j < features; j++) {
                    double d = x[o + j] - a[j];
                    b[j] += d * d;
                }
            }
            for (int j = 0; j < features; j++) {
                b[j] = Math.sqrt(b[j] / rows);
            }
        }
        for (int j = 0; j < features; j++) {
            if (!Double.isFinite(a[j]) || !Double.isFinite(b[j])) {
                throw new IllegalArgumentException(firstNotFinite(x, features));
            }
            if ((kind == Kind.MIN_MAX || kind == Kind.RANGE) && b[j] > Float.MAX_VALUE) {
                throw new IllegalArgumentException((kind == Kind.RANGE ? "the training values span " : "feature " + j
                        + " spans ") + String.format(java.util.Locale.ROOT, "%.3g", b[j]) + ", more than a float holds once the minimum is subtracted; " + kind
                        + " scaling cannot map " + (kind == Kind.RANGE ? "them" : "it"));
            }
        }
        float[] offset = new float[features];
        float[] scale = new float[features];
        for (int j = 0; j < features; j++) {
            offset[j] = (float) a[j];
            // A spread that rounds to nothing in float would give an infinite scale.
            float s = (float) (1.0 / b[j]);
            scale[j] = b[j] > 0 && Float.isFinite(s) && s != 0f ? s : 1f;
        }
        return new FeatureScaling(kind, offset, scale);
    }

    /** Where the first value that is not finite is, for the message of a fit that met one. */
    private static String firstNotFinite(float[] x, int features) {
        for (int i = 0; i < x.length; i++) {
            if (!Float.isFinite(x[i])) {
                return "row " + i / features + ", feature " + i % features + " is " + x[i]
                        + "; a scaling is fitted on finite values only";
            }
        }
        return "the statistics of the training values are not finite";
    }

    /**
     * How the offsets and scales were chosen.
     *
     * @return the kind given to {@code fit} or {@code of}; {@link Kind#NONE} for {@link #none(int)}
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The number of features this scaling applies to.
     *
     * @return the length of a feature row, at least 1
     */
    public int featureCount() {
        return offset.length;
    }

    /**
     * The offsets, one per feature (a copy).
     *
     * @return a new array of {@link #featureCount()} values, subtracted before scaling; all 0 for
     *         {@link Kind#NONE}
     */
    public float[] offsets() {
        return offset.clone();
    }

    /**
     * The scales, one per feature (a copy).
     *
     * @return a new array of {@link #featureCount()} values, none of them 0; all 1 for {@link Kind#NONE}
     */
    public float[] scales() {
        return scale.clone();
    }

    /**
     * Scales {@code rows} rows of features in place, row-major from offset 0.
     *
     * @param x    the features, row-major, {@link #featureCount()} per row; the first
     *             {@code rows * featureCount()} values are overwritten with their scaled values, any after
     *             them are left alone
     * @param rows number of rows, at least 0 (0 does nothing)
     * @throws IllegalArgumentException if {@code rows} is negative, or {@code x} is shorter than
     *                                  {@code rows * featureCount()}
     */
    public void applyInPlace(float[] x, int rows) {
        int n = offset.length;
        if (rows < 0) {
            throw new IllegalArgumentException("a number of rows is at least 0, not " + rows);
        }
        if ((long) rows * n > x.length) {
            throw new IllegalArgumentException(rows + " rows of " + n + " features need " + (long) rows * n
                    + " values; the array has " + x.length);
        }
        if (kind == Kind.NONE) {
            return;
        }
        for (int r = 0; r < rows; r++) {
            int off = r * n;
            for (int j = 0; j < n; j++) {
                x[off + j] = (x[off + j] - offset[j]) * scale[j];
            }
        }
    }

    /**
     * One row of features, scaled (a new array).
     *
     * @param features the raw features of one sample, exactly {@link #featureCount()} values; only read
     * @return a new array of the scaled features, even for {@link Kind#NONE}
     * @throws IllegalArgumentException if {@code features} does not have {@link #featureCount()} elements
     */
    public float[] apply(float[] features) {
        if (features.length != offset.length) {
            throw new IllegalArgumentException("the scaling is fitted on " + offset.length + " features, not "
                    + features.length);
        }
        float[] y = features.clone();
        applyInPlace(y, 1);
        return y;
    }

    /**
     * The same samples with their features scaled; the targets are unchanged.
     *
     * @param data samples of {@link #featureCount()} features, or none (as {@link Dataset#subset} can give); only
     *             read
     * @return a new data set of scaled features, or {@code data} itself for {@link Kind#NONE} or when it has no
     *         samples
     * @throws IllegalArgumentException if {@code data} has another number of features, or a scaled value is not
     *                                  finite (it overflowed)
     */
    public Dataset apply(Dataset data) {
        if (data.featureCount() != offset.length) {
            throw new IllegalArgumentException("the scaling is fitted on " + offset.length + " features; the data has "
                    + data.featureCount());
        }
        // An empty data set has nothing to scale, and Dataset.of would refuse to make another.
        if (kind == Kind.NONE || data.size() == 0) {
            return data;
        }
        float[] x = data.featureMatrix();
        applyInPlace(x, data.size());
        int k = data.targetCount();
        float[] t = new float[data.size() * k];
        for (int i = 0; i < data.size(); i++) {
            data.copyTargets(i, t, i * k);
        }
        return Dataset.of(data.featureCount(), k, x, t);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureScaling s && s.kind == kind && Arrays.equals(s.offset, offset)
                && Arrays.equals(s.scale, scale);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * kind.hashCode() + Arrays.hashCode(offset)) + Arrays.hashCode(scale);
    }

    /** {@code minmax scaling of 4 features}; {@code no scaling of 1 feature} for {@link Kind#NONE}. */
    @Override
    public String toString() {
        return (kind == Kind.NONE ? "no" : kind.id()) + " scaling of " + Words.count(offset.length, "feature");
    }
}
