package dev.vecprop.simd;

import dev.vecprop.core.Dataset;
import dev.vecprop.core.FeedForwardNetwork;
import dev.vecprop.core.LossRegistry;
import dev.vecprop.core.Trainer;
import dev.vecprop.core.TrainingOptions;
import dev.vecprop.spi.Activation;
import dev.vecprop.spi.Kernels;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On the SIMD kernels, whose sparseGerGemvT updates and sums in one pass at 16 lanes, an epoch of single
 * samples (each weight step of the first layer carried into the next sample's forward pass) trains the
 * 784-128-10 network bit for bit as a {@link Trainer#step} per sample does; with momentum, to rounding.
 */
class CarriedStepSimdTest {

    @Test
    void anEpochOfSingleSamplesTrainsAsStepsOneByOne() {
        Kernels simd = new SimdKernels();
        assertNull(simd.unavailableReason(), "the SIMD kernels must run in this test JVM");
        Dataset data = data(60);
        int n = data.size();
        TrainingOptions options = TrainingOptions.defaults().withBatchSize(1).withLearningRate(0.1f)
                .withShuffle(false).withEpochs(2);
        FeedForwardNetwork byEpochs = network(simd);
        Trainer trainer = new Trainer(byEpochs, LossRegistry.system().get("softmax-cross-entropy"), options);
        trainer.epoch(data, null);
        trainer.epoch(data, null);
        FeedForwardNetwork bySteps = network(simd);
        Trainer stepper = new Trainer(bySteps, LossRegistry.system().get("softmax-cross-entropy"), options);
        for (int epoch = 0; epoch < 2; epoch++) {
            for (int i = 0; i < n; i++) {
                stepper.step(data.features(i), data.targets(i), 1);
            }
        }
        float[] stepped = ThreadsInvarianceTest.parameters(bySteps);
        ThreadsInvarianceTest.assertBitwise(stepped, ThreadsInvarianceTest.parameters(byEpochs),
                "weights after two epochs");
        assertFalse(Arrays.equals(ThreadsInvarianceTest.parameters(network(simd)), stepped), "trained");
    }

    /**
     * With momentum, where the rows of zero inputs are stepped late, several steps in one
     * ({@code sparseMomentumGerGemvT} fuses the step, the catch-up and the sums): the weights and velocities
     * of a step per sample, to float rounding of their size.
     */
    @Test
    void withMomentumAnEpochOfSingleSamplesTrainsAsStepsOneByOneToRounding() {
        Kernels simd = new SimdKernels();
        assertNull(simd.unavailableReason(), "the SIMD kernels must run in this test JVM");
        // 600 samples: the rows are all brought up every sixth, so rows lag for up to six steps between.
        Dataset data = data(600);
        TrainingOptions options = TrainingOptions.defaults().withBatchSize(1).withLearningRate(0.02f)
                .withMomentum(0.9f).withShuffle(false).withEpochs(2);
        FeedForwardNetwork byEpochs = network(simd);
        Trainer trainer = new Trainer(byEpochs, LossRegistry.system().get("softmax-cross-entropy"), options);
        trainer.epoch(data, null);
        trainer.epoch(data, null);
        FeedForwardNetwork bySteps = network(simd);
        Trainer stepper = new Trainer(bySteps, LossRegistry.system().get("softmax-cross-entropy"), options);
        for (int epoch = 0; epoch < 2; epoch++) {
            for (int i = 0; i < data.size(); i++) {
                stepper.step(data.features(i), data.targets(i), 1);
            }
        }
        float[] stepped = ThreadsInvarianceTest.parameters(bySteps);
        float[] carried = ThreadsInvarianceTest.parameters(byEpochs);
        float[] v = byEpochs.layers().getFirst().optimizerState();
        float[] steppedV = bySteps.layers().getFirst().optimizerState();
        for (int i = 0; i < stepped.length; i++) {
            assertTrue(Math.abs(carried[i] - stepped[i]) <= 1e-6 * Math.max(1, Math.abs(stepped[i])),
                    "parameter " + i + ": " + carried[i] + " against " + stepped[i]);
        }
        for (int i = 0; i < v.length; i++) {
            assertTrue(Math.abs(v[i] - steppedV[i]) <= 1e-6 * Math.max(1, Math.abs(steppedV[i])),
                    "velocity " + i + ": " + v[i] + " against " + steppedV[i]);
        }
        assertFalse(Arrays.equals(ThreadsInvarianceTest.parameters(network(simd)), stepped), "trained");
    }

    /** {@code n} samples of 784 inputs, about half zero, with one of 10 classes each. */
    private static Dataset data(int n) {
        SplittableRandom r = new SplittableRandom(3);
        float[] x = new float[n * 784];
        float[] t = new float[n * 10];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextBoolean() ? 0f : (float) r.nextDouble();
        }
        for (int s = 0; s < n; s++) {
            t[s * 10 + r.nextInt(10)] = 1f;
        }
        return Dataset.of(784, 10, x, t);
    }

    private static FeedForwardNetwork network(Kernels k) {
        return FeedForwardNetwork.builder(784).layer(128, Activation.SIGMOID).layer(10, Activation.SOFTMAX)
                .seed(7).kernels(k).build();
    }
}
