/**
 * Vector API kernels for {@code dev.vecprop.core}. {@code requires static}, so that an application started
 * without {@code --add-modules jdk.incubator.vector} runs on the scalar kernels instead of failing.
 */
module dev.vecprop.simd {
    requires dev.vecprop.core;
    requires static jdk.incubator.vector;
}
