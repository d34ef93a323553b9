package dev.vecprop.core;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureScalingTest {

    // Three rows of three features; the last feature is constant.
    private static final float[] X = {0f, 10f, 5f, 2f, 20f, 5f, 4f, 60f, 5f};

    @Test
    void minMaxMapsTheTrainingRangeToZeroOne() {
        FeatureScaling s = FeatureScaling.fit(FeatureScaling.Kind.MIN_MAX, X, 3);
        float[] x = X.clone();
        s.applyInPlace(x, 3);
        assertArrayEquals(new float[]{0f, 0f, 0f, 0.5f, 0.2f, 0f, 1f, 1f, 0f}, x, 1e-6f);
    }

    /** An empty data set, which Dataset.subset can give, scales to itself rather than failing. */
    @Test
    void anEmptyDataSetScalesToItself() {
        Dataset empty = Dataset.of(3, 1, X, new float[]{0, 1, 0}).subset(new int[0]);
        for (FeatureScaling.Kind kind : FeatureScaling.Kind.values()) {
            assertSame(empty, FeatureScaling.fit(kind, X, 3).apply(empty));
        }
    }

    /** A negative number of rows is refused, as Model.predict and Network.predict refuse it, not taken as none. */
    @Test
    void aNegativeNumberOfRowsIsRefused() {
        for (FeatureScaling.Kind kind : FeatureScaling.Kind.values()) {
            FeatureScaling s = FeatureScaling.fit(kind, X, 3);
            float[] x = X.clone();
            assertEquals("a number of rows is at least 0, not -1",
                    assertThrows(IllegalArgumentException.class, () -> s.applyInPlace(x, -1)).getMessage());
            s.applyInPlace(x, 0);
            assertArrayEquals(X, x);
        }
    }

    @Test
    void rangeMapsAllTheTrainingValuesTogetherToZeroOne() {
        // The values span 0 to 60: every feature, the constant one too, becomes x / 60.
        FeatureScaling s = FeatureScaling.fit(FeatureScaling.Kind.RANGE, X, 3);
        assertArrayEquals(new float[]{0f, 0f, 0f}, s.offsets());
        assertArrayEquals(new float[]{1f / 60, 1f / 60, 1f / 60}, s.scales());
        float[] x = X.clone();
        s.applyInPlace(x, 3);
        for (int i = 0; i < x.length; i++) {
            assertEquals(X[i] / 60f, x[i], 1e-6f);
        }
        assertEquals(1f, x[7]);
        // 8-bit grey levels that reach 255 somewhere become x / 255, whatever each pixel's own range.
        float[] image = {0f, 255f, 17f, 0f, 128f, 3f};
        FeatureScaling bytes = FeatureScaling.fit(FeatureScaling.Kind.RANGE, image, 3);
        assertArrayEquals(new float[]{1f / 255, 1f / 255, 1f / 255}, bytes.scales());
        // Negative values: the offset is the smallest of all, the scale 1 / (largest - smallest).
        FeatureScaling signed = FeatureScaling.fit(FeatureScaling.Kind.RANGE, new float[]{-2f, 6f, 0f, 2f}, 2);
        assertArrayEquals(new float[]{-2f, -2f}, signed.offsets());
        assertArrayEquals(new float[]{0.125f, 0.125f}, signed.scales());
        // A data set of one value everywhere keeps scale 1, like a constant feature of min-max.
        FeatureScaling flat = FeatureScaling.fit(FeatureScaling.Kind.RANGE, new float[]{4f, 4f}, 2);
        assertArrayEquals(new float[]{4f, 4f}, flat.offsets());
        assertArrayEquals(new float[]{1f, 1f}, flat.scales());
    }

    @Test
    void valuesThatAreNotFiniteOrSpanMoreThanAFloatAreRefused() {
        float[] x = {1f, 2f, 3f, Float.NaN};
        for (FeatureScaling.Kind kind : new FeatureScaling.Kind[]{FeatureScaling.Kind.MIN_MAX,
                FeatureScaling.Kind.STANDARD, FeatureScaling.Kind.RANGE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeatureScaling.fit(kind, x, 2));
            assertEquals("row 1, feature 1 is NaN; a scaling is fitted on finite values only", e.getMessage());
        }
        // Each column alone fits in a float after its minimum is taken away; both together do not.
        float[] wide = {-3e38f, 0f, 0f, 3e38f};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FeatureScaling.fit(FeatureScaling.Kind.RANGE, wide, 2));
        assertEquals("the training values span 6.00e+38, more than a float holds once the minimum is subtracted; "
                + "range scaling cannot map them", e.getMessage());
        float[] scaled = wide.clone();
        FeatureScaling.fit(FeatureScaling.Kind.MIN_MAX, wide, 2).applyInPlace(scaled, 2);
        assertArrayEquals(new float[]{0f, 0f, 1f, 1f}, scaled, 1e-6f);
    }

    @Test
    void standardisingGivesMeanZeroAndUnitDeviation() {
        FeatureScaling s = FeatureScaling.fit(FeatureScaling.Kind.STANDARD, X, 3);
        float[] x = X.clone();
        s.applyInPlace(x, 3);
        for (int j = 0; j < 2; j++) {
            double mean = (x[j] + x[3 + j] + x[6 + j]) / 3;
            double var = (x[j] * x[j] + x[3 + j] * x[3 + j] + x[6 + j] * x[6 + j]) / 3 - mean * mean;
            assertEquals(0, mean, 1e-6);
            assertEquals(1, var, 1e-5);
        }
        assertEquals(0f, x[2]);
        assertEquals(1f, s.scales()[2], "a constant feature keeps scale 1");
    }

    @Test
    void theStatisticsAreThoseOfEachColumnTakenInRowOrder() {
        // The fit reads row by row; each feature's min, max, sum and squares must still be those of its
        // column, accumulated from the first row to the last, to the last bit.
        java.util.SplittableRandom random = new java.util.SplittableRandom(4);
        int rows = 501;
        int features = 37;
        float[] x = new float[rows * features];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextInt(5) == 0 ? 0f : (float) (random.nextGaussian() * 1e3 + (i % features));
        }
        FeatureScaling minMax = FeatureScaling.fit(FeatureScaling.Kind.MIN_MAX, x, features);
        FeatureScaling standard = FeatureScaling.fit(FeatureScaling.Kind.STANDARD, x, features);
        for (int j = 0; j < features; j++) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            for (int r = 0; r < rows; r++) {
                min = Math.min(min, x[r * features + j]);
                max = Math.max(max, x[r * features + j]);
                sum += x[r * features + j];
            }
            double mean = sum / rows;
            double ss = 0;
            for (int r = 0; r < rows; r++) {
                double d = x[r * features + j] - mean;
                ss += d * d;
            }
            assertEquals((float) min, minMax.offsets()[j], "min of feature " + j);
            assertEquals((float) (1.0 / (max - min)), minMax.scales()[j], "1 / range of feature " + j);
            assertEquals((float) mean, standard.offsets()[j], "mean of feature " + j);
            assertEquals((float) (1.0 / Math.sqrt(ss / rows)), standard.scales()[j], "1 / deviation of feature " + j);
        }
    }

    @Test
    void noneLeavesDataUntouched() {
        Dataset d = Dataset.of(3, 1, X, new float[]{0, 1, 0});
        assertSame(d, FeatureScaling.fit(FeatureScaling.Kind.NONE, d).apply(d));
    }

    @Test
    void applyingToADatasetKeepsTheTargets() {
        Dataset d = Dataset.of(3, 1, X, new float[]{0, 1, 0});
        Dataset scaled = FeatureScaling.fit(FeatureScaling.Kind.MIN_MAX, d).apply(d);
        assertArrayEquals(new float[]{1f}, scaled.targets(1));
        assertArrayEquals(new float[]{0.5f, 0.2f, 0f}, scaled.features(1), 1e-6f);
    }

    @Test
    void kindsAreNamedAndUnknownNamesListTheKnownOnes() {
        assertEquals(FeatureScaling.Kind.MIN_MAX, FeatureScaling.Kind.named("MinMax"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeatureScaling.Kind.named("log"));
        assertEquals("unknown feature scaling 'log'; known: none, minmax, standard, range", e.getMessage());
    }

    @Test
    void aZeroScaleIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> FeatureScaling.of(FeatureScaling.Kind.MIN_MAX, new float[]{0f}, new float[]{0f}));
    }
}
