package dev.vecprop.benchmarks;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.vecprop.core.KernelProviders;
import dev.vecprop.spi.Kernels;

import java.util.SplittableRandom;

/** What the benchmarks compare: vecprop's scalar and SIMD kernels, and netlib's VectorBLAS. */
final class Impl {

    private Impl() {
    }

    /** The vecprop kernels of that name, refusing to measure a provider that cannot run here. */
    static Kernels kernels(String name) {
        Kernels k = KernelProviders.named(name);
        if (!k.name().equals(name)) {
            throw new IllegalStateException("asked for " + name + ", got " + k.description());
        }
        return k;
    }

    /** netlib's pure-Java BLAS, which must be its Vector API implementation (else the peer is not measured). */
    static BLAS vectorBlas() {
        BLAS blas = JavaBLAS.getInstance();
        if (!blas.getClass().getSimpleName().equals("VectorBLAS")) {
            throw new IllegalStateException("netlib gave " + blas.getClass().getName()
                    + ", not VectorBLAS; is --add-modules jdk.incubator.vector missing?");
        }
        return blas;
    }

    static float[] random(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }

    /** Fails the trial when a result is not within 1e-4 relative of the scalar kernels' (a wrong kernel is not fast). */
    static void check(String what, float[] want, float[] got, int n) {
        double maxAbs = 0;
        for (int i = 0; i < n; i++) {
            maxAbs = Math.max(maxAbs, Math.abs(want[i]));
        }
        for (int i = 0; i < n; i++) {
            if (!(Math.abs(got[i] - want[i]) <= 1e-4 * Math.max(1, maxAbs))) {
                throw new IllegalStateException(what + ": element " + i + " is " + got[i] + ", scalar gives " + want[i]);
            }
        }
    }
}
