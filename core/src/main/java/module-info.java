/**
 * The vecprop engine: multi-layer perceptrons trained by backpropagation.
 *
 * <p>{@code dev.vecprop.core} is the API (networks, layers, training, data sets, metrics);
 * {@code dev.vecprop.spi} holds the two service interfaces that other modules implement: loss functions
 * ({@link dev.vecprop.spi.LossFunction}) and compute kernels ({@link dev.vecprop.spi.Kernels}). Both are
 * found at run time with {@link java.util.ServiceLoader}; this module names no implementation of either
 * except its own scalar kernels.
 */
// The qualified exports name modules compiled after core: "module not found" is expected.
@SuppressWarnings("module")
module dev.vecprop.core {
    exports dev.vecprop.core;
    exports dev.vecprop.spi;
    // Not API: shared with the command line (atomic file writes) and the SIMD kernels (the VM's flags).
    exports dev.vecprop.core.internal to dev.vecprop.cli, dev.vecprop.simd;
    // Not API: the data files' readers (CSV, IDX) and the class names they give, which the command line uses.
    exports dev.vecprop.core.internal.data to dev.vecprop.cli;
    // Not API: the kernels' argument checks, so that every provider of this project fails alike.
    exports dev.vecprop.core.internal.check to dev.vecprop.simd;

    // The VM's flags (internal.VmFlags), where the module is in the graph: the JIT's for the SIMD kernels,
    // the object alignment for placing weights on cache lines.
    requires static jdk.management;

    uses dev.vecprop.spi.LossFunction;
    uses dev.vecprop.spi.Kernels;
}
