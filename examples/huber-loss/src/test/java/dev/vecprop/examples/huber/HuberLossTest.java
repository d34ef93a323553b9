package dev.vecprop.examples.huber;

import dev.vecprop.core.GradientCheck;
import dev.vecprop.spi.Activation;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HuberLossTest {

    private final HuberLoss huber = new HuberLoss();

    @Test
    void quadraticNearZeroLinearBeyondOne() {
        assertEquals(0.125, huber.value(new double[]{0.5}, new double[]{0}), 1e-15);
        assertEquals(2.5, huber.value(new double[]{3}, new double[]{0}), 1e-15);
        double[] g = new double[2];
        huber.gradient(new double[]{0.25, -7}, new double[]{0, 0}, g);
        assertEquals(0.25, g[0]);
        assertEquals(-1, g[1]);
    }

    @Test
    void passesTheGradientCheckWithEveryOutputActivation() {
        for (Activation output : new Activation[]{Activation.IDENTITY, Activation.SIGMOID, Activation.TANH, Activation.SOFTMAX}) {
            GradientCheck.Result r = GradientCheck.check(huber, Activation.TANH, output, new int[]{3, 5, 2}, 7);
            assertTrue(r.passed(), output + ": " + r);
        }
    }
}
