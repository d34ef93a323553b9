package dev.vecprop.core;

import dev.vecprop.core.internal.Workspace;
import dev.vecprop.spi.Activation;
import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertEquals;

/** Prediction and evaluation of a network whose widest layer is too wide for the usual chunk of 256 rows. */
class WideLayerTest {

    @Test
    void chunksShrinkForWideLayersAndStayWholeForUsualOnes() {
        FeedForwardNetwork usual = FeedForwardNetwork.builder(784).layer(128, Activation.SIGMOID)
                .layer(10, Activation.SOFTMAX).kernels(KernelProviders.scalar()).build();
        assertEquals(256, Workspace.rowsFor(usual.layers(), 784, 256));
        assertEquals(167, Workspace.rowsFor(usual.layers(), 100_000, 256), "100,000 inputs: 167 rows are 16.7M floats");
        // 8,388,609 units: 256 rows of them overflowed an int (a NegativeArraySizeException in eval and predict).
        assertEquals(1, Workspace.rowsForWidth(8_388_609, 256));
        assertEquals(2, Workspace.rowsForWidth(8_388_608, 256));
        assertEquals(1, Workspace.rowsForWidth(40_000_000, 256));
        assertEquals(1, Workspace.rowsForWidth(Integer.MAX_VALUE, 256));
    }

    @Test
    void aWideNetworkEvaluatesAndPredictsInSmallChunksAsRowByRow() {
        int units = 1 << 22; // 4 rows a chunk
        FeedForwardNetwork net = FeedForwardNetwork.builder(1).layer(units, Activation.TANH)
                .layer(1, Activation.IDENTITY).seed(3).kernels(KernelProviders.scalar()).build();
        int n = 10;
        float[] x = new float[n];
        float[] t = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) Math.sin(i);
            t[i] = (float) Math.cos(i);
        }
        float[] y = new float[n];
        net.predict(x, n, y);
        double squared = 0;
        for (int i = 0; i < n; i++) {
            float one = net.predict(new float[]{x[i]})[0];
            assertEquals(one, y[i], "row " + i + " predicted alone and in a chunk");
            squared += (y[i] - (double) t[i]) * (y[i] - (double) t[i]);
        }
        Evaluation e = Metrics.evaluate(net, null, Dataset.of(1, 1, x, t));
        assertEquals(squared / n, e.mse(), 1e-12 * Math.max(1, squared));
    }
}
