package dev.vecprop.benchmarks;

import dev.vecprop.core.KernelProviders;
import dev.vecprop.spi.Kernels;
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

import java.util.concurrent.TimeUnit;

/** Sigmoid and tanh over 4,096 floats in [-10, 10]; the scalar kernel is the plain 1 / (1 + exp(-x)) loop. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Thread)
public class ActivationBench {

    @Param({"scalar", "simd"})
    public String impl;

    @Param({"4096"})
    public int n;

    private Kernels k;
    private float[] x;
    private float[] y;

    @Setup
    public void setup() {
        k = Impl.kernels(impl);
        x = Impl.random(1, n);
        for (int i = 0; i < n; i++) {
            x[i] *= 10;
        }
        y = new float[n];
        float[] want = new float[n];
        KernelProviders.scalar().sigmoid(n, x, 0, want, 0);
        Impl.check(impl + " sigmoid", want, sigmoid(), n);
    }

    @Benchmark
    public float[] sigmoid() {
        k.sigmoid(n, x, 0, y, 0);
        return y;
    }

    @Benchmark
    public float[] tanh() {
        k.tanh(n, x, 0, y, 0);
        return y;
    }
}
