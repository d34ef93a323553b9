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
 * C = op(A) op(B), row-major, in three forms: NN (C = A B), NT (C = A B^T, the forward pass of a batch
 * through a layer, X W^T) and TN (C = A^T B, the weight gradient Delta^T X, A stored k x m). Shapes are
 * m x k x n; "128x784x128" is a batch of 128 through a 784-input, 128-unit layer. Row-major C = A B is
 * column-major C^T = B^T A^T, so netlib gets sgemm("N", "N", n, m, k, B, A) for NN,
 * sgemm("T", "N", n, m, k, B, A) for NT (its dot-product form) and sgemm("N", "T", n, m, k, B, A) for TN.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Thread)
public class GemmBench {

    @Param({"scalar", "simd", "vectorblas"})
    public String impl;

    /** m x k x n. */
    @Param({"128x128x128", "256x256x256", "512x512x512", "128x784x128"})
    public String shape;

    @Param({"NN", "NT"})
    public String form;

    private boolean transA;

    private int m;
    private int n;
    private int kk;
    private boolean transB;
    private Kernels k;
    private BLAS blas;
    private float[] a;
    private float[] b;
    private float[] c;

    @Setup
    public void setup() {
        String[] s = shape.split("x");
        m = Integer.parseInt(s[0]);
        kk = Integer.parseInt(s[1]);
        n = Integer.parseInt(s[2]);
        transA = form.charAt(0) == 'T';
        transB = form.charAt(1) == 'T';
        a = Impl.random(1, m * kk);
        b = Impl.random(2, kk * n);
        c = new float[m * n];
        if (impl.equals("vectorblas")) {
            blas = Impl.vectorBlas();
        } else {
            k = Impl.kernels(impl);
        }
        float[] want = new float[m * n];
        KernelProviders.scalar().gemm(transA, transB, m, n, kk, 1f, a, 0, transA ? m : kk, b, 0, transB ? kk : n, 0f,
                want, 0, n);
        Impl.check(impl + " gemm " + form + " " + shape, want, gemm(), m * n);
    }

    @Benchmark
    public float[] gemm() {
        if (blas != null) {
            if (transA) {
                blas.sgemm(transB ? "T" : "N", "T", n, m, kk, 1f, b, transB ? kk : n, a, m, 0f, c, n);
            } else if (transB) {
                blas.sgemm("T", "N", n, m, kk, 1f, b, kk, a, kk, 0f, c, n);
            } else {
                blas.sgemm("N", "N", n, m, kk, 1f, b, n, a, kk, 0f, c, n);
            }
        } else {
            k.gemm(transA, transB, m, n, kk, 1f, a, 0, transA ? m : kk, b, 0, transB ? kk : n, 0f, c, 0, n);
        }
        return c;
    }
}
