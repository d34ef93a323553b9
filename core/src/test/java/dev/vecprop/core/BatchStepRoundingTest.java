package dev.vecprop.core;

import dev.vecprop.core.internal.ScalarKernels;
import dev.vecprop.spi.Activation;
import dev.vecprop.spi.Kernels;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * A batch's step is the mean gradient applied once: each weight and bias moves by the sum over the rows, made
 * first, not by each row's share added into it in turn, which rounds at the parameter's size once a row.
 */
class BatchStepRoundingTest {

    /**
     * Four rows whose deltas, each a quarter of a unit in the last place of a parameter at 1, move it by one
     * unit together: added one by one, each rounds away and the parameter stays 1.
     */
    @Test
    void fourRowsOfAQuarterUnitEachMoveAParameterByAUnit() {
        float d = 0x1p-24f;
        float moved = 1f - 0x1p-24f;
        for (DenseLayer.Layout layout : DenseLayer.Layout.values()) {
            for (Kernels k : new Kernels[]{ScalarKernels.INSTANCE, new ParallelKernels(ScalarKernels.INSTANCE, 2, 1)}) {
                DenseLayer layer = new DenseLayer(1, 1, Activation.IDENTITY, true, layout);
                layer.setParameters(new float[]{1f, 1f});
                layer.backward(k, new float[]{1, 1, 1, 1}, new float[]{d, d, d, d}, 4, null);
                layer.update(k, 1f, 0f);
                assertArrayEquals(new float[]{moved, moved}, layer.parameters(), layout + " on " + k);
                if (k instanceof ParallelKernels p) {
                    p.close();
                }
            }
        }
    }

    /**
     * With momentum the velocity takes the mean gradient in one addition too: at 0.5 after a first step, four rows
     * of a quarter of a unit of 0.5 each move it by a unit together, where added one by one each rounds away.
     */
    @Test
    void aVelocityTakesTheBatchsSumInOneAddition() {
        for (DenseLayer.Layout layout : DenseLayer.Layout.values()) {
            DenseLayer layer = new DenseLayer(1, 1, Activation.IDENTITY, true, layout);
            layer.setParameters(new float[]{1f, 1f});
            // A first step of one row: velocity 1 for the weight and the bias.
            layer.backward(ScalarKernels.INSTANCE, new float[]{1}, new float[]{1}, 1, null);
            layer.update(ScalarKernels.INSTANCE, 0x1p-10f, 0.5f);
            float d = 0x1p-24f;
            layer.backward(ScalarKernels.INSTANCE, new float[]{1, 1, 1, 1}, new float[]{d, d, d, d}, 4, null);
            layer.update(ScalarKernels.INSTANCE, 0x1p-10f, 0.5f);
            float v = 0.5f + 0x1p-24f;
            assertArrayEquals(new float[]{v, v}, layer.optimizerState(), layout.toString());
        }
    }
}
