package dev.vecprop.core;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetTest {

    @Test
    void aNullRowIsNamed() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> Dataset.of(new float[][]{{1, 2}, null}, new float[][]{{1}, {0}}));
        assertEquals("feature row 1 is null", e.getMessage());
        e = assertThrows(NullPointerException.class,
                () -> Dataset.of(new float[][]{{1, 2}, {3, 4}}, new float[][]{null, {0}}));
        assertEquals("target row 0 is null", e.getMessage());
    }

    @Test
    void classesBecomeOneHotOrSingleTargets() {
        float[][] x = {{1}, {2}, {3}};
        Dataset three = Dataset.ofClasses(x, new int[]{2, 0, 1}, 3);
        assertArrayEquals(new float[]{0, 0, 1}, three.targets(0));
        assertEquals(1, three.label(2));
        assertTrue(three.isClassification());
        Dataset binary = Dataset.ofClasses(x, new int[]{1, 0, 1}, 1);
        assertArrayEquals(new float[]{1}, binary.targets(0));
        assertEquals(0, binary.label(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dataset.ofClasses(x, new int[]{0, 3, 1}, 3));
        assertEquals("sample 1 has class 3; the network has 3 classes (0 to 2)", e.getMessage());
    }

    @Test
    void regressionTargetsAreNotLabels() {
        Dataset d = Dataset.of(new float[][]{{1}, {2}}, new float[][]{{0.5f}, {1f}});
        assertFalse(d.isClassification());
        assertThrows(IllegalStateException.class, () -> d.label(0));
    }

    @Test
    void aSeededSplitIsAPartitionAndRepeatable() {
        float[][] x = new float[10][1];
        float[][] t = new float[10][1];
        for (int i = 0; i < 10; i++) {
            x[i][0] = i;
            t[i][0] = i / 10f;
        }
        Dataset d = Dataset.of(x, t);
        Dataset.Split s = d.split(0.7, 3);
        assertEquals(7, s.train().size());
        assertEquals(3, s.test().size());
        Set<Float> seen = new HashSet<>();
        for (Dataset part : new Dataset[]{s.train(), s.test()}) {
            for (int i = 0; i < part.size(); i++) {
                assertTrue(seen.add(part.features(i)[0]));
            }
        }
        assertEquals(10, seen.size());
        assertArrayEquals(s.test().featureMatrix(), d.split(0.7, 3).test().featureMatrix());
        // The targets follow their samples, row by row, and come as a copy.
        float[] targets = s.test().targetMatrix();
        assertEquals(s.test().size(), targets.length);
        for (int i = 0; i < s.test().size(); i++) {
            assertEquals(s.test().features(i)[0] / 10f, targets[i]);
        }
        targets[0] = 42;
        assertNotEquals(42f, s.test().targetMatrix()[0], "a copy");
        assertFalse(Arrays.equals(s.test().featureMatrix(), d.split(0.7, 4).test().featureMatrix()));
    }

    @Test
    void badInputIsRefusedWithTheSampleNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dataset.of(new float[][]{{1, 2}, {3, Float.NaN}}, new float[][]{{0}, {1}}));
        assertEquals("sample 1 has a feature that is not finite (NaN, column 1)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Dataset.of(new float[][]{{1, 2}, {3}}, new float[][]{{0}, {1}}));
        assertEquals("feature row 1 has 1 value; row 0 has 2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Dataset.of(2, 1, new float[0], new float[0]));
        assertEquals("a data set needs at least one sample", e.getMessage());
        Dataset one = Dataset.of(new float[][]{{1, 2}}, new float[][]{{0}});
        assertThrows(IndexOutOfBoundsException.class, () -> one.features(1));
        assertThrows(IndexOutOfBoundsException.class, () -> one.targets(1));
    }

    /**
     * A sample index out of range is refused as such, even where its offset in the row-major arrays, index times
     * width, wraps past the int range onto another sample (2^30 x 4 is 0).
     */
    @Test
    void aSampleIndexOutOfRangeIsRefusedNotWrappedOntoAnotherSample() {
        Dataset d = Dataset.of(4, 4, new float[]{1, 2, 3, 4, 5, 6, 7, 8}, new float[]{1, 0, 0, 0, 0, 1, 0, 0});
        float[] dst = new float[4];
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> d.copyFeatures(1 << 30, dst, 0));
        assertEquals("Index 1073741824 out of bounds for length 2", e.getMessage());
        assertArrayEquals(new float[4], dst);
        assertThrows(IndexOutOfBoundsException.class, () -> d.copyTargets(1 << 30, dst, 0));
        e = assertThrows(IndexOutOfBoundsException.class, () -> d.copyTargets(-1, dst, 0));
        assertEquals("Index -1 out of bounds for length 2", e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> d.subset(new int[]{1, 1 << 30}));
        e = assertThrows(IndexOutOfBoundsException.class, () -> d.subset(new int[]{-1}));
        assertEquals("Index -1 out of bounds for length 2", e.getMessage());
        e = assertThrows(IndexOutOfBoundsException.class, () -> d.label(2));
        assertEquals("Index 2 out of bounds for length 2", e.getMessage());
        assertEquals(1, d.label(1));
        d.copyFeatures(1, dst, 0);
        assertArrayEquals(new float[]{5, 6, 7, 8}, dst);
    }

    /**
     * {@link Dataset#fingerprint()} covers "their number, widths and every value, in order", so that a resumed
     * training can tell its data from other data: it must change when any one feature or target changes by
     * the least amount, when rows change places, when the same values are read with other widths, and when
     * a row is left out; and it must not depend on how a data set with the same content was made.
     */
    @Test
    void theFingerprintChangesWithAnyValueTheRowOrderOrTheShape() {
        int rows = 12;
        float[] x = new float[rows * 3];
        float[] t = new float[rows * 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = i * 0.25f - 3;
        }
        for (int i = 0; i < t.length; i++) {
            t[i] = (i % 5) * 0.5f;
        }
        Dataset d = Dataset.of(3, 2, x, t);
        long fp = d.fingerprint();
        int[] identity = new int[rows];
        for (int i = 0; i < rows; i++) {
            identity[i] = i;
        }
        assertEquals(fp, d.fingerprint());
        assertEquals(fp, Dataset.of(3, 2, x.clone(), t.clone()).fingerprint());
        assertEquals(fp, Dataset.wrap(3, 2, x.clone(), t.clone()).fingerprint());
        assertEquals(fp, d.subset(identity).fingerprint());

        // Every variant below differs from the original and from every other.
        Set<Long> seen = new HashSet<>();
        seen.add(fp);
        for (int i = 0; i < x.length; i++) {
            float[] changed = x.clone();
            changed[i] = Math.nextUp(changed[i]);
            assertTrue(seen.add(Dataset.of(3, 2, changed, t).fingerprint()), "feature value " + i + " changed");
        }
        for (int i = 0; i < t.length; i++) {
            float[] changed = t.clone();
            changed[i] = Math.nextUp(changed[i]);
            assertTrue(seen.add(Dataset.of(3, 2, x, changed).fingerprint()), "target value " + i + " changed");
        }
        for (int r = 0; r + 1 < rows; r++) {
            int[] order = identity.clone();
            order[r] = r + 1;
            order[r + 1] = r;
            assertTrue(seen.add(d.subset(order).fingerprint()), "rows " + r + " and " + (r + 1) + " swapped");
        }
        int[] reversed = new int[rows];
        for (int i = 0; i < rows; i++) {
            reversed[i] = rows - 1 - i;
        }
        assertTrue(seen.add(d.subset(reversed).fingerprint()), "rows reversed");
        assertTrue(seen.add(d.subset(Arrays.copyOf(identity, rows - 1)).fingerprint()), "last row left out");
        // The same values read as 6 samples of 6 features and 4 targets, and as 4 samples of 9 and 6.
        assertTrue(seen.add(Dataset.of(6, 4, x, t).fingerprint()), "6 features and 4 targets");
        assertTrue(seen.add(Dataset.of(9, 6, x, t).fingerprint()), "9 features and 6 targets");
        // A feature and a target that change places.
        float[] x2 = x.clone();
        float[] t2 = t.clone();
        x2[0] = t[0];
        t2[0] = x[0];
        assertTrue(seen.add(Dataset.of(3, 2, x2, t2).fingerprint()), "a feature and a target exchanged");

        // Class labels: one label changed changes the one-hot targets, and so the fingerprint.
        float[][] features = {{1, 2}, {3, 4}, {5, 6}, {7, 8}};
        int[] labels = {0, 2, 1, 2};
        long classes = Dataset.ofClasses(features, labels, 3).fingerprint();
        assertEquals(classes, Dataset.ofClasses(features, labels.clone(), 3).fingerprint());
        int[] other = labels.clone();
        other[2] = 0;
        assertTrue(classes != Dataset.ofClasses(features, other, 3).fingerprint(), "label of sample 2 changed");
        assertTrue(Dataset.ofClasses(features, new int[]{0, 1, 1, 0}, 1).fingerprint()
                != Dataset.ofClasses(features, new int[]{0, 1, 0, 0}, 1).fingerprint(), "a single 0/1 target changed");
    }
}
