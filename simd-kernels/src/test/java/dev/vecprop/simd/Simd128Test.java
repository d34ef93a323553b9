package dev.vecprop.simd;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Run only by the Surefire execution {@code simd-128}, which forces {@code -Dvecprop.simd.bits=128}: the
 * parity, accuracy and lane-sum tests of that execution must really run on 4-lane vectors.
 */
class Simd128Test {

    @Test
    void theForcedWidthIsInEffect() {
        assertEquals("128", System.getProperty(Lanes.BITS_PROPERTY));
        assertEquals(128, Lanes.BITS);
        assertEquals(4, Lanes.L);
        SimdKernels k = new SimdKernels();
        assertNull(k.unavailableReason());
        assertEquals("simd (FloatVector 128 bits, FMA)", k.description());
    }
}
