package dev.vecprop.benchmarks;

import dev.vecprop.core.KernelProviders;
import dev.vecprop.core.ParallelKernels;
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

import java.util.concurrent.TimeUnit;

/**
 * The SIMD kernels on 1 and more threads ({@link KernelProviders#parallel}): gemm 512 x 512 x 512 in the NN
 * and NT forms, and one batch-128 training step ({@link Step}: the 784-128-10 sigmoid/softmax network of
 * {@link TrainingStepBench}, softmax cross-entropy, plain SGD). The threads are made in the trial's setup,
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

    private Step step;

    private static final int N = 512;
    private static final int BATCH = 128;

    @Setup(Level.Trial)
    public void setup() {
        kernels = KernelProviders.parallel(Impl.kernels(impl), threads);
        a = Impl.random(1, N * N);
        b = Impl.random(2, N * N);
        c = new float[N * N];
        step = new Step(kernels, BATCH);
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
        return step.run();
    }
}
