package dev.vecprop.benchmarks;

import dev.vecprop.core.FeedForwardNetwork;
import dev.vecprop.core.KernelProviders;
import dev.vecprop.core.LossRegistry;
import dev.vecprop.core.ParallelKernels;
import dev.vecprop.core.Trainer;
import dev.vecprop.core.TrainingOptions;
import dev.vecprop.spi.Activation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The SIMD kernels on 1 and more threads ({@link KernelProviders#parallel}): gemm 512 x 512 x 512 in the NN
 * and NT forms, and one batch-128 training step of the 784-128-10 sigmoid/softmax network of
 * {@link TrainingStepBench} (softmax cross-entropy, plain SGD). The threads are made in the trial's setup,
 * never in the measured call; with 1 thread every call goes straight to the SIMD kernels, so that row is the
 * baseline of the speed-up.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Thread)
public class ThreadsBench {

    /** Always simd; a parameter so that benchmarks/report.py, which keys its rows by impl, reads this too. */
    @Param({"simd"})
    public String impl;

    @Param({"1", "2"})
    public int threads;

    private ParallelKernels kernels;

    private float[] a;
    private float[] b;
    private float[] c;

    private Trainer trainer;
    private float[] x;
    private float[] t;

    private static final int N = 512;
    private static final int BATCH = 128;

    @Setup(Level.Trial)
    public void setup() {
        kernels = KernelProviders.parallel(Impl.kernels(impl), threads);
        a = Impl.random(1, N * N);
        b = Impl.random(2, N * N);
        c = new float[N * N];

        FeedForwardNetwork net = FeedForwardNetwork.builder(784)
                .layer(128, Activation.SIGMOID)
                .layer(10, Activation.SOFTMAX)
                .seed(7)
                .kernels(kernels)
                .build();
        trainer = new Trainer(net, LossRegistry.system().get("softmax-cross-entropy"),
                TrainingOptions.defaults().withBatchSize(BATCH).withLearningRate(0.01f));
        SplittableRandom r = new SplittableRandom(3);
        x = new float[BATCH * 784];
        t = new float[BATCH * 10];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextBoolean() ? 0f : (float) r.nextDouble();
        }
        for (int s = 0; s < BATCH; s++) {
            t[s * 10 + r.nextInt(10)] = 1f;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        kernels.close();
    }

    @Benchmark
    public float[] gemm512NN() {
        kernels.gemm(false, false, N, N, N, 1f, a, 0, N, b, 0, N, 0f, c, 0, N);
        return c;
    }

    @Benchmark
    public float[] gemm512NT() {
        kernels.gemm(false, true, N, N, N, 1f, a, 0, N, b, 0, N, 0f, c, 0, N);
        return c;
    }

    @Benchmark
    public double trainingStepBatch128() {
        return trainer.step(x, t, BATCH);
    }
}
