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
}
