package dev.vecprop.simd;

import dev.vecprop.core.KernelProviders;
import dev.vecprop.spi.Kernels;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The test JVM runs with {@code --add-modules jdk.incubator.vector} (the Surefire argLine), so the engine
 * must pick the SIMD kernels by itself. Without the flag this fails rather than letting every other test in
 * the module compare the scalar kernels with themselves.
 */
class SimdActiveTest {

    @Test
    void theEnginePicksTheSimdKernels() {
        assertTrue(ModuleLayer.boot().findModule(SimdKernels.VECTOR_MODULE).isPresent(),
                "jdk.incubator.vector is missing from the test JVM; the Surefire argLine must add it");
        KernelProviders.Selection selection = KernelProviders.selection();
        assertEquals("simd", selection.kernels().name(), selection.describe());
        assertTrue(selection.describe().startsWith("Kernels: simd (FloatVector "), selection.describe());
    }

    @Test
    void theProviderIsFoundByNameAndDescribesItsVectors() {
        Kernels k = KernelProviders.named("simd");
        assertNull(k.unavailableReason());
        assertEquals(100, k.priority());
        assertTrue(k.description().matches("simd \\(FloatVector (128|256|512) bits, FMA\\)"), k.description());
        assertEquals(Lanes.BITS, Lanes.L * Float.SIZE);
    }
}
