package dev.vecprop.losses;

import dev.vecprop.core.FeedForwardNetwork;
import dev.vecprop.core.Trainer;
import dev.vecprop.core.TrainingOptions;
import dev.vecprop.spi.Activation;
import dev.vecprop.spi.LossFunction;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** No NaN or infinity in a loss or its gradient for logits of +-1000 and targets of exactly 0 and 1. */
class StabilityTest {

    private static final double[][] LOGITS = {{1000, -1000}, {-1000, 1000}, {1000, 1000}, {-1000, -1000}, {0, 1000}};
    private static final double[][] TARGETS = {{1, 0}, {0, 1}, {0, 0}, {1, 1}};

    @Test
    void binaryCrossEntropyFromExtremeLogits() {
        BinaryCrossEntropy bce = new BinaryCrossEntropy();
        for (double[] a : LOGITS) {
            double[] y = outputs(Activation.SIGMOID, a);
            for (double[] t : TARGETS) {
                double fused = bce.valueFromLogits(a, t);
                assertFinite(fused, "bce from logits", a, t);
                double[] d = new double[2];
                bce.fusedDelta(y, t, d);
                assertFinite(d, "bce fused delta", a, t);
                // generic path on the same outputs (exactly 0 and 1 here): clamped, finite
                assertFinite(bce.value(y, t), "bce value", a, t);
                double[] g = new double[2];
                bce.gradient(y, t, g);
                assertFinite(g, "bce gradient", a, t);
            }
        }
        // Exact where it should be: a confidently wrong output costs about |a|, a right one about 0.
        assertEquals(1000.0, bce.valueFromLogits(new double[]{-1000}, new double[]{1}), 1e-9);
        assertEquals(0.0, bce.valueFromLogits(new double[]{1000}, new double[]{1}), 1e-9);
    }

    @Test
    void softmaxCrossEntropyFromExtremeLogits() {
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
        double[][] oneHot = {{1, 0}, {0, 1}};
        for (double[] a : LOGITS) {
            double[] y = outputs(Activation.SOFTMAX, a);
            for (double[] t : oneHot) {
                assertFinite(ce.valueFromLogits(a, t), "ce from logits", a, t);
                double[] d = new double[2];
                ce.fusedDelta(y, t, d);
                assertFinite(d, "ce fused delta", a, t);
                assertFinite(ce.value(y, t), "ce value", a, t);
                double[] g = new double[2];
                ce.gradient(y, t, g);
                assertFinite(g, "ce gradient", a, t);
            }
        }
        assertEquals(2000.0, ce.valueFromLogits(new double[]{-1000, 1000}, new double[]{1, 0}), 1e-9);
    }

    @Test
    void fusedValuesEqualTheDefinitionWhereTheDefinitionIsSafe() {
        double[][] logits = {{0.3, -1.2, 2.0}, {-4, 4, 0.5}, {5, -5, 3}};  // no output below the generic path's clamp of 1e-7
        double[][] targets = {{1, 0, 0}, {0, 0, 1}, {0.2, 0.3, 0.5}};
        BinaryCrossEntropy bce = new BinaryCrossEntropy();
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
        for (double[] a : logits) {
            for (double[] t : targets) {
                double bceDirect = bce.value(exact(Activation.SIGMOID, a), t);
                assertEquals(bceDirect, bce.valueFromLogits(a, t), 1e-12 * Math.max(1, bceDirect));
                double ceDirect = ce.value(exact(Activation.SOFTMAX, a), t);
                assertEquals(ceDirect, ce.valueFromLogits(a, t), 1e-12 * Math.max(1, ceDirect));
            }
        }
    }

    @Test
    void trainingThroughSaturatedOutputsStaysFinite() {
        for (LossFunction loss : List.<LossFunction>of(new BinaryCrossEntropy(), new SoftmaxCrossEntropy(), new MeanSquaredError())) {
            Activation out = loss instanceof BinaryCrossEntropy ? Activation.SIGMOID : Activation.SOFTMAX;
            FeedForwardNetwork net = FeedForwardNetwork.builder(2).layer(2, out).biases(false).build();
            // logits of +-1000 for the input (1, 0), confidently wrong for the target (0, 1)
            net.layers().getFirst().setParameters(new float[]{1000, 0, -1000, 0});
            Trainer trainer = new Trainer(net, loss, TrainingOptions.defaults().withLearningRate(0.01f));
            double e = trainer.step(new float[]{1, 0}, new float[]{0, 1}, 1);
            assertTrue(Double.isFinite(e) && e > 0, loss.name() + ": loss " + e);
            for (float w : net.layers().getFirst().parameters()) {
                assertTrue(Float.isFinite(w), loss.name() + ": weight " + w);
            }
        }
    }

    @Test
    void targetsAreValidated() {
        assertNotNull(new SoftmaxCrossEntropy().invalidTarget(new double[]{0.5, 0.4}));
        assertNotNull(new SoftmaxCrossEntropy().invalidTarget(new double[]{1.5, -0.5}));
        assertNull(new SoftmaxCrossEntropy().invalidTarget(new double[]{0.25, 0.75}));
        assertNotNull(new BinaryCrossEntropy().invalidTarget(new double[]{1.2}));
        assertNull(new BinaryCrossEntropy().invalidTarget(new double[]{0, 1, 0.5}));
        // A target read as a float is named as the float it is, not as the double it widens to.
        assertEquals("binary-cross-entropy needs targets in [0, 1]; target 1 is 1.4",
                new BinaryCrossEntropy().invalidTarget(new double[]{0, 1.4f}));
        assertEquals("softmax-cross-entropy needs targets in [0, 1]; target 0 is -0.1",
                new SoftmaxCrossEntropy().invalidTarget(new double[]{-0.1f, 1.1f}));
        assertEquals("binary-cross-entropy needs targets in [0, 1]; target 0 is 1.0000000000000002",
                new BinaryCrossEntropy().invalidTarget(new double[]{Math.nextUp(1.0)}));
        // So is a sum of float targets: 0.3f + 0.3f widened is 0.6000000238418579.
        assertEquals("softmax-cross-entropy needs targets that sum to 1 (one-hot or a distribution); these sum to 0.6",
                new SoftmaxCrossEntropy().invalidTarget(new double[]{0.3f, 0.3f}));
        // A sum of doubles that is no float is shown as the double it is.
        assertEquals("softmax-cross-entropy needs targets that sum to 1 (one-hot or a distribution); these sum to "
                + "0.6000000000000001", new SoftmaxCrossEntropy().invalidTarget(new double[]{0.1, 0.2, 0.3}));
    }

    private static double[] exact(Activation h, double[] a) {
        double[] y = new double[a.length];
        h.apply(a, y);
        return y;
    }

    private static double[] outputs(Activation h, double[] a) {
        // float32 outputs, as the engine hands them over: exactly 0 and 1 at these logits
        double[] y = new double[a.length];
        h.apply(a, y);
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) y[i];
        }
        return y;
    }

    private static void assertFinite(double v, String what, double[] a, double[] t) {
        assertTrue(Double.isFinite(v), what + " is " + v + " at logits " + java.util.Arrays.toString(a)
                + ", targets " + java.util.Arrays.toString(t));
    }

    private static void assertFinite(double[] v, String what, double[] a, double[] t) {
        for (double x : v) {
            assertFinite(x, what, a, t);
        }
    }
}
