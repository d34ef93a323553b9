package dev.vecprop.simd;

import dev.vecprop.core.KernelProviders;

/**
 * The main class of the child JVMs of {@link JitFlagsTest}: prints what the SIMD provider says about this
 * JVM and which kernels the engine picks, one {@code key=value} line each, and nothing else.
 */
public final class JitProbe {

    private JitProbe() {
    }

    /**
     * Prints {@code reason=} and {@code best=} lines.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        System.out.println("reason=" + new SimdKernels().unavailableReason());
        System.out.println("best=" + KernelProviders.best().name());
    }
}
