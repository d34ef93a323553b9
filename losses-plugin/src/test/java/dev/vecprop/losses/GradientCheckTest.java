package dev.vecprop.losses;

import dev.vecprop.core.FeedForwardNetwork;
import dev.vecprop.core.GradientCheck;
import dev.vecprop.core.KernelProviders;
import dev.vecprop.core.ReferenceNetwork;
import dev.vecprop.core.Trainer;
import dev.vecprop.core.TrainingOptions;
import dev.vecprop.spi.Activation;
import dev.vecprop.spi.LossFunction;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every loss x output activation x hidden activation, on networks with two hidden layers and biases: the
 * backpropagated gradient against central differences in double (relative error under 1e-6), and the float32
 * engine's gradient against that double gradient (float rounding).
 */
class GradientCheckTest {

    private static final List<LossFunction> LOSSES = List.of(
            new MeanSquaredError(), new BinaryCrossEntropy(), new SoftmaxCrossEntropy());
    private static final Activation[] HIDDEN = {Activation.SIGMOID, Activation.TANH, Activation.RELU, Activation.IDENTITY};

    @TestFactory
    List<DynamicTest> doublePrecisionGradientsMatchFiniteDifferences() {
        List<DynamicTest> tests = new ArrayList<>();
        for (LossFunction loss : LOSSES) {
            for (Activation out : Activation.values()) {
                for (int outputs : new int[]{1, 3}) {
                    if (loss.incompatibility(out, outputs) != null || out == Activation.SOFTMAX && outputs == 1) {
                        continue;
                    }
                    for (Activation hidden : HIDDEN) {
                        String name = loss.name() + ", " + outputs + " " + out.id() + " output(s), " + hidden.id() + " hidden";
                        tests.add(DynamicTest.dynamicTest(name, () -> {
                            long seed = name.hashCode();
                            int[] sizes = {4, 5, 3, outputs};
                            GradientCheck.Result fused = GradientCheck.check(loss, hidden, out, sizes, seed, true);
                            assertTrue(fused.passed(), name + ": " + fused);
                            assertEquals(4 * 5 + 5 + 5 * 3 + 3 + 3 * outputs + outputs, fused.parameters());
                            // The generic path (dE/dy through the activation's Jacobian) must be right too,
                            // also where a fused delta exists.
                            GradientCheck.Result generic = GradientCheck.check(loss, hidden, out, sizes, seed, false);
                            assertTrue(generic.passed(), name + " (generic path): " + generic);
                            assertFalse(generic.fused());
                        }));
                    }
                }
            }
        }
        // Per hidden activation: mse with every output activation at 1 and 3 outputs but 1-output softmax (9),
        // bce with sigmoid at 1 and 3 and softmax at 3 (3), softmax-ce with softmax at 3 (1).
        assertEquals(13 * HIDDEN.length, tests.size());
        return tests;
    }

    @Test
    void incompatiblePairingsAreRefusedWithBothNamed() {
        for (Activation out : new Activation[]{Activation.TANH, Activation.RELU, Activation.IDENTITY, Activation.SIGMOID}) {
            if (out != Activation.SIGMOID) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> GradientCheck.check(new BinaryCrossEntropy(), Activation.SIGMOID, out, new int[]{2, 3, 1}, 1));
                assertTrue(e.getMessage().contains("binary-cross-entropy") && e.getMessage().contains(out.id()), e.getMessage());
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Trainer(
                    FeedForwardNetwork.builder(2).layer(3, out).build(), new SoftmaxCrossEntropy(), TrainingOptions.defaults()));
            assertTrue(e.getMessage().contains("softmax-cross-entropy") && e.getMessage().contains(out.id()), e.getMessage());
        }
    }

    @TestFactory
    List<DynamicTest> float32EngineGradientsMatchTheDoubleReference() {
        List<DynamicTest> tests = new ArrayList<>();
        for (LossFunction loss : LOSSES) {
            for (Activation out : new Activation[]{Activation.SIGMOID, Activation.SOFTMAX, Activation.IDENTITY}) {
                int outputs = 3;
                if (loss.incompatibility(out, outputs) != null) {
                    continue;
                }
                for (Activation hidden : HIDDEN) {
                    String name = loss.name() + ", " + out.id() + " output, " + hidden.id() + " hidden";
                    tests.add(DynamicTest.dynamicTest(name, () -> compareFloatWithDouble(loss, hidden, out, name.hashCode())));
                }
            }
        }
        return tests;
    }

    /**
     * A correct loss passes on wide networks too, whose loss summed over many outputs rounds to more than the
     * fixed floor over the step: binary cross-entropy on 784-10 (a loss near 12, whose differences of about
     * 1e-9 on gradients of 1e-4 failed the fixed floor of 1e-9) and on 4-5-20, on sigmoid and softmax outputs,
     * with both paths.
     */
    @Test
    void aCorrectLossPassesOnWideNetworks() {
        for (int[] sizes : new int[][]{{784, 10}, {4, 5, 20}}) {
            // A seed for the large network (each of its 7,850 parameters is two passes over three samples).
            for (long seed = 1; seed <= (sizes[0] > 100 ? 1 : 3); seed++) {
                for (Activation out : new Activation[]{Activation.SIGMOID, Activation.SOFTMAX}) {
                    for (boolean fused : new boolean[]{true, false}) {
                        GradientCheck.Result r = GradientCheck.check(new BinaryCrossEntropy(), Activation.TANH, out,
                                sizes, seed, fused);
                        assertTrue(r.passed(), java.util.Arrays.toString(sizes) + " " + out + " seed " + seed + ": " + r);
                        assertTrue(r.absoluteFloor() >= GradientCheck.ABSOLUTE_FLOOR, r.toString());
                    }
                }
            }
        }
        GradientCheck.Result wide = GradientCheck.check(new BinaryCrossEntropy(), Activation.TANH, Activation.SIGMOID,
                new int[]{784, 10}, 1);
        assertTrue(wide.absoluteFloor() > 1e-8, "the floor grows with the loss: " + wide);
    }

    /**
     * The check can fail: a loss whose gradient is 1% off, and one that claims the softmax-style fused
     * delta y - t on sigmoid outputs for mse (where the true delta has the factor y (1 - y)), are caught.
     */
    @Test
    void theCheckCatchesWrongGradients() {
        MeanSquaredError mse = new MeanSquaredError();
        LossFunction slightlyWrong = new LossFunction() {
            public String name() {
                return "mse-one-percent-off";
            }

            public double value(double[] y, double[] t) {
                return mse.value(y, t);
            }

            public void gradient(double[] y, double[] t, double[] grad) {
                mse.gradient(y, t, grad);
                grad[0] *= 1.01;
            }
        };
        GradientCheck.Result r = GradientCheck.check(slightlyWrong, Activation.TANH, Activation.SIGMOID,
                new int[]{4, 5, 3, 2}, 3);
        assertFalse(r.passed(), r.toString());
        assertTrue(r.maxRelativeError() > 1e-3, r.toString());
        // One element off is no constant factor.
        assertFalse(r.worst().contains("times the numerical one"), r.worst());
        // A gradient of the wrong sign, or twice what it should be, is named as such; a factor just off 1 is not
        // rounded to 1, which would be no fault.
        for (double factor : new double[]{-1, 2, 1.000003}) {
            LossFunction scaled = new LossFunction() {
                public String name() {
                    return "mse-times-" + factor;
                }

                public double value(double[] y, double[] t) {
                    return mse.value(y, t);
                }

                public void gradient(double[] y, double[] t, double[] grad) {
                    mse.gradient(y, t, grad);
                    for (int k = 0; k < grad.length; k++) {
                        grad[k] *= factor;
                    }
                }
            };
            GradientCheck.Result s = GradientCheck.check(scaled, Activation.TANH, Activation.SIGMOID, new int[]{4, 5, 3, 2}, 3);
            assertFalse(s.passed(), s.toString());
            assertTrue(s.worst().endsWith(factor < 0
                    ? "; the analytic gradient is -1 times the numerical one throughout (a gradient of the wrong sign)"
                    : "; the analytic gradient is " + (factor == 2 ? "2" : "1.000003") + " times the numerical one "
                    + "throughout (a constant factor too many or too few)"), s.worst());
        }

        LossFunction wrongFused = new LossFunction() {
            final MeanSquaredError mse = new MeanSquaredError();

            public String name() {
                return "mse-wrongly-fused";
            }

            public double value(double[] y, double[] t) {
                return mse.value(y, t);
            }

            public void gradient(double[] y, double[] t, double[] g) {
                mse.gradient(y, t, g);
            }

            public Activation fusedActivation() {
                return Activation.SIGMOID;
            }

            public double valueFromLogits(double[] a, double[] t) {
                double[] y = new double[a.length];
                Activation.SIGMOID.apply(a, y);
                return mse.value(y, t);
            }

            public void fusedDelta(double[] y, double[] t, double[] delta) {
                mse.gradient(y, t, delta);  // misses the factor y (1 - y)
            }
        };
        GradientCheck.Result fused = GradientCheck.check(wrongFused, Activation.SIGMOID, Activation.SIGMOID,
                new int[]{4, 5, 3, 2}, 5);
        assertFalse(fused.passed(), fused.toString());
        assertTrue(fused.fused());
        assertNotNull(fused.worst());
        // Its generic path is right, and passes.
        assertTrue(GradientCheck.check(wrongFused, Activation.SIGMOID, Activation.SIGMOID, new int[]{4, 5, 3, 2}, 5, false).passed());
    }

    private static void compareFloatWithDouble(LossFunction loss, Activation hidden, Activation out, long seed) {
        int[] sizes = {6, 7, 5, 3};
        FeedForwardNetwork net = FeedForwardNetwork.builder(sizes[0])
                .layer(sizes[1], hidden).layer(sizes[2], hidden).layer(sizes[3], out)
                .seed(seed).kernels(KernelProviders.best()).build();
        // Random biases too, so that their gradients are exercised from a non-trivial point.
        SplittableRandom random = new SplittableRandom(seed);
        for (var layer : net.layers()) {
            float[] p = layer.parameters();
            for (int i = 0; i < p.length; i++) {
                p[i] = (float) ((random.nextDouble() * 2 - 1) / Math.sqrt(layer.inputSize()));
            }
            layer.setParameters(p);
        }
        int rows = 4;
        float[] x = new float[rows * sizes[0]];
        float[] t = new float[rows * sizes[3]];
        double[][] xs = new double[rows][sizes[0]];
        double[][] ts = new double[rows][sizes[3]];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < sizes[0]; i++) {
                x[r * sizes[0] + i] = (float) (random.nextDouble() * 2 - 1);
                xs[r][i] = x[r * sizes[0] + i];
            }
            int hot = random.nextInt(sizes[3]);
            t[r * sizes[3] + hot] = 1f;
            ts[r][hot] = 1;
        }
        ReferenceNetwork ref = ReferenceNetwork.copyOf(net);
        double[][] expected = ref.gradient(loss, xs, ts, true);
        float[][] actual = new Trainer(net, loss, TrainingOptions.defaults().withBatchSize(rows)).gradients(x, t, rows);
        for (int l = 0; l < expected.length; l++) {
            double scale = 0;
            for (double g : expected[l]) {
                scale = Math.max(scale, Math.abs(g));
            }
            assertTrue(scale > 1e-4, "layer " + (l + 1) + " has a vanishing gradient; the case tests nothing");
            for (int i = 0; i < expected[l].length; i++) {
                double e = expected[l][i];
                // float rounding: 1e-4 of the value, or of the layer's largest gradient for tiny components
                double tol = 1e-4 * Math.max(Math.abs(e), 1e-2 * scale);
                assertEquals(e, actual[l][i], tol, "layer " + (l + 1) + " parameter " + i);
            }
        }
    }
}
