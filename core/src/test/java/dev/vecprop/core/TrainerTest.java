package dev.vecprop.core;

import dev.vecprop.spi.Activation;
import dev.vecprop.spi.LossFunction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trainer's arithmetic, with a loss defined here (core names no plugin): E = 1/2 sum (y - t)^2. */
class TrainerTest {

    /** Squared error with only a value and a gradient: it always takes the generic path. */
    static final LossFunction SQUARED = new LossFunction() {
        public String name() {
            return "squared";
        }

        public double value(double[] y, double[] t) {
            double s = 0;
            for (int k = 0; k < y.length; k++) {
                s += (y[k] - t[k]) * (y[k] - t[k]);
            }
            return s / 2;
        }

        public void gradient(double[] y, double[] t, double[] g) {
            for (int k = 0; k < y.length; k++) {
                g[k] = y[k] - t[k];
            }
        }
    };

    private static FeedForwardNetwork network(Activation out) {
        return FeedForwardNetwork.builder(3).layer(4, Activation.TANH).layer(2, out).seed(17)
                .kernels(KernelProviders.scalar()).build();
    }

    private static final float[] X = {0.2f, -0.4f, 0.9f, 1f, 0.5f, -0.3f, -0.7f, 0.1f, 0.6f};
    private static final float[] T = {0.1f, 0.9f, 0.8f, 0.3f, 0.5f, 0.5f};

    @Test
    void aMiniBatchStepFollowsTheMeanOfThePerSampleGradients() {
        FeedForwardNetwork net = network(Activation.SIGMOID);
        List<float[]> before = parameters(net);
        Trainer single = new Trainer(net, SQUARED, TrainingOptions.defaults().withBatchSize(3));
        float[][] mean = new float[2][];
        for (int r = 0; r < 3; r++) {
            float[][] g = single.gradients(slice(X, r, 3), slice(T, r, 2), 1);
            for (int l = 0; l < 2; l++) {
                if (mean[l] == null) {
                    mean[l] = new float[g[l].length];
                }
                for (int i = 0; i < g[l].length; i++) {
                    mean[l][i] += g[l][i] / 3;
                }
            }
        }
        float eta = 0.3f;
        new Trainer(net, SQUARED, TrainingOptions.defaults().withBatchSize(3).withLearningRate(eta)).step(X, T, 3);
        List<float[]> after = parameters(net);
        for (int l = 0; l < 2; l++) {
            for (int i = 0; i < mean[l].length; i++) {
                assertEquals(before.get(l)[i] - eta * mean[l][i], after.get(l)[i], 1e-6, "layer " + l + " parameter " + i);
            }
        }
    }

    @Test
    void momentumAccumulatesVelocity() {
        FeedForwardNetwork plain = network(Activation.IDENTITY);
        FeedForwardNetwork heavy = network(Activation.IDENTITY);
        float eta = 0.1f, mu = 0.9f;
        Trainer reference = new Trainer(plain, SQUARED, TrainingOptions.defaults().withLearningRate(eta));
        Trainer momentum = new Trainer(heavy, SQUARED, TrainingOptions.defaults().withLearningRate(eta).withMomentum(mu));
        // Step 1 and 2 on the same sample: v1 = g1, p1 = p0 - eta g1; v2 = mu g1 + g2, p2 = p1 - eta v2.
        float[] x = slice(X, 0, 3), t = slice(T, 0, 2);
        List<float[]> p0 = parameters(heavy);
        float[][] g1 = momentum.gradients(x, t, 1);
        momentum.step(x, t, 1);
        float[][] g2 = momentum.gradients(x, t, 1);
        momentum.step(x, t, 1);
        List<float[]> p2 = parameters(heavy);
        for (int l = 0; l < 2; l++) {
            for (int i = 0; i < g1[l].length; i++) {
                float expected = p0.get(l)[i] - eta * g1[l][i] - eta * (mu * g1[l][i] + g2[l][i]);
                assertEquals(expected, p2.get(l)[i], 1e-6, "layer " + l + " parameter " + i);
            }
        }
        // and it differs from plain steps
        reference.step(x, t, 1);
        reference.step(x, t, 1);
        assertFalse(java.util.Arrays.equals(parameters(plain).get(0), p2.get(0)));
    }

    /** The velocity is the layers': a second trainer goes on from it, unless the layers are told to forget it. */
    @Test
    void aNewTrainerGoesOnFromTheLayersVelocity() {
        TrainingOptions options = TrainingOptions.defaults().withLearningRate(0.1f).withMomentum(0.9f);
        float[] x = slice(X, 0, 3), t = slice(T, 0, 2);
        FeedForwardNetwork one = network(Activation.IDENTITY);
        Trainer single = new Trainer(one, SQUARED, options);
        single.step(x, t, 1);
        single.step(x, t, 1);
        FeedForwardNetwork two = network(Activation.IDENTITY);
        new Trainer(two, SQUARED, options).step(x, t, 1);
        new Trainer(two, SQUARED, options).step(x, t, 1);
        assertArrayEquals(parameters(one).get(0), parameters(two).get(0));
        // Forgotten: the second step is a first one again (v = g), as on a network given these weights afresh.
        FeedForwardNetwork reset = network(Activation.IDENTITY);
        new Trainer(reset, SQUARED, options).step(x, t, 1);
        FeedForwardNetwork fresh = network(Activation.IDENTITY);
        for (int l = 0; l < 2; l++) {
            reset.layers().get(l).setOptimizerState(null);
            fresh.layers().get(l).setParameters(reset.layers().get(l).parameters());
        }
        new Trainer(reset, SQUARED, options).step(x, t, 1);
        new Trainer(fresh, SQUARED, options).step(x, t, 1);
        assertArrayEquals(parameters(fresh).get(0), parameters(reset).get(0));
        assertFalse(java.util.Arrays.equals(parameters(one).get(0), parameters(reset).get(0)));
    }

    @Test
    void fitReportsEveryEpochAndProgress() {
        Dataset data = Dataset.of(3, 2, X, T);
        List<int[]> progress = new ArrayList<>();
        Trainer trainer = new Trainer(network(Activation.SIGMOID), SQUARED,
                TrainingOptions.defaults().withEpochs(4).withBatchSize(2).withLearningRate(0.5f))
                .onProgress((epoch, done, total) -> progress.add(new int[]{epoch, done, total}));
        List<EpochReport> reports = trainer.fit(data, data, null);
        assertEquals(4, reports.size());
        assertEquals(4, reports.getLast().epoch());
        assertTrue(reports.getLast().test().loss() < reports.getFirst().test().loss());
        assertFalse(reports.getFirst().train().isClassification());
        assertTrue(Double.isFinite(reports.getFirst().test().rmse()));
        int[] last = progress.getLast();
        assertArrayEquals(new int[]{4, 3, 3}, last);
    }

    @Test
    void divergenceStopsTrainingWithTheEpochAndBatch() {
        Dataset data = Dataset.of(3, 2, X, new float[]{1e30f, 1e30f, 0, 0, 0, 0});
        Trainer trainer = new Trainer(network(Activation.IDENTITY), SQUARED,
                TrainingOptions.defaults().withEpochs(3).withShuffle(false).withLearningRate(1f));
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> trainer.fit(data, null, null));
        assertEquals(1, e.epoch());
        assertTrue(e.getMessage().contains("learning rate"), e.getMessage());
    }

    /** Data on which the identity-output network below blows up at a large learning rate, but not at once. */
    private static Dataset divergingData() {
        float[] x = new float[40 * 3];
        float[] t = new float[40 * 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i * 0.7);
        }
        for (int i = 0; i < t.length; i++) {
            t[i] = (float) Math.cos(i * 0.3) * 3;
        }
        return Dataset.of(3, 2, x, t);
    }

    @Test
    void aDivergedEpochLeavesTheWeightsOfTheLastGoodOne() {
        // A learning rate large enough to blow up, but not in the first epoch.
        Dataset data = divergingData();
        TrainingOptions options = TrainingOptions.defaults().withEpochs(50).withLearningRate(LR_TO_DIVERGE);
        FeedForwardNetwork net = network(Activation.IDENTITY);
        Trainer trainer = new Trainer(net, SQUARED, options);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> trainer.fit(data, null, null));
        assertTrue(e.epoch() > 1, "diverged in epoch " + e.epoch() + "; the case needs a later epoch");
        assertEquals(e.epoch() - 1, trainer.epochsDone());
        assertTrue(e.getMessage().endsWith("the network keeps its weights after epoch " + (e.epoch() - 1)), e.getMessage());
        // The same training stopped after the last good epoch has exactly these weights.
        FeedForwardNetwork good = network(Activation.IDENTITY);
        new Trainer(good, SQUARED, options.withEpochs(e.epoch() - 1)).fit(data, null, null);
        for (int l = 0; l < 2; l++) {
            assertArrayEquals(parameters(good).get(l), parameters(net).get(l), "layer " + l);
        }
    }

    static final float LR_TO_DIVERGE = 0.7f;

    /**
     * With momentum the optimiser state is part of what a diverged epoch must give back: the velocity of every
     * layer is put back as it was after the last good epoch, not left as the diverging steps made it, so that
     * the network (and a checkpoint saved from it) holds a state some run actually reached.
     */
    @Test
    void aDivergedEpochWithMomentumLeavesTheWeightsAndVelocityOfTheLastGoodOne() {
        Dataset data = divergingData();
        // At momentum 0.9 this learning rate diverges after several good epochs (in the eighth).
        TrainingOptions options = TrainingOptions.defaults().withEpochs(50).withLearningRate(0.3f).withMomentum(0.9f);
        FeedForwardNetwork net = network(Activation.IDENTITY);
        Trainer trainer = new Trainer(net, SQUARED, options);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> trainer.fit(data, null, null));
        assertTrue(e.epoch() > 2, "diverged in epoch " + e.epoch() + "; the case needs a velocity from earlier epochs");
        assertEquals(e.epoch() - 1, trainer.epochsDone());
        FeedForwardNetwork good = network(Activation.IDENTITY);
        new Trainer(good, SQUARED, options.withEpochs(e.epoch() - 1)).fit(data, null, null);
        for (int l = 0; l < 2; l++) {
            Layer want = good.layers().get(l);
            Layer got = net.layers().get(l);
            assertArrayEquals(want.parameters(), got.parameters(), "parameters of layer " + l);
            float[] velocity = want.optimizerState();
            assertNotNull(velocity, "layer " + l + " has a velocity after a momentum epoch");
            assertTrue(norm(velocity) > 0, "layer " + l + " velocity");
            assertArrayEquals(velocity, got.optimizerState(), "velocity of layer " + l);
        }
    }

    /**
     * A loss that notes the target of every sample it is given and leaves the network as it is (its gradient
     * is 0): on data whose sample i has the target i, and at batch size 1, it sees the order of the visits.
     */
    private static final class VisitOrder implements LossFunction {
        private final List<Integer> visited = new ArrayList<>();

        public String name() {
            return "visit-order";
        }

        public double value(double[] y, double[] t) {
            visited.add((int) t[0]);
            return 0;
        }

        public void gradient(double[] y, double[] t, double[] g) {
            java.util.Arrays.fill(g, 0);
        }

        int[] take() {
            int[] order = visited.stream().mapToInt(Integer::intValue).toArray();
            visited.clear();
            return order;
        }
    }

    private static final int SAMPLES = 20;

    /** Sample i: feature i / 10, target i. */
    private static Dataset numberedSamples() {
        float[] x = new float[SAMPLES];
        float[] t = new float[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            x[i] = i / 10f;
            t[i] = i;
        }
        return Dataset.of(1, 1, x, t);
    }

    /** The samples' order in each of the epochs after the first {@code skip}, on a new network and trainer. */
    private static int[][] visits(TrainingOptions options, int skip, int epochs) {
        Dataset data = numberedSamples();
        VisitOrder loss = new VisitOrder();
        FeedForwardNetwork net = FeedForwardNetwork.builder(1).layer(1, Activation.IDENTITY).seed(2)
                .kernels(KernelProviders.scalar()).build();
        Trainer trainer = new Trainer(net, loss, options.withEpochs(skip + epochs));
        trainer.resume(skip);
        int[][] orders = new int[epochs][];
        for (int e = 0; e < epochs; e++) {
            trainer.epoch(data, null);
            orders[e] = loss.take();
        }
        return orders;
    }

    @Test
    void eachEpochVisitsEverySampleOnceInAnOrderDrawnFromTheSeedAndTheEpoch() {
        TrainingOptions options = TrainingOptions.defaults().withBatchSize(1).withSeed(5);
        int[] inOrder = java.util.stream.IntStream.range(0, SAMPLES).toArray();
        int[][] orders = visits(options, 0, 3);
        for (int e = 0; e < 3; e++) {
            int[] sorted = orders[e].clone();
            java.util.Arrays.sort(sorted);
            assertArrayEquals(inOrder, sorted, "epoch " + (e + 1) + " visits every sample once: "
                    + java.util.Arrays.toString(orders[e]));
            assertFalse(java.util.Arrays.equals(inOrder, orders[e]), "epoch " + (e + 1) + " is shuffled");
        }
        assertFalse(java.util.Arrays.equals(orders[0], orders[1]), "epochs 1 and 2 differ");
        assertFalse(java.util.Arrays.equals(orders[1], orders[2]), "epochs 2 and 3 differ");
        // The same seed gives the same orders; another seed others.
        int[][] again = visits(options, 0, 3);
        for (int e = 0; e < 3; e++) {
            assertArrayEquals(orders[e], again[e], "epoch " + (e + 1) + " with the same seed");
        }
        assertFalse(java.util.Arrays.equals(orders[0], visits(options.withSeed(6), 0, 1)[0]), "another seed");
        // A trainer resumed after epoch 2 visits epoch 3 as the uninterrupted one did.
        assertArrayEquals(orders[2], visits(options, 2, 1)[0], "epoch 3 after resuming at 2");
        // Without shuffling, every epoch visits the samples in data order.
        for (int[] order : visits(options.withShuffle(false), 0, 2)) {
            assertArrayEquals(inOrder, order, "unshuffled");
        }
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float f : v) {
            s += (double) f * f;
        }
        return Math.sqrt(s);
    }

    @Test
    void singleStepsAndEpochsCheckTargetsAndDivergenceToo() {
        LossFunction unitTargets = new LossFunction() {
            public String name() {
                return "unit";
            }

            public double value(double[] y, double[] t) {
                return SQUARED.value(y, t);
            }

            public void gradient(double[] y, double[] t, double[] g) {
                SQUARED.gradient(y, t, g);
            }

            public String invalidTarget(double[] t) {
                return t[0] > 1 ? "targets must be at most 1, not " + t[0] : null;
            }
        };
        FeedForwardNetwork net = network(Activation.IDENTITY);
        List<float[]> before = parameters(net);
        Trainer trainer = new Trainer(net, unitTargets, TrainingOptions.defaults().withBatchSize(3));
        float[] badT = {0.5f, 0.5f, 2f, 0f, 0f, 0f};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer.step(X, badT, 3));
        assertEquals("row 1: targets must be at most 1, not 2.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> trainer.epoch(Dataset.of(3, 2, X, badT), null));
        assertEquals("training data, sample 1: targets must be at most 1, not 2.0", e.getMessage());
        for (int l = 0; l < 2; l++) {
            assertArrayEquals(before.get(l), parameters(net).get(l), "a refused step must not change the weights");
        }
        // Weights so large that the outputs overflow to infinity: the step is refused as a divergence.
        float[] hidden = new float[3 * 4 + 4];
        java.util.Arrays.fill(hidden, 12, 16, 1f);
        float[] output = new float[4 * 2 + 2];
        java.util.Arrays.fill(output, 0, 8, Float.MAX_VALUE);
        net.layers().get(0).setParameters(hidden);
        net.layers().get(1).setParameters(output);
        Trainer squared = new Trainer(net, SQUARED, TrainingOptions.defaults().withBatchSize(3));
        TrainingDivergedException d = assertThrows(TrainingDivergedException.class, () -> squared.step(X, T, 3));
        assertEquals(0, d.epoch());
        assertTrue(d.getMessage().startsWith("a training step diverged: the loss became Infinity"), d.getMessage());
        assertArrayEquals(output, net.layers().get(1).parameters());
    }

    @Test
    void shapesAndPairingsAreCheckedWithNumbers() {
        FeedForwardNetwork net = network(Activation.SIGMOID);
        Dataset wrong = Dataset.of(2, 2, new float[]{1, 2}, new float[]{0, 1});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(net, SQUARED, TrainingOptions.defaults()).fit(wrong, null, null));
        assertEquals("the network takes 3 inputs; the training data has 2 features", e.getMessage());
        Dataset oneTarget = Dataset.of(3, 1, new float[]{1, 2, 3}, new float[]{1});
        e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(net, SQUARED, TrainingOptions.defaults()).fit(oneTarget, null, null));
        assertEquals("the network has 2 outputs; the training data has 1 target per sample", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FeedForwardNetwork.of(List.of(
                new DenseLayer(3, 1, Activation.TANH, true), new DenseLayer(2, 2, Activation.SIGMOID, true)),
                KernelProviders.scalar()));
        assertEquals("layer 2 expects 2 inputs, but layer 1 has 1 output", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FeedForwardNetwork.builder(3).layer(4, Activation.SOFTMAX).layer(2, Activation.SIGMOID).build());
        assertEquals("softmax is allowed on the output layer only; layer 1 of 2 has it", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FeedForwardNetwork.of(List.of(new DenseLayer(3, 4, Activation.TANH, true),
                        new DenseLayer(5, 2, Activation.SIGMOID, true)), KernelProviders.scalar()));
        assertEquals("layer 2 expects 5 inputs, but layer 1 has 4 outputs", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> net.predict(new float[4]));
        assertEquals("the network takes 3 inputs, not 4", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TrainingOptions.defaults().withLearningRate(-1f));
        assertTrue(e.getMessage().startsWith("the learning rate must be a positive number"));
    }

    @Test
    void batchPredictionEqualsOneByOne() {
        FeedForwardNetwork net = network(Activation.SOFTMAX);
        int rows = 300;  // more than one prediction chunk
        float[] x = new float[rows * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i);
        }
        float[] y = new float[rows * 2];
        net.predict(x, rows, y);
        for (int r = 0; r < rows; r++) {
            assertArrayEquals(net.predict(slice(x, r, 3)), slice(y, r, 2), 1e-7f, "row " + r);
        }
    }

    @Test
    void biasesOffMeansNoBiasParameters() {
        FeedForwardNetwork net = FeedForwardNetwork.builder(3).layer(4, Activation.SIGMOID).layer(2, Activation.SIGMOID)
                .biases(false).build();
        assertEquals(3 * 4 + 4 * 2, net.parameterCount());
        FeedForwardNetwork withBias = FeedForwardNetwork.builder(3).layer(4, Activation.SIGMOID).layer(2, Activation.SIGMOID).build();
        assertEquals(3 * 4 + 4 + 4 * 2 + 2, withBias.parameterCount());
    }

    @Test
    void initialisationIsSeededAndScaledToTheFanIn() {
        FeedForwardNetwork a = FeedForwardNetwork.builder(100).layer(50, Activation.RELU).layer(10, Activation.SIGMOID).seed(4).build();
        FeedForwardNetwork b = FeedForwardNetwork.builder(100).layer(50, Activation.RELU).layer(10, Activation.SIGMOID).seed(4).build();
        assertArrayEquals(a.layers().get(0).parameters(), b.layers().get(0).parameters());
        float he = (float) Math.sqrt(6.0 / 100), glorot = (float) Math.sqrt(6.0 / 60);
        float maxRelu = 0, maxSigmoid = 0;
        for (float w : a.layers().get(0).parameters()) {
            maxRelu = Math.max(maxRelu, Math.abs(w));
        }
        float[] p = a.layers().get(1).parameters();
        for (int i = 0; i < 500; i++) {
            maxSigmoid = Math.max(maxSigmoid, Math.abs(p[i]));
        }
        assertTrue(maxRelu <= he && maxRelu > 0.9f * he, "He range " + maxRelu + " vs " + he);
        assertTrue(maxSigmoid <= glorot && maxSigmoid > 0.9f * glorot, "Glorot range " + maxSigmoid + " vs " + glorot);
    }

    /**
     * The buffers follow the batches taken, not the batch size option: batches of 2,000,000 rows of 1,000
     * inputs would be 8 GB, more than the tests' heap, for a data set of four samples.
     */
    @Test
    void aBatchSizeAboveTheDataCostsTheDataNotTheOption() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        float[] x = new float[4 * 1000];
        float[] t = new float[4 * 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        for (int i = 0; i < t.length; i++) {
            t[i] = (float) random.nextDouble();
        }
        Dataset data = Dataset.of(1000, 2, x, t);
        List<List<float[]>> trained = new ArrayList<>();
        for (int batch : new int[]{2_000_000, 4}) {
            FeedForwardNetwork net = FeedForwardNetwork.builder(1000).layer(8, Activation.TANH)
                    .layer(2, Activation.SIGMOID).seed(4).kernels(KernelProviders.scalar()).build();
            new Trainer(net, SQUARED, TrainingOptions.defaults().withBatchSize(batch).withEpochs(3).withSeed(6))
                    .fit(data, null, null);
            trained.add(parameters(net));
        }
        for (int l = 0; l < 2; l++) {
            assertArrayEquals(trained.get(1).get(l), trained.get(0).get(l), "layer " + l);
        }

        // Steps that grow: one row, then three, on one trainer, as a new trainer's three-row step.
        FeedForwardNetwork grown = network(Activation.SIGMOID);
        FeedForwardNetwork fresh = network(Activation.SIGMOID);
        Trainer growing = new Trainer(grown, SQUARED, TrainingOptions.defaults().withBatchSize(1_000_000));
        growing.gradients(X, T, 1);
        growing.step(X, T, 3);
        new Trainer(fresh, SQUARED, TrainingOptions.defaults().withBatchSize(3)).step(X, T, 3);
        for (int l = 0; l < 2; l++) {
            assertArrayEquals(parameters(fresh).get(l), parameters(grown).get(l), "layer " + l);
        }
        assertEquals("a step takes 1 to 3 rows (the batch size), not 4", assertThrows(IllegalArgumentException.class,
                () -> new Trainer(fresh, SQUARED, TrainingOptions.defaults().withBatchSize(3)).step(X, T, 4))
                .getMessage());
    }

    /**
     * One sigmoid unit with weight w, bias 0 and input 1, trained towards 1 from far below: the delta is
     * -y(1 - y) with y = sigmoid(w), e^w for very negative w. At w = -80 it is about -1.8e-35, below the
     * trainer's 2^-100, and no parameter moves (without the flush the bias would become lr x 1.8e-35); at
     * w = -60, 8.8e-27, the bias moves by lr times it.
     */
    @Test
    void deltasBelowTwoToTheMinus100MoveNoParameter() {
        float lr = 0.5f;
        for (float w : new float[] {-80f, -60f}) {
            FeedForwardNetwork net = FeedForwardNetwork.builder(1).layer(1, Activation.SIGMOID).seed(1)
                    .kernels(KernelProviders.scalar()).build();
            net.layers().getFirst().setParameters(new float[] {w, 0f});
            new Trainer(net, SQUARED, TrainingOptions.defaults().withLearningRate(lr)).step(new float[] {1f},
                    new float[] {1f}, 1);
            float[] after = net.layers().getFirst().parameters();
            double y = 1 / (1 + Math.exp(-w));
            double delta = (y - 1) * y * (1 - y);
            if (Math.abs(delta) < Trainer.TINY_DELTA) {
                assertArrayEquals(new float[] {w, 0f}, after, "w = " + w + ", delta " + delta);
            } else {
                assertEquals(-lr * delta, after[1], Math.abs(lr * delta) * 1e-5, "w = " + w);
            }
        }
    }

    /**
     * The flush tests the exponent's bits: the same as |v| &lt; 2^-100, bit for bit, at and around the bound,
     * on zeros and subnormals of either sign, NaN, the infinities and ordinary values.
     */
    @Test
    void theFlushOfTinyDeltasIsTheComparisonWithTwoToTheMinus100() {
        float t = Trainer.TINY_DELTA;
        float[] values = {t, -t, Math.nextDown(t), -Math.nextDown(t), Math.nextUp(t), -Math.nextUp(t), 0f, -0f,
                Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MIN_NORMAL, 0x1p-101f, 0x1p-99f,
                Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MAX_VALUE, -1.5f, 0.25f, 1e-20f,
                -1e-31f, 1e-31f};
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        float[] d = new float[values.length + 10_000];
        System.arraycopy(values, 0, d, 0, values.length);
        for (int i = values.length; i < d.length; i++) {
            d[i] = Float.intBitsToFloat(r.nextInt());
        }
        float[] flushed = d.clone();
        // Offsets: the range given is flushed, nothing outside it.
        Trainer.flushTiny(flushed, 0, d.length - 1);
        for (int i = 0; i < d.length - 1; i++) {
            float expected = Math.abs(d[i]) < t ? 0f : d[i];
            assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(flushed[i]),
                    "the flush of " + d[i] + " (bits " + Integer.toHexString(Float.floatToRawIntBits(d[i])) + ")");
        }
        assertEquals(Float.floatToRawIntBits(d[d.length - 1]), Float.floatToRawIntBits(flushed[d.length - 1]));
    }

    private static List<float[]> parameters(Network net) {
        return net.layers().stream().map(Layer::parameters).toList();
    }

    private static float[] slice(float[] v, int row, int width) {
        return java.util.Arrays.copyOfRange(v, row * width, (row + 1) * width);
    }
}
