package dev.vecprop.benchmarks;

import dev.ludovic.netlib.blas.BLAS;
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

/**
 * Matrix-vector products and the rank-1 update at the shapes of a 784-128-10 network's first layer:
 * W is 128 x 784 (forward: gemv; backward: gemvT; update: ger). "784x128" is the transposed storage.
 * Row-major A is column-major A^T to netlib, so gemv maps to sgemv("T"), gemvT to sgemv("N"), and
 * ger(x, y) to sger(y, x).
 *
 * <p>Each call starts A at the next of 16 offsets (0 to 15 floats) into a padded array, so every figure is
 * the mean over every placement of A's rows against 64-byte cache lines. With 512-bit vectors the one
 * placement in 16 where the rows start on a line runs the level-2 loops up to 1.6 times as fast, and the
 * JVM puts an array's data where its allocator and collector leave it: at a fixed offset each
 * implementation's figure depended on where its own copy of A had landed (docs/benchmarks.md).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 5, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Thread)
public class Level2Bench {

    @Param({"scalar", "simd", "vectorblas"})
    public String impl;

    /** m x n of the row-major matrix A. */
    @Param({"128x784", "784x128"})
    public String shape;

    private int m;
    private int n;
    private Kernels k;
    private BLAS blas;
    private float[] a;
    private float[] xn;
    private float[] xm;
    private float[] ym;
    private float[] yn;
    /** The placements of A that the calls cycle through: one per float of a 64-byte line. */
    private static final int OFFSETS = 16;
    private int offset;

    @Setup
    public void setup() {
        String[] s = shape.split("x");
        m = Integer.parseInt(s[0]);
        n = Integer.parseInt(s[1]);
        a = Impl.random(1, m * n + OFFSETS - 1);
        xn = Impl.random(2, n);
        xm = Impl.random(3, m);
        ym = new float[m];
        yn = new float[n];
        if (impl.equals("vectorblas")) {
            blas = Impl.vectorBlas();
        } else {
            k = Impl.kernels(impl);
        }
        Kernels scalar = KernelProviders.scalar();
        float[] want = new float[m];
        scalar.gemv(m, n, 1f, a, 0, n, xn, 0, 0f, want, 0);
        Impl.check(impl + " gemv", want, gemvAt(0), m);
        want = new float[n];
        scalar.gemvT(m, n, 1f, a, 0, n, xm, 0, 0f, want, 0);
        Impl.check(impl + " gemvT", want, gemvTAt(0), n);
        float[] a0 = a.clone();
        scalar.ger(m, n, 1f, xm, 0, xn, 0, a0, 0, n);
        float[] a1 = a.clone();
        float[] saved = a;
        a = a1;
        gerWith(1f, 0);
        a = saved;
        Impl.check(impl + " ger", a0, a1, m * n);
    }

    /** The offset of A for the next call: 0, 1, ..., 15, 0, ... */
    private int nextOffset() {
        int o = offset;
        offset = (o + 1) & (OFFSETS - 1);
        return o;
    }

    @Benchmark
    public float[] gemv() {
        return gemvAt(nextOffset());
    }

    private float[] gemvAt(int off) {
        if (blas != null) {
            blas.sgemv("T", n, m, 1f, a, off, n, xn, 0, 1, 0f, ym, 0, 1);
        } else {
            k.gemv(m, n, 1f, a, off, n, xn, 0, 0f, ym, 0);
        }
        return ym;
    }

    @Benchmark
    public float[] gemvT() {
        return gemvTAt(nextOffset());
    }

    private float[] gemvTAt(int off) {
        if (blas != null) {
            blas.sgemv("N", n, m, 1f, a, off, n, xm, 0, 1, 0f, yn, 0, 1);
        } else {
            k.gemvT(m, n, 1f, a, off, n, xm, 0, 0f, yn, 0);
        }
        return yn;
    }

    /** Adds a tiny multiple of x y^T, so that A drifts by little over billions of calls. */
    @Benchmark
    public float[] ger() {
        return gerWith(1e-9f, nextOffset());
    }

    private float[] gerWith(float alpha, int off) {
        if (blas != null) {
            blas.sger(n, m, alpha, xn, 0, 1, xm, 0, 1, a, off, n);
        } else {
            k.ger(m, n, alpha, xm, 0, xn, 0, a, off, n);
        }
        return a;
    }
}
