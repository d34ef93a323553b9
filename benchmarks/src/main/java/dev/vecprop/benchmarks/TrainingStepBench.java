package dev.vecprop.benchmarks;

import dev.vecprop.core.FeedForwardNetwork;
import dev.vecprop.core.LossRegistry;
import dev.vecprop.core.Trainer;
import dev.vecprop.core.TrainingOptions;
import dev.vecprop.spi.Activation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One training step (forward, softmax cross-entropy delta, backward, update) of a 784-128-10
 * sigmoid/softmax network with biases, plain SGD, on one sample or a batch of 128. Inputs look like
 * MNIST: about half the pixels 0, the rest in (0, 1).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Thread)
public class TrainingStepBench {

    @Param({"scalar", "simd"})
    public String impl;

    @Param({"1", "128"})
    public int batch;

    private Trainer trainer;
    private float[] x;
    private float[] t;

    @Setup
    public void setup() {
        FeedForwardNetwork net = FeedForwardNetwork.builder(784)
                .layer(128, Activation.SIGMOID)
                .layer(10, Activation.SOFTMAX)
                .seed(7)
                .kernels(Impl.kernels(impl))
                .build();
        trainer = new Trainer(net, LossRegistry.system().get("softmax-cross-entropy"),
                TrainingOptions.defaults().withBatchSize(batch).withLearningRate(0.01f));
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

    @Benchmark
    public double step() {
        return trainer.step(x, t, batch);
    }
}
