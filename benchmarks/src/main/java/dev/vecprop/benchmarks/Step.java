package dev.vecprop.benchmarks;

import dev.vecprop.core.FeedForwardNetwork;
import dev.vecprop.core.LossRegistry;
import dev.vecprop.core.Trainer;
import dev.vecprop.core.TrainingOptions;
import dev.vecprop.spi.Activation;
import dev.vecprop.spi.Kernels;

import java.util.SplittableRandom;

/**
 * One training step of a 784-128-10 sigmoid/softmax network (softmax cross-entropy, plain SGD, learning
 * rate 0.01) on one fixed batch: MNIST-like rows, each pixel 0 with probability one half, else uniform in
 * (0, 1), with one-hot targets. The same network, seed and data for {@link ThreadsBench} and
 * {@link PairedBench}.
 */
final class Step {

    private final Trainer trainer;
    private final float[] x;
    private final float[] t;
    private final int batch;

    Step(Kernels kernels, int batch) {
        FeedForwardNetwork net = FeedForwardNetwork.builder(784)
                .layer(128, Activation.SIGMOID)
                .layer(10, Activation.SOFTMAX)
                .seed(7)
                .kernels(kernels)
                .build();
        this.trainer = new Trainer(net, LossRegistry.system().get("softmax-cross-entropy"),
                TrainingOptions.defaults().withBatchSize(batch).withLearningRate(0.01f));
        this.batch = batch;
        SplittableRandom r = new SplittableRandom(3);
        x = new float[batch * 784];
        t = new float[batch * 10];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextBoolean() ? 0f : (float) r.nextDouble();
        }
        for (int s = 0; s < batch; s++) {
            t[s * 10 + r.nextInt(10)] = 1f;
        }
    }

    /** The step; returns the batch's mean loss before it. */
    double run() {
        return trainer.step(x, t, batch);
    }
}
