package dev.vecprop.core;

import dev.vecprop.spi.Activation;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Accuracy, loss, MSE and MAE of {@link Metrics#evaluate} against the same figures computed here in double,
 * from the outputs of a network whose weights are set so that its outputs are known exactly: a permutation of
 * the inputs, doubled, plus a bias, on inputs that are multiples of 1/64 (so every output is exact in float).
 * 300 samples: more than the 256 that Metrics runs through the network at a time.
 */
class MetricsTest {

    private static final int ROWS = 300;
    /** Output j is 2 x[PERM[j]] + BIAS[j]. */
    private static final int[] PERM = {2, 0, 1};
    private static final float[] BIAS = {0.5f, -0.25f, 0f};

    /** Three inputs, three identity outputs: y_j = 2 x_PERM[j] + BIAS[j]. */
    private static FeedForwardNetwork permutingNetwork() {
        FeedForwardNetwork net = FeedForwardNetwork.builder(3).layer(3, Activation.IDENTITY)
                .kernels(KernelProviders.scalar()).build();
        // Layer.parameters(): the weights unit by unit (one row of inputs per output), then the biases.
        float[] p = new float[3 * 3 + 3];
        for (int j = 0; j < 3; j++) {
            p[j * 3 + PERM[j]] = 2f;
            p[9 + j] = BIAS[j];
        }
        net.layers().getFirst().setParameters(p);
        return net;
    }

    /** The network's outputs as this test knows them. */
    private static double[] outputs(float[] x) {
        double[] y = new double[3];
        for (int j = 0; j < 3; j++) {
            y[j] = 2.0 * x[PERM[j]] + BIAS[j];
        }
        return y;
    }

    /** Inputs k / 64 for k in -64..64, and every tenth row a tie between two outputs. */
    private static float[][] features(SplittableRandom r) {
        float[][] x = new float[ROWS][3];
        for (int i = 0; i < ROWS; i++) {
            for (int j = 0; j < 3; j++) {
                x[i][j] = (r.nextInt(129) - 64) / 64f;
            }
            if (i % 10 == 0) {
                // y1 = 2 x0 - 0.25 and y2 = 2 x1: equal when x1 = x0 - 1/8, and the largest when x2 is small.
                x[i][0] = 0.75f;
                x[i][1] = 0.625f;
                x[i][2] = -1f;
            }
        }
        return x;
    }

    /** The first index of the largest value: the class Metrics documents for ties. */
    private static int argmax(double[] y) {
        int best = 0;
        for (int j = 1; j < y.length; j++) {
            if (y[j] > y[best]) {
                best = j;
            }
        }
        return best;
    }

    @Test
    void classificationFiguresAreThoseComputedFromTheOutputs() {
        SplittableRandom r = new SplittableRandom(17);
        float[][] x = features(r);
        int[] labels = new int[ROWS];
        for (int i = 0; i < ROWS; i++) {
            labels[i] = r.nextInt(3);
        }
        // The tie rows' outputs are -1.5, 1.25, 1.25: labelled 1 or 2 in turn, so that the rule for ties
        // decides which of them are right.
        for (int i = 0; i < ROWS; i += 10) {
            labels[i] = 1 + (i / 10) % 2;
        }
        Dataset data = Dataset.ofClasses(x, labels, 3);

        int correct = 0;
        int ties = 0;
        double squared = 0, absolute = 0, loss = 0;
        for (int i = 0; i < ROWS; i++) {
            double[] y = outputs(x[i]);
            if (argmax(y) == labels[i]) {
                correct++;
            }
            if (y[0] == y[1] && y[1] >= y[2] || y[1] == y[2] && y[2] > y[0] || y[0] == y[2] && y[0] > y[1]) {
                ties++;
            }
            double rowLoss = 0;
            for (int j = 0; j < 3; j++) {
                double d = y[j] - (labels[i] == j ? 1 : 0);
                squared += d * d;
                absolute += Math.abs(d);
                rowLoss += d * d / 2;
            }
            loss += rowLoss;
        }
        assertTrue(ties >= 30, ties + " rows with a tie for the largest output");

        Evaluation e = Metrics.evaluate(permutingNetwork(), TrainerTest.SQUARED, data);
        assertEquals(ROWS, e.samples());
        assertEquals((double) correct / ROWS, e.accuracy(), 1e-15, "accuracy");
        assertEquals(squared / (3 * ROWS), e.mse(), 1e-12, "mse");
        assertEquals(absolute / (3 * ROWS), e.mae(), 1e-12, "mae");
        assertEquals(loss / ROWS, e.loss(), 1e-12, "loss");
        assertEquals(Math.sqrt(squared / (3 * ROWS)), e.rmse(), 1e-12, "rmse");
        assertEquals(e.accuracy(), e.headline());
        assertEquals((double) correct / ROWS, Metrics.accuracy(permutingNetwork(), data), 1e-15, "Metrics.accuracy");
        assertTrue(Double.isNaN(Metrics.evaluate(permutingNetwork(), null, data).loss()), "no loss given");
    }

    @Test
    void regressionFiguresAreThoseComputedFromTheOutputs() {
        SplittableRandom r = new SplittableRandom(18);
        float[][] x = features(r);
        float[][] t = new float[ROWS][3];
        double squared = 0, absolute = 0;
        for (int i = 0; i < ROWS; i++) {
            double[] y = outputs(x[i]);
            for (int j = 0; j < 3; j++) {
                t[i][j] = (float) r.nextDouble(-3, 3);
                double d = y[j] - t[i][j];
                squared += d * d;
                absolute += Math.abs(d);
            }
        }
        Evaluation e = Metrics.evaluate(permutingNetwork(), null, Dataset.of(x, t));
        assertEquals(ROWS, e.samples());
        assertTrue(Double.isNaN(e.accuracy()), "targets that are not class labels have no accuracy");
        assertEquals(squared / (3 * ROWS), e.mse(), 1e-12, "mse");
        assertEquals(absolute / (3 * ROWS), e.mae(), 1e-12, "mae");
        assertEquals(e.rmse(), e.headline());
    }

    /** One output: class 1 from 0.5 on, 0 below, whatever the rest of the row. */
    @Test
    void aSingleOutputPredictsClassOneFromOneHalfOn() {
        FeedForwardNetwork net = FeedForwardNetwork.builder(1).layer(1, Activation.IDENTITY)
                .kernels(KernelProviders.scalar()).build();
        net.layers().getFirst().setParameters(new float[]{1f, 0f});   // y = x
        float[] values = {0.5f, Math.nextDown(0.5f), Math.nextUp(0.5f), 0f, 1f, 0.25f, 0.75f, -2f, 3f};
        SplittableRandom r = new SplittableRandom(19);
        float[][] x = new float[ROWS][1];
        int[] labels = new int[ROWS];
        int correct = 0;
        double absolute = 0;
        for (int i = 0; i < ROWS; i++) {
            x[i][0] = values[i % values.length];
            labels[i] = r.nextInt(2);
            if ((x[i][0] >= 0.5 ? 1 : 0) == labels[i]) {
                correct++;
            }
            absolute += Math.abs((double) x[i][0] - labels[i]);
        }
        Evaluation e = Metrics.evaluate(net, null, Dataset.ofClasses(x, labels, 1));
        assertEquals((double) correct / ROWS, e.accuracy(), 1e-15, "accuracy");
        assertEquals(absolute / ROWS, e.mae(), 1e-12, "mae");

        assertEquals(1, Metrics.predictedClass(new float[]{0.5f}, 0, 1));
        assertEquals(0, Metrics.predictedClass(new float[]{Math.nextDown(0.5f)}, 0, 1));
        assertEquals(1, Metrics.predictedClass(new float[]{9f, 0.2f, 0.5f}, 2, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> Metrics.predictedClass(new float[]{9f, 0.2f, 0.5f}, 2, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> Metrics.predictedClass(new float[]{9f, 0.2f}, -1, 2));
        assertEquals(0, Metrics.predictedClass(new float[]{0.9f, 0.2f}, 1, 1));
    }

    @Test
    void noClassIsToldFromAnOutputThatIsNotFinite() {
        // Before the refusal a NaN compared as never larger: {NaN, 0.4} and {0.1, NaN} both read as class 0.
        assertEquals("output 0 of the network is NaN; no class can be told from it",
                assertThrows(IllegalArgumentException.class,
                        () -> Metrics.predictedClass(new float[]{Float.NaN, 0.4f}, 0, 2)).getMessage());
        assertEquals("output 1 of the network is NaN; no class can be told from it",
                assertThrows(IllegalArgumentException.class,
                        () -> Metrics.predictedClass(new float[]{0.7f, 0.1f, Float.NaN}, 1, 2)).getMessage());
        assertEquals("output 0 of the network is Infinity; no class can be told from it",
                assertThrows(IllegalArgumentException.class,
                        () -> Metrics.predictedClass(new float[]{Float.POSITIVE_INFINITY}, 0, 1)).getMessage());
        // Outside the row, a value that is not finite is not read.
        assertEquals(1, Metrics.predictedClass(new float[]{Float.NaN, 0.1f, 0.2f, Float.NaN}, 1, 2));
    }

    /** Without an output there is no class: k below 1 used to give class 0. */
    @Test
    void aRowWithoutOutputsIsRefused() {
        assertEquals("a sample has at least 1 output, not 0", assertThrows(IllegalArgumentException.class,
                () -> Metrics.predictedClass(new float[]{0.2f, 0.9f}, 0, 0)).getMessage());
        assertEquals("a sample has at least 1 output, not -2", assertThrows(IllegalArgumentException.class,
                () -> Metrics.predictedClass(new float[]{0.2f, 0.9f}, 0, -2)).getMessage());
    }

    @Test
    void tiesGoToTheLowerIndex() {
        assertEquals(0, Metrics.predictedClass(new float[]{0.3f, 0.3f, 0.3f}, 0, 3));
        assertEquals(1, Metrics.predictedClass(new float[]{0.1f, 0.4f, 0.4f, 0.2f}, 0, 4));
        assertEquals(2, Metrics.predictedClass(new float[]{0.1f, 0.4f, 0.5f, 0.2f, 0.5f}, 0, 5));
        // At an offset, reading only its k outputs: the 9 before and the 7 after are not part of the row.
        float[] y = {9f, 0.2f, 0.6f, 0.6f, 0.1f, 7f};
        assertEquals(1, Metrics.predictedClass(y, 1, 4));
        assertEquals(0, Metrics.predictedClass(y, 2, 2));
        assertEquals(2, Metrics.predictedClass(new float[]{-3f, -1f, -0.5f}, 0, 3));
    }
}
