package dev.vecprop.core;

import dev.vecprop.spi.Activation;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    /** Softmax over one output is the network's refusal, said so, not the loss's. */
    @Test
    void aGradientCheckOfOneSoftmaxOutputIsRefusedAsTheNetworksNotTheLosss() {
        assertEquals("a network cannot have 1 output of softmax: softmax over a single output is always 1; use "
                + "sigmoid for one output", assertThrows(IllegalArgumentException.class, () -> GradientCheck.check(
                TrainerTest.SQUARED, Activation.TANH, Activation.SOFTMAX, new int[]{3, 1}, 7, false)).getMessage());
    }

    /**
     * What no network can train on is not checked: softmax on hidden layers; and compare refuses what check never
     * makes: a tolerance below 0 or NaN, and targets the loss refuses (its fused delta is its gradient for the
     * targets it takes alone).
     */
    @Test
    void aGradientCheckRefusesWhatTrainingRefuses() {
        assertEquals("softmax is allowed on the output layer only, not on the hidden layers",
                assertThrows(IllegalArgumentException.class, () -> GradientCheck.check(TrainerTest.SQUARED,
                        Activation.SOFTMAX, Activation.IDENTITY, new int[]{3, 4, 2}, 7, false)).getMessage());
        assertTrue(GradientCheck.check(TrainerTest.SQUARED, Activation.SOFTMAX, Activation.IDENTITY, new int[]{3, 2}, 7,
                false).passed(), "without a hidden layer the hidden activation has no layer to be on");
        double[][] x = {{0.1, 0.2}};
        for (double tolerance : new double[]{-1, Double.NaN}) {
            assertEquals("the tolerance is at least 0, not " + tolerance, assertThrows(IllegalArgumentException.class,
                    () -> GradientCheck.compare(NET, TrainerTest.SQUARED, x, new double[][]{{0.3, 0.6}}, false,
                            tolerance)).getMessage());
        }
        dev.vecprop.spi.LossFunction unitInterval = new ApiRefusalsTest.Squared("unit") {
            @Override
            public String invalidTarget(double[] t) {
                return t[0] >= 0 && t[0] <= 1 ? null : "a target is in [0, 1], not " + t[0];
            }
        };
        assertEquals("target row 1: a target is in [0, 1], not 5.0", assertThrows(IllegalArgumentException.class,
                () -> GradientCheck.compare(NET, unitInterval, new double[][]{{0.1, 0.2}, {0.3, 0.4}},
                        new double[][]{{0.5, 0.5}, {5, -4}}, false, GradientCheck.TOLERANCE)).getMessage());
    }

    @Test
    void aGradientCheckOfNoSamplesIsRefusedRatherThanFailed() {
        assertEquals("a gradient check needs at least one sample", assertThrows(IllegalArgumentException.class,
                () -> GradientCheck.compare(NET, TrainerTest.SQUARED, new double[0][], new double[0][], false,
                        GradientCheck.TOLERANCE)).getMessage());
        assertTrue(GradientCheck.compare(NET, TrainerTest.SQUARED, new double[][]{{0.1, 0.2}}, new double[][]{{0.3, 0.6}},
                false, GradientCheck.TOLERANCE).passed());
    }

    /**
     * A gradient of the wrong form (d^3 for d) is a factor of the right one when there is one sample of one output
     * (every parameter's gradient is that output's dE/dy times its own dy/dp): no factor is claimed then; with two
     * samples it is no factor either.
     */
    @Test
    void aWrongGradientIsNotTakenForAFactorOfTheRightOne() {
        dev.vecprop.spi.LossFunction cubed = new dev.vecprop.spi.LossFunction() {
            public String name() {
                return "cubed";
            }

            public double value(double[] y, double[] t) {
                return TrainerTest.SQUARED.value(y, t);
            }

            public void gradient(double[] y, double[] t, double[] g) {
                for (int k = 0; k < y.length; k++) {
                    g[k] = Math.pow(y[k] - t[k], 3);
                }
            }
        };
        ReferenceNetwork one = ReferenceNetwork.random(new int[]{2, 3, 1}, Activation.TANH, Activation.SIGMOID, true, 1);
        for (double[][][] samples : new double[][][][]{{{{0.1, 0.2}}, {{0.9}}}, {{{0.1, 0.2}, {0.7, -0.3}}, {{0.9}, {0.2}}}}) {
            GradientCheck.Result r = GradientCheck.compare(one, cubed, samples[0], samples[1], false, GradientCheck.TOLERANCE);
            assertFalse(r.passed(), r.toString());
            assertFalse(r.worst().contains("times the numerical one"), r.worst());
        }
    }
}
