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
 * In an epoch of single samples without momentum, a first layer stored by input carries the weight step of
 * each sample into the next sample's forward pass ({@link DenseLayer#stepBiases},
 * {@link DenseLayer#forwardAfterStep}): the network trains bit for bit as when each sample is a
 * {@link Trainer#step} of its own, and a failure part-way through an epoch leaves nothing waiting.
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
        int[] sizes = {30, 40, 3};
        Dataset data = data(30, 3, 20);
        int[] calls = {0};
        Kernels failing = (Kernels) java.lang.reflect.Proxy.newProxyInstance(Kernels.class.getClassLoader(),
                new Class<?>[]{Kernels.class}, (proxy, method, args) -> {
                    if (method.getName().equals("sparseGerGemvT") && ++calls[0] == 3) {
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
        float[] before = parameters(net);
        TrainingOptions options = TrainingOptions.defaults().withBatchSize(1).withLearningRate(0.2f).withEpochs(2);
        Trainer trainer = new Trainer(net, TrainerTest.SQUARED, options);
        // The kernels' own failure, not a complaint about a step left waiting.
        assertThrows(ArithmeticException.class, () -> trainer.epoch(data, null));
        assertArrayEquals(before, parameters(net), "the epoch was undone");
        trainer.epoch(data, null);
        assertTrue(calls[0] > data.size(), "the next epoch carried its steps again: " + calls[0]);
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

    private static FeedForwardNetwork network(int[] sizes, boolean bias) {
        FeedForwardNetwork.Builder b = FeedForwardNetwork.builder(sizes[0]);
        for (int l = 1; l < sizes.length; l++) {
            b.layer(sizes[l], Activation.SIGMOID);
        }
        return b.biases(bias).seed(3).kernels(SCALAR).build();
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
