package dev.vecprop.core;

import dev.vecprop.spi.Activation;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The confusion matrix and its precision and recall, by hand and against each sample's predicted class. */
class ConfusionMatrixTest {

    @Test
    void countsPrecisionAndRecallByHand() {
        ConfusionMatrix m = new ConfusionMatrix(3);
        int[][] pairs = {{0, 0}, {0, 0}, {0, 1}, {1, 1}, {1, 0}, {1, 1}, {1, 1}};
        for (int[] p : pairs) {
            m.add(p[0], p[1]);
        }
        assertEquals(7, m.total());
        assertEquals(5, m.correct());
        assertEquals(5.0 / 7, m.accuracy());
        assertEquals(2, m.count(0, 0));
        assertEquals(1, m.count(1, 0));
        assertEquals(3, m.support(0));
        assertEquals(4, m.support(1));
        assertEquals(0, m.support(2));
        assertEquals(2.0 / 3, m.precision(0)); // predicted 0: two of class 0, one of class 1
        assertEquals(3.0 / 4, m.precision(1));
        assertEquals(2.0 / 3, m.recall(0));
        assertEquals(3.0 / 4, m.recall(1));
        assertTrue(Double.isNaN(m.precision(2)), "never predicted");
        assertTrue(Double.isNaN(m.recall(2)), "no sample of it");
        assertThrows(IndexOutOfBoundsException.class, () -> m.add(3, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> m.count(0, -1));
        assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(1));
        assertThrows(IllegalArgumentException.class, () -> m.add(new float[]{0.2f, 0.8f}, 0, 2, 0), "2 outputs, 3 classes");
        assertTrue(Double.isNaN(new ConfusionMatrix(2).accuracy()));
    }

    /** Of a network on data: each sample where its predicted class puts it, for softmax and one sigmoid output. */
    @Test
    void ofANetworkCountsEachSampleByItsPredictedClass() {
        SplittableRandom random = new SplittableRandom(5);
        for (int k : new int[]{1, 3}) {
            Network net = FeedForwardNetwork.builder(4).layer(6, Activation.TANH)
                    .layer(k, k == 1 ? Activation.SIGMOID : Activation.SOFTMAX).seed(k).build();
            int n = 2500; // more than one part of 1024
            float[][] x = new float[n][4];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < 4; j++) {
                    x[i][j] = (float) random.nextGaussian() * 3;
                }
                labels[i] = random.nextInt(k == 1 ? 2 : k);
            }
            Dataset data = Dataset.ofClasses(x, labels, k == 1 ? 2 : k);
            if (k == 1) {
                data = Dataset.of(x, java.util.Arrays.stream(labels).mapToObj(l -> new float[]{l})
                        .toArray(float[][]::new));
            }
            ConfusionMatrix m = ConfusionMatrix.of(net, data);
            long[][] expected = new long[k == 1 ? 2 : k][k == 1 ? 2 : k];
            for (int i = 0; i < n; i++) {
                expected[labels[i]][Metrics.predictedClass(net.predict(x[i]), 0, k)]++;
            }
            for (int t = 0; t < expected.length; t++) {
                for (int p = 0; p < expected.length; p++) {
                    assertEquals(expected[t][p], m.count(t, p), "k " + k + ": class " + t + " as " + p);
                }
            }
            assertEquals(Metrics.accuracy(net, data), m.accuracy(), 1e-12, "k " + k);
            ConfusionMatrix none = ConfusionMatrix.of(net, data.subset(new int[0]));
            assertEquals(0, none.total());
            assertEquals(k == 1 ? 2 : k, none.classes());
            assertTrue(Double.isNaN(none.accuracy()));
        }
    }

    @Test
    void outputsThatAreNotFiniteAreRefusedBySample() {
        FeedForwardNetwork net = FeedForwardNetwork.builder(1).layer(2, Activation.IDENTITY).seed(1).build();
        ((DenseLayer) net.layers().getFirst()).setParameters(new float[]{2, 1, 0, 0}); // 2x overflows a float
        Dataset data = Dataset.ofClasses(new float[][]{{1}, {Float.MAX_VALUE}}, new int[]{0, 1}, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(net, data));
        assertTrue(e.getMessage().startsWith("sample 1: output "), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(net,
                Dataset.of(new float[][]{{1}}, new float[][]{{0.5f, 0.5f}})), "not class labels");
    }
}
