package dev.vecprop.core;

import dev.vecprop.spi.Activation;
import dev.vecprop.spi.LossFunction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Metrics.Running}: data evaluated in parts gives the figures of {@link Metrics#evaluate} on the whole,
 * bit for bit, and the outputs of {@link Network#predict(float[], int, float[])}, wherever the parts end (parts
 * of 0, 1 and more than the 256 rows Metrics runs at a time among them).
 */
class RunningEvaluationTest {

    private static final int ROWS = 1000;

    /** Cross-entropy on softmax outputs, with the fused path that reads the logits. */
    private static final LossFunction XENT = new LossFunction() {
        @Override
        public String name() {
            return "xent";
        }

        @Override
        public double value(double[] y, double[] t) {
            double e = 0;
            for (int j = 0; j < y.length; j++) {
                e -= t[j] * Math.log(y[j]);
            }
            return e;
        }

        @Override
        public void gradient(double[] y, double[] t, double[] g) {
            for (int j = 0; j < y.length; j++) {
                g[j] = -t[j] / y[j];
            }
        }

        @Override
        public Activation fusedActivation() {
            return Activation.SOFTMAX;
        }

        @Override
        public double valueFromLogits(double[] a, double[] t) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : a) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (double v : a) {
                sum += Math.exp(v - max);
            }
            double e = 0;
            for (int j = 0; j < a.length; j++) {
                e += t[j] * (max + Math.log(sum) - a[j]);
            }
            return e;
        }

        @Override
        public void fusedDelta(double[] y, double[] t, double[] delta) {
            for (int j = 0; j < y.length; j++) {
                delta[j] = y[j] - t[j];
            }
        }
    };

    /** The squared loss, refusing targets outside [0, 1]. */
    private static final LossFunction UNIT = new ApiRefusalsTest.Squared("unit") {
        @Override
        public String invalidTarget(double[] t) {
            return t[0] < 0 || t[0] > 1 ? "target " + t[0] + " is outside [0, 1]" : null;
        }
    };

    private static FeedForwardNetwork network(int outputs, Activation last) {
        return FeedForwardNetwork.builder(7).layer(9, Activation.TANH).layer(outputs, last).seed(3)
                .kernels(KernelProviders.scalar()).build();
    }

    private static float[][] features(SplittableRandom random) {
        float[][] x = new float[ROWS][7];
        for (float[] row : x) {
            for (int j = 0; j < row.length; j++) {
                row[j] = (float) random.nextGaussian();
            }
        }
        return x;
    }

    /** Cuts {@code data} into parts of random sizes, some empty, and evaluates them one after another. */
    private static Evaluation inParts(Network net, LossFunction loss, Dataset data, float[] y, SplittableRandom random) {
        Metrics.Running running = new Metrics.Running(net, loss);
        int k = net.outputSize();
        int r0 = 0;
        while (r0 < data.size()) {
            int n = Math.min(data.size() - r0, switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> 1;
                case 2 -> random.nextInt(1, 40);
                default -> random.nextInt(200, 600);
            });
            int[] rows = new int[n];
            for (int i = 0; i < n; i++) {
                rows[i] = r0 + i;
            }
            float[] part = new float[n * k];
            running.add(data.subset(rows), part);
            System.arraycopy(part, 0, y, r0 * k, n * k);
            r0 += n;
        }
        return running.result();
    }

    @Test
    void partsGiveTheWholeDataSetsFiguresAndOutputsBitForBit() {
        SplittableRandom random = new SplittableRandom(17);
        float[][] x = features(random);
        int[] labels = new int[ROWS];
        for (int i = 0; i < ROWS; i++) {
            labels[i] = random.nextInt(4);
        }
        Dataset classes = Dataset.ofClasses(x, labels, 4);
        float[][] t = new float[ROWS][2];
        for (float[] row : t) {
            row[0] = (float) random.nextGaussian();
            row[1] = (float) random.nextGaussian();
        }
        Dataset targets = Dataset.of(x, t);
        record Case(FeedForwardNetwork net, LossFunction loss, Dataset data) {
        }
        List<Case> cases = new ArrayList<>();
        cases.add(new Case(network(4, Activation.SOFTMAX), XENT, classes));
        cases.add(new Case(network(4, Activation.SOFTMAX), null, classes));
        cases.add(new Case(network(2, Activation.IDENTITY), TrainerTest.SQUARED, targets));
        for (Case c : cases) {
            for (int seed = 0; seed < 5; seed++) {
                float[] y = new float[ROWS * c.net.outputSize()];
                Evaluation parts = inParts(c.net, c.loss, c.data, y, new SplittableRandom(seed));
                Evaluation whole = Metrics.evaluate(c.net, c.loss, c.data);
                assertEquals(whole, parts, c.loss + ", seed " + seed);
                float[] expected = new float[y.length];
                c.net.predict(c.data.featureMatrix(), ROWS, expected);
                assertArrayEquals(expected, y, c.loss + ", seed " + seed);
            }
        }
        assertTrue(Double.isNaN(inParts(cases.get(1).net, null, classes, new float[ROWS * 4],
                new SplittableRandom(1)).loss()));
    }

    @Test
    void anInvalidTargetIsNamedByItsIndexAmongAllTheSamples() {
        FeedForwardNetwork net = FeedForwardNetwork.builder(2).layer(1, Activation.SIGMOID).seed(1)
                .kernels(KernelProviders.scalar()).build();
        Metrics.Running running = new Metrics.Running(net, UNIT);
        running.add(Dataset.of(new float[][]{{0, 1}, {1, 0}}, new float[][]{{0}, {1}}), null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> running.add(
                Dataset.of(new float[][]{{0, 1}, {1, 0}}, new float[][]{{1}, {3}}), new float[2]));
        assertTrue(e.getMessage().startsWith("sample 3: "), e.getMessage());
    }

    /**
     * A part refused for a target, wherever it is (row 550 of 600, past the first 256 run at a time), changes
     * nothing; a loss that fails part way leaves an evaluation that says it is not usable rather than a figure.
     */
    @Test
    void aRefusedPartChangesNothingAndAFailedLossEndsTheEvaluation() {
        FeedForwardNetwork net = FeedForwardNetwork.builder(2).layer(1, Activation.SIGMOID).seed(1)
                .kernels(KernelProviders.scalar()).build();
        float[][] x = new float[600][2];
        float[][] t = new float[600][1];
        for (int r = 0; r < 600; r++) {
            x[r][0] = r / 600f;
            x[r][1] = 1 - r / 600f;
            t[r][0] = r % 2;
        }
        Metrics.Running running = new Metrics.Running(net, UNIT);
        running.add(Dataset.of(x, t), null);
        Evaluation before = running.result();
        t[550][0] = 3;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> running.add(Dataset.of(x, t), new float[600]));
        assertTrue(e.getMessage().startsWith("sample 1150: "), e.getMessage());
        assertEquals(before, running.result());

        int[] calls = {0};
        LossFunction failing = new ApiRefusalsTest.Squared("fails at 300") {
            @Override
            public double value(double[] y, double[] target) {
                if (++calls[0] == 300) {
                    throw new IllegalStateException("boom");
                }
                return super.value(y, target);
            }
        };
        t[550][0] = 1;
        Metrics.Running broken = new Metrics.Running(net, failing);
        float[] y = new float[600];
        assertThrows(LossPluginException.class, () -> broken.add(Dataset.of(x, t), y));
        // The outputs up to the sample the loss failed on are written.
        float[] expected = new float[600];
        net.predict(Dataset.of(x, t).featureMatrix(), 600, expected);
        assertArrayEquals(Arrays.copyOf(expected, 300), Arrays.copyOf(y, 300));
        assertThrows(IllegalStateException.class, broken::result);
        assertThrows(IllegalStateException.class, () -> broken.add(Dataset.of(x, t), null));
    }

    @Test
    void partsMustAgreeAndTheResultNeedsSamples() {
        FeedForwardNetwork net = network(2, Activation.SOFTMAX);
        Metrics.Running running = new Metrics.Running(net, null);
        IllegalStateException none = assertThrows(IllegalStateException.class, running::result);
        assertEquals("no samples were added", none.getMessage());
        float[][] x = features(new SplittableRandom(2));
        float[][] two = {Arrays.copyOf(x[0], 7), Arrays.copyOf(x[1], 7)};
        running.add(Dataset.ofClasses(new float[][]{two[0]}, new int[]{1}, 2), null);
        assertThrows(IllegalArgumentException.class,
                () -> running.add(Dataset.ofClasses(new float[][]{x[1], x[2]}, new int[]{0, 1}, 2), new float[3]));
        assertThrows(IllegalArgumentException.class,
                () -> running.add(Dataset.ofClasses(new float[][]{{1, 2}}, new int[]{0}, 2), null));
        assertEquals(1, running.result().samples());
        assertTrue(Double.isFinite(running.result().accuracy()));
        // A part whose targets are not class labels: the whole's are not either, so there is no accuracy, as
        // evaluate gives for the two samples together.
        float[][] targets = {{0f, 1f}, {0.5f, 0.5f}};
        running.add(Dataset.of(new float[][]{two[1]}, new float[][]{targets[1]}), null);
        Evaluation whole = Metrics.evaluate(net, null, Dataset.of(two, targets));
        assertTrue(Double.isNaN(whole.accuracy()));
        assertEquals(whole, running.result());
    }
}
