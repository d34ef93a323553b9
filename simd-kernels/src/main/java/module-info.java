/**
 * Vector API kernels for {@code dev.vecprop.core}. {@code requires static}, so that an application started
 * without {@code --add-modules jdk.incubator.vector} runs on the scalar kernels instead of failing: the
 * provider is still found, says why it cannot run ({@link dev.vecprop.spi.Kernels#unavailableReason()}),
 * and the engine passes it over. The JIT's flags it reads through core's {@code VmFlags}, where
 * {@code jdk.management} is in the module graph (a full JDK binds it), and otherwise goes by
 * {@code java.vm.info}.
 */
module dev.vecprop.simd {
    requires dev.vecprop.core;
    requires static jdk.incubator.vector;

    provides dev.vecprop.spi.Kernels with dev.vecprop.simd.SimdKernels;
}
