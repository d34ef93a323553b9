package dev.vecprop.core;

import dev.vecprop.spi.Activation;
import dev.vecprop.spi.Kernels;
import dev.vecprop.spi.LossFunction;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In an epoch of single samples, a first layer stored by input carries the weight step of each sample into
 * the next sample's forward pass ({@link DenseLayer#stepBiases}, {@link DenseLayer#forwardAfterStep}): without
 * momentum the network trains bit for bit as when each sample is a {@link Trainer#step} of its own, with
 * momentum (rows of zero inputs stepped late) to rounding; a failure part-way through an epoch leaves nothing
 * waiting or behind.
 */
class CarriedStepTest {

    private static final Kernels SCALAR = KernelProviders.scalar();

    @Test
    void anEpochOfSingleSamplesTrainsAsStepsOneByOne() {
        for (boolean bias : new boolean[]{true, false}) {
            // Two layers (the first stored by input, 40 units), and one layer that is both first and output.
            compare(new int[]{30, 40, 3}, bias);
            compare(new int[]{30, 40}, bias);
        }
    }

    private static void compare(int[] sizes, boolean bias) {
        String what = java.util.Arrays.toString(sizes) + (bias ? "" : ", no biases");
        Dataset data = data(sizes[0], sizes[sizes.length - 1], 50);
        TrainingOptions options = TrainingOptions.defaults().withBatchSize(1).withLearningRate(0.2f)
                .withShuffle(false).withEpochs(2);
        FeedForwardNetwork byEpochs = network(sizes, bias);
        assertTrue(((DenseLayer) byEpochs.layers().getFirst()).layout() == DenseLayer.Layout.BY_INPUT, what);
        Trainer trainer = new Trainer(byEpochs, TrainerTest.SQUARED, options);
        trainer.epoch(data, null);
        trainer.epoch(data, data);

        FeedForwardNetwork bySteps = network(sizes, bias);
        Trainer stepper = new Trainer(bySteps, TrainerTest.SQUARED, options);
        for (int epoch = 0; epoch < 2; epoch++) {
            for (int i = 0; i < data.size(); i++) {
                stepper.step(data.features(i), data.targets(i), 1);
            }
        }
        float[] before = parameters(network(sizes, bias));
        float[] stepped = parameters(bySteps);
        assertArrayEquals(stepped, parameters(byEpochs), what);
        assertFalse(java.util.Arrays.equals(before, stepped), what + ": trained");
    }

    /**
     * With momentum the rows of zero inputs are stepped late, n steps of a zero gradient in one
     * (w - eta (mu + ... + mu^n) v, then mu^n v): the weights and velocities are those of a step per sample up
     * to the rounding of those sums, far closer than one step moves them.
     */
    @Test
    void withMomentumAnEpochOfSingleSamplesTrainsAsStepsOneByOneToRounding() {
        for (boolean bias : new boolean[]{true, false}) {
            compareWithMomentum(new int[]{30, 40, 3}, bias);
            compareWithMomentum(new int[]{30, 40}, bias);
        }
    }

    private static void compareWithMomentum(int[] sizes, boolean bias) {
        String what = java.util.Arrays.toString(sizes) + (bias ? "" : ", no biases") + ", momentum 0.9";
        // 500 samples: the rows are all brought up every fifth, so rows lag for up to five steps between.
        Dataset data = data(sizes[0], sizes[sizes.length - 1], 500);
        TrainingOptions options = TrainingOptions.defaults().withBatchSize(1).withLearningRate(0.05f)
                .withMomentum(0.9f).withShuffle(false).withEpochs(3);
        int[] fused = {0};
        FeedForwardNetwork byEpochs = network(sizes, bias, counting("sparseMomentumGerGemvT", fused));
        Trainer trainer = new Trainer(byEpochs, TrainerTest.SQUARED, options);
        trainer.epoch(data, null);
        trainer.epoch(data, data);
        assertTrue(fused[0] >= data.size(), what + ": the fused step ran " + fused[0] + " times");
        FeedForwardNetwork bySteps = network(sizes, bias);
        Trainer stepper = new Trainer(bySteps, TrainerTest.SQUARED, options);
        for (int epoch = 0; epoch < 2; epoch++) {
            for (int i = 0; i < data.size(); i++) {
                stepper.step(data.features(i), data.targets(i), 1);
            }
        }
        float[] stepped = parameters(bySteps);
        float[] carried = parameters(byEpochs);
        float[] before = parameters(network(sizes, bias));
        float[] lastStep = parameters(bySteps);
        float[] steppedVelocities = bySteps.layers().getFirst().optimizerState();
        stepper.step(data.features(0), data.targets(0), 1);
        float[] oneMore = parameters(bySteps);
        double moved = 0;
        double apart = 0;
        for (int i = 0; i < stepped.length; i++) {
            moved = Math.max(moved, Math.abs(oneMore[i] - lastStep[i]));
            double tolerance = 1e-6 * Math.max(1, Math.abs(stepped[i]));
            apart = Math.max(apart, Math.abs(carried[i] - stepped[i]));
            assertTrue(Math.abs(carried[i] - stepped[i]) <= tolerance,
                    what + ": parameter " + i + " " + carried[i] + " against " + stepped[i]);
        }
        assertTrue(apart < moved / 100, what + ": " + apart + " apart, a step moves " + moved);
        float[] velocities = byEpochs.layers().getFirst().optimizerState();
        for (int i = 0; i < velocities.length; i++) {
            assertTrue(Math.abs(velocities[i] - steppedVelocities[i]) <= 1e-6 * Math.max(1, Math.abs(steppedVelocities[i])),
                    what + ": velocity " + i + " " + velocities[i] + " against " + steppedVelocities[i]);
        }
        assertFalse(java.util.Arrays.equals(before, stepped), what + ": trained");
    }

    @Test
    void aFailureInAnEpochOfSingleSamplesPutsTheNetworkBackAndLeavesNoStepWaiting() {
        int[] sizes = {30, 40, 3};
        Dataset data = data(30, 3, 20);
        FeedForwardNetwork net = network(sizes, true);
        float[] before = parameters(net);
        TrainingOptions options = TrainingOptions.defaults().withBatchSize(1).withLearningRate(0.2f).withEpochs(2);
        // The seventh gradient fails: six samples have stepped, the sixth's weight step waiting.
        Trainer failing = new Trainer(net, failingAt(7), options);
        assertThrows(LossPluginException.class, () -> failing.epoch(data, null));
        assertArrayEquals(before, parameters(net), "the epoch was undone");
        // Nothing waits: another trainer trains the same network as a fresh one trains its twin.
        new Trainer(net, TrainerTest.SQUARED, options).epoch(data, null);
        FeedForwardNetwork twin = network(sizes, true);
        new Trainer(twin, TrainerTest.SQUARED, options).epoch(data, null);
        assertArrayEquals(parameters(twin), parameters(net));
    }

    @Test
    void kernelsFailingInsideTheCarriedStepPutTheNetworkBack() {
        kernelsFailingInside("sparseGerGemvT", 0f, 20);
    }

    /** 300 samples: rows are brought up every third, so the fused step runs between. */
    @Test
    void withMomentumKernelsFailingInsideTheCarriedStepPutTheNetworkAndItsVelocitiesBack() {
        kernelsFailingInside("sparseMomentumGerGemvT", 0.9f, 300);
    }

    private static void kernelsFailingInside(String kernel, float momentum, int samples) {
        Dataset data = data(30, 3, samples);
        int[] calls = {0};
        Kernels failing = (Kernels) java.lang.reflect.Proxy.newProxyInstance(Kernels.class.getClassLoader(),
                new Class<?>[]{Kernels.class}, (proxy, method, args) -> {
                    if (method.getName().equals(kernel) && ++calls[0] == 3) {
                        throw new ArithmeticException("the third carried step");
                    }
                    try {
                        return method.invoke(SCALAR, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        FeedForwardNetwork net = FeedForwardNetwork.builder(30).layer(40, Activation.SIGMOID)
                .layer(3, Activation.SIGMOID).seed(3).kernels(failing).build();
        TrainingOptions options = TrainingOptions.defaults().withBatchSize(1).withLearningRate(0.2f)
                .withMomentum(momentum).withEpochs(3);
        Trainer trainer = new Trainer(net, TrainerTest.SQUARED, options);
        // A first epoch whose steps do not fail, for velocities to put back.
        calls[0] = Integer.MIN_VALUE;
        trainer.epoch(data, null);
        calls[0] = 0;
        float[] before = parameters(net);
        float[] velocities = net.layers().getFirst().optimizerState();
        // The kernels' own failure, not a complaint about a step left waiting or rows left behind.
        assertThrows(ArithmeticException.class, () -> trainer.epoch(data, null));
        assertArrayEquals(before, parameters(net), "the epoch was undone");
        assertArrayEquals(velocities, net.layers().getFirst().optimizerState(), "the velocities too");
        trainer.epoch(data, null);
        assertTrue(calls[0] > data.size() / 2, "the next epoch carried its steps again: " + calls[0]);
    }

    @Test
    void aStepInHalvesIsRefusedOutOfOrder() {
        DenseLayer byInput = new DenseLayer(8, 4, Activation.SIGMOID, true, DenseLayer.Layout.BY_INPUT)
                .initialise(new SplittableRandom(1));
        float[] x = {1, 0, 2, 0, 3, 0, 4, 0};
        float[] delta = {0.1f, -0.2f, 0.3f, -0.4f};
        assertThrows(IllegalStateException.class, () -> byInput.stepBiases(SCALAR, 0.1f), "no backward pass");
        assertThrows(IllegalStateException.class, () -> byInput.stepWeights(SCALAR), "nothing waits");
        byInput.backward(SCALAR, x, delta, 1, null);
        byInput.stepBiases(SCALAR, 0.1f);
        assertThrows(IllegalStateException.class, byInput::parameters, "a weight step waits");
        assertThrows(IllegalStateException.class, () -> byInput.backward(SCALAR, x, delta, 1, null));
        assertThrows(IllegalStateException.class, () -> byInput.update(SCALAR, 0.1f, 0f));
        byInput.stepWeights(SCALAR);
        byInput.parameters();

        DenseLayer byUnit = new DenseLayer(8, 4, Activation.SIGMOID, true).initialise(new SplittableRandom(1));
        byUnit.backward(SCALAR, x, delta, 1, null);
        assertThrows(IllegalStateException.class, () -> byUnit.stepBiases(SCALAR, 0.1f), "stored by unit");
    }

    /**
     * With momentum the rows a step leaves behind are refused to every reader of the weights or velocities until
     * {@link DenseLayer#catchUp}, after which the layer holds the plain step's values.
     */
    @Test
    void withMomentumRowsLeftBehindAreRefusedUntilCaughtUp() {
        float[] x = {1, 0, 2, 0, 3, 0, 4, 0};
        float[] next = {0, 5, 2, 0, 0, 0, 0, 0};
        float[] delta = {0.1f, -0.2f, 0.3f, -0.4f};
        DenseLayer lazy = new DenseLayer(8, 4, Activation.SIGMOID, true, DenseLayer.Layout.BY_INPUT)
                .initialise(new SplittableRandom(1));
        DenseLayer plain = new DenseLayer(8, 4, Activation.SIGMOID, true, DenseLayer.Layout.BY_INPUT)
                .initialise(new SplittableRandom(1));
        plain.backward(SCALAR, x, delta, 1, null);
        plain.update(SCALAR, 0.1f, 0.9f);
        lazy.backward(SCALAR, x, delta, 1, null);
        lazy.stepBiases(SCALAR, 0.1f, 0.9f);
        float[] a = new float[4];
        float[] y = new float[4];
        lazy.forwardAfterStep(SCALAR, next, a, y);
        float[] want = new float[4];
        plain.forward(SCALAR, next, 1, want, new float[4]);
        for (int j = 0; j < 4; j++) {
            assertTrue(Math.abs(a[j] - want[j]) <= 1e-6, "sum " + j + ": " + a[j] + " against " + want[j]);
        }
        assertTrue(lazy.rowsBehind(), "rows 4 to 7 missed the step");
        assertThrows(IllegalStateException.class, lazy::parameters);
        assertThrows(IllegalStateException.class, lazy::optimizerState);
        assertThrows(IllegalStateException.class, () -> lazy.forward(SCALAR, next, 1, a, y));
        // The batch forward pass that Network.predict and the evaluation take, and a single weight.
        assertThrows(IllegalStateException.class, () -> lazy.forwardRows(SCALAR, next, 0, 1, false, a, y));
        assertThrows(IllegalStateException.class, () -> lazy.weight(0, 4));
        assertThrows(IllegalStateException.class, () -> lazy.setParameters(plain.parameters()));
        assertThrows(IllegalStateException.class, lazy::resetMomentum);
        // The first layer's backward pass reads no weights; an input gradient would.
        assertThrows(IllegalStateException.class, () -> lazy.backward(SCALAR, next, delta, 1, new float[8]));
        lazy.backward(SCALAR, next, delta, 1, null);
        assertThrows(IllegalStateException.class, () -> lazy.stepBiases(SCALAR, 0.1f, 0f), "a plain step");
        assertThrows(IllegalStateException.class, () -> lazy.stepBiases(SCALAR, 0.2f, 0.9f), "another rate");
        lazy.catchUp(SCALAR);
        assertFalse(lazy.rowsBehind());
        float[] got = lazy.parameters();
        float[] wanted = plain.parameters();
        float[] v = lazy.optimizerState();
        float[] wantedV = plain.optimizerState();
        for (int i = 0; i < got.length; i++) {
            assertTrue(Math.abs(got[i] - wanted[i]) <= 1e-6, "parameter " + i + ": " + got[i] + " against " + wanted[i]);
            assertTrue(Math.abs(v[i] - wantedV[i]) <= 1e-6, "velocity " + i + ": " + v[i] + " against " + wantedV[i]);
        }
    }

    /** The catch-ups come at the same samples with a progress listener or without: the same bits either way. */
    @Test
    void withMomentumAProgressListenerChangesNoBit() {
        int[] sizes = {30, 40, 3};
        Dataset data = data(30, 3, 500);
        TrainingOptions options = TrainingOptions.defaults().withBatchSize(1).withLearningRate(0.05f)
                .withMomentum(0.9f).withEpochs(2);
        FeedForwardNetwork quiet = network(sizes, true);
        Trainer plain = new Trainer(quiet, TrainerTest.SQUARED, options);
        plain.epoch(data, null);
        plain.epoch(data, null);
        FeedForwardNetwork told = network(sizes, true);
        int[] calls = {0};
        Trainer listened = new Trainer(told, TrainerTest.SQUARED, options)
                .onProgress((epoch, done, total) -> calls[0]++);
        listened.epoch(data, null);
        listened.epoch(data, null);
        assertTrue(calls[0] >= 200, "told every hundredth: " + calls[0]);
        assertArrayEquals(parameters(quiet), parameters(told));
        assertArrayEquals(quiet.layers().getFirst().optimizerState(), told.layers().getFirst().optimizerState());
    }

    @Test
    void withMomentumAFailureInAnEpochPutsTheNetworkAndItsVelocitiesBack() {
        int[] sizes = {30, 40, 3};
        Dataset data = data(30, 3, 20);
        FeedForwardNetwork net = network(sizes, true);
        TrainingOptions options = TrainingOptions.defaults().withBatchSize(1).withLearningRate(0.1f)
                .withMomentum(0.9f).withEpochs(3);
        new Trainer(net, TrainerTest.SQUARED, options).epoch(data, null);
        float[] before = parameters(net);
        float[] velocities = net.layers().getFirst().optimizerState();
        Trainer failing = new Trainer(net, failingAt(7), options);
        failing.resume(1);
        assertThrows(LossPluginException.class, () -> failing.epoch(data, null));
        assertArrayEquals(before, parameters(net), "the epoch was undone");
        assertArrayEquals(velocities, net.layers().getFirst().optimizerState(), "the velocities too");
        // Nothing is behind: the network trains on as its twin does.
        Trainer on = new Trainer(net, TrainerTest.SQUARED, options);
        on.resume(1);
        on.epoch(data, null);
        FeedForwardNetwork twin = network(sizes, true);
        Trainer twins = new Trainer(twin, TrainerTest.SQUARED, options);
        twins.epoch(data, null);
        twins.epoch(data, null);
        assertArrayEquals(parameters(twin), parameters(net));
    }

    private static FeedForwardNetwork network(int[] sizes, boolean bias) {
        return network(sizes, bias, SCALAR);
    }

    private static FeedForwardNetwork network(int[] sizes, boolean bias, Kernels kernels) {
        FeedForwardNetwork.Builder b = FeedForwardNetwork.builder(sizes[0]);
        for (int l = 1; l < sizes.length; l++) {
            b.layer(sizes[l], Activation.SIGMOID);
        }
        return b.biases(bias).seed(3).kernels(kernels).build();
    }

    /** The scalar kernels, counting the calls of {@code method} in {@code calls[0]}. */
    private static Kernels counting(String method, int[] calls) {
        return (Kernels) java.lang.reflect.Proxy.newProxyInstance(Kernels.class.getClassLoader(),
                new Class<?>[]{Kernels.class}, (proxy, m, args) -> {
                    if (m.getName().equals(method)) {
                        calls[0]++;
                    }
                    try {
                        return m.invoke(SCALAR, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Inputs about half zero, as pixels are, with one-hot targets. */
    private static Dataset data(int features, int outputs, int n) {
        SplittableRandom r = new SplittableRandom(5);
        float[] x = new float[n * features];
        float[] t = new float[n * outputs];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextBoolean() ? 0f : (float) r.nextDouble();
        }
        for (int s = 0; s < n; s++) {
            t[s * outputs + r.nextInt(outputs)] = 1f;
        }
        return Dataset.of(features, outputs, x, t);
    }

    private static float[] parameters(FeedForwardNetwork net) {
        float[] all = new float[0];
        for (Layer l : net.layers()) {
            float[] p = l.parameters();
            int at = all.length;
            all = java.util.Arrays.copyOf(all, at + p.length);
            System.arraycopy(p, 0, all, at, p.length);
        }
        return all;
    }

    /** Squared error whose {@code n}-th gradient throws. */
    private static LossFunction failingAt(int n) {
        return new LossFunction() {
            private int calls;

            @Override
            public String name() {
                return "failing";
            }

            @Override
            public double value(double[] y, double[] t) {
                return TrainerTest.SQUARED.value(y, t);
            }

            @Override
            public void gradient(double[] y, double[] t, double[] grad) {
                if (++calls == n) {
                    throw new IllegalStateException("gradient " + n);
                }
                TrainerTest.SQUARED.gradient(y, t, grad);
            }
        };
    }
}
