package dev.vecprop.core;

import dev.vecprop.spi.Activation;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The double-precision reference refuses samples and targets that do not pair, before any loss sees them. */
class ReferenceNetworkTest {

    private static final ReferenceNetwork NET = ReferenceNetwork.random(new int[]{2, 3, 2}, Activation.TANH,
            Activation.SIGMOID, true, 1);

    @Test
    void targetsThatDoNotPairWithTheSamplesAreRefused() {
        double[][] two = {{0.1, 0.2}, {0.3, 0.4}};
        double[][] one = {{0.5, 0.5}};
        assertEquals("2 rows of features, but 1 of targets", assertThrows(IllegalArgumentException.class,
                () -> NET.loss(TrainerTest.SQUARED, two, one, false)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> NET.gradient(TrainerTest.SQUARED, two, one, false));
        assertThrows(IllegalArgumentException.class,
                () -> NET.numericalGradient(TrainerTest.SQUARED, two, one, false, GradientCheck.STEP));
        double[][] wide = {{0.5, 0.5}, {0.1, 0.2, 0.3}};
        assertEquals("the network has 2 outputs; target row 1 has 3 values", assertThrows(IllegalArgumentException.class,
                () -> NET.gradient(TrainerTest.SQUARED, two, wide, false)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> NET.loss(TrainerTest.SQUARED, two, wide, false));
    }

    @Test
    void aGradientCheckOfNoSamplesIsRefusedRatherThanFailed() {
        assertEquals("a gradient check needs at least one sample", assertThrows(IllegalArgumentException.class,
                () -> GradientCheck.compare(NET, TrainerTest.SQUARED, new double[0][], new double[0][], false,
                        GradientCheck.TOLERANCE)).getMessage());
        assertTrue(GradientCheck.compare(NET, TrainerTest.SQUARED, new double[][]{{0.1, 0.2}}, new double[][]{{0.3, 0.6}},
                false, GradientCheck.TOLERANCE).passed());
    }
}
