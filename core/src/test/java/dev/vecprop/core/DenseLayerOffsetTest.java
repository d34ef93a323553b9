package dev.vecprop.core;

import dev.vecprop.core.internal.Alignment;
import dev.vecprop.spi.Activation;
import dev.vecprop.spi.Kernels;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A layer's weights may start anywhere in their array ({@link Alignment#FLOAT_OFFSET}, for cache lines):
 * where they start changes nothing a layer computes, in either layout, with and without biases and momentum,
 * on one sample and on a batch.
 */
class DenseLayerOffsetTest {

    private static final Kernels SCALAR = KernelProviders.scalar();

    @Test
    void whereTheWeightsStartInTheirArrayChangesNoResult() {
        for (DenseLayer.Layout layout : DenseLayer.Layout.values()) {
            for (boolean bias : new boolean[]{false, true}) {
                for (int rows : new int[]{1, 5}) {
                    for (float momentum : new float[]{0f, 0.5f}) {
                        String what = layout + ", bias " + bias + ", " + rows + " rows, momentum " + momentum;
                        compare(layout, bias, rows, momentum, 13, what);
                        compare(layout, bias, rows, momentum, 1, what);
                    }
                }
            }
        }
    }

    private static void compare(DenseLayer.Layout layout, boolean bias, int rows, float momentum, int offset,
                                String what) {
        int in = 37;
        int out = 19;
        DenseLayer plain = new DenseLayer(in, out, Activation.SIGMOID, bias, layout, 0)
                .initialise(new SplittableRandom(5));
        DenseLayer shifted = new DenseLayer(in, out, Activation.SIGMOID, bias, layout, offset)
                .initialise(new SplittableRandom(5));
        SplittableRandom r = new SplittableRandom(11);
        float[] x = new float[rows * in];
        for (int i = 0; i < x.length; i++) {
            // Half zeros, which a first layer stored input by input skips on one sample.
            x[i] = r.nextBoolean() ? 0f : (float) r.nextDouble();
        }
        float[] delta = new float[rows * out];
        for (int i = 0; i < delta.length; i++) {
            delta[i] = (float) (r.nextDouble() - 0.5);
        }
        for (int step = 0; step < 3; step++) {
            float[][] p = run(plain, x, delta, rows, momentum);
            float[][] s = run(shifted, x, delta, rows, momentum);
            for (int i = 0; i < p.length; i++) {
                ParallelKernelsTest.assertBitwise(p[i], s[i], what + ", offset " + offset + ", step " + step
                        + ", result " + i);
            }
        }
        if (momentum == 0f) {
            assertNull(shifted.optimizerState(), what);
        }
        for (int j = 0; j < out; j++) {
            for (int i = 0; i < in; i++) {
                assertEquals(plain.weight(j, i), shifted.weight(j, i), what);
            }
        }
        float[] values = plain.parameters();
        values[0] = 0.25f;
        shifted.setParameters(values);
        ParallelKernelsTest.assertBitwise(values, shifted.parameters(), what + ": set, then read");
        assertEquals(0.25f, shifted.weight(0, 0), what);
    }

    /** Forward, input gradient, gradient and update of one step; what each gave, and the parameters after. */
    private static float[][] run(DenseLayer layer, float[] x, float[] delta, int rows, float momentum) {
        float[] a = new float[rows * layer.outputSize()];
        float[] y = new float[a.length];
        layer.forward(SCALAR, x, rows, a, y);
        float[] g = new float[x.length];
        layer.backward(SCALAR, x, delta, rows, g);
        float[] gradient = new float[layer.parameterCount()];
        layer.gradient(SCALAR, gradient);
        layer.update(SCALAR, 0.1f, momentum);
        float[] state = layer.optimizerState();
        assertTrue(momentum == 0f || state != null);
        return new float[][]{a, y, g, gradient, layer.parameters(), state == null ? new float[0] : state};
    }
}
