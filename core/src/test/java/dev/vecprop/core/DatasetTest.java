package dev.vecprop.core;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetTest {

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
        assertFalse(Arrays.equals(s.test().featureMatrix(), d.split(0.7, 4).test().featureMatrix()));
    }

    @Test
    void badInputIsRefusedWithTheSampleNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dataset.of(new float[][]{{1, 2}, {3, Float.NaN}}, new float[][]{{0}, {1}}));
        assertEquals("sample 1 has a feature that is not finite (NaN, column 1)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Dataset.of(new float[][]{{1, 2}, {3}}, new float[][]{{0}, {1}}));
        assertEquals("feature row 1 has 1 values; row 0 has 2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Dataset.of(2, 1, new float[0], new float[0]));
        assertEquals("a data set needs at least one sample", e.getMessage());
        Dataset one = Dataset.of(new float[][]{{1, 2}}, new float[][]{{0}});
        assertThrows(IndexOutOfBoundsException.class, () -> one.features(1));
        assertThrows(IndexOutOfBoundsException.class, () -> one.targets(1));
    }
}
