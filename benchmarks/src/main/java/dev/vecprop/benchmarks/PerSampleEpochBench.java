package dev.vecprop.benchmarks;

import dev.vecprop.core.Dataset;
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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Per-sample gradient descent over the {@value TrainingStepBench#SAMPLES} samples of
 * {@link TrainingStepBench}'s pools ({@code input}), time per sample, on the 784-128-10 sigmoid/softmax network
 * with biases, plain SGD, no shuffling: {@code epoch} is one {@link Trainer#epoch}, which carries each sample's
 * weight step of the first layer (stored by input) into the next sample's forward pass, one pass over its rows
 * ({@code Kernels.sparseGerGemvT}); {@code steps} is one {@link Trainer#step} per sample, which updates and
 * then reads the first layer in two passes (and checks each sample's target, which an epoch does once per
 * data set). With {@code momentum} (default 0, plain SGD), {@code steps} steps every row of the first layer's
 * weights and velocities per sample, and {@code epoch} only the rows of nonzero inputs, the others caught up
 * when a sample needs them ({@code Kernels.sparseMomentumGerGemvT}) and at the epoch's end.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Thread)
public class PerSampleEpochBench {

    private static final int IN = 784;
    private static final int OUT = 10;
    private static final int SAMPLES = TrainingStepBench.SAMPLES;

    @Param({"scalar", "simd"})
    public String impl;

    @Param({"synthetic", "fashion"})
    public String input;

    @Param({"0"})
    public float momentum;

    private Dataset data;
    private Trainer byEpoch;
    private Trainer bySteps;
    private float[] poolX;
    private float[] poolT;
    private final float[] x = new float[IN];
    private final float[] t = new float[OUT];

    @Setup
    public void setup() throws IOException {
        poolX = new float[SAMPLES * IN];
        poolT = new float[SAMPLES * OUT];
        TrainingStepBench.pool(input, poolX, poolT);
        data = Dataset.of(IN, OUT, poolX, poolT);
        TrainingOptions options = TrainingOptions.defaults().withBatchSize(1).withLearningRate(0.01f)
                .withMomentum(momentum).withShuffle(false).withEpochs(Integer.MAX_VALUE);
        byEpoch = new Trainer(network(), LossRegistry.system().get("softmax-cross-entropy"), options);
        bySteps = new Trainer(network(), LossRegistry.system().get("softmax-cross-entropy"), options);
    }

    private FeedForwardNetwork network() {
        return FeedForwardNetwork.builder(IN).layer(128, Activation.SIGMOID).layer(OUT, Activation.SOFTMAX)
                .seed(7).kernels(Impl.kernels(impl)).build();
    }

    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public double epoch() {
        return byEpoch.epoch(data, null).train().loss();
    }

    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public double steps() {
        double loss = 0;
        for (int s = 0; s < SAMPLES; s++) {
            // A step reads its arrays from index 0: each sample is copied out first, as an epoch copies it.
            System.arraycopy(poolX, s * IN, x, 0, IN);
            System.arraycopy(poolT, s * OUT, t, 0, OUT);
            loss += bySteps.step(x, t, 1);
        }
        return loss;
    }
}
