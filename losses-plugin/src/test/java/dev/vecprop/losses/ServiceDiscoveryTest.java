package dev.vecprop.losses;

import dev.vecprop.core.LossRegistry;
import dev.vecprop.spi.LossFunction;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The losses are found by core through ServiceLoader on the module path, by name, with their module. */
class ServiceDiscoveryTest {

    @Test
    void allThreeLossesAreFoundByNameInTheirModule() {
        LossRegistry registry = LossRegistry.system();
        assertEquals(List.of("mse", "binary-cross-entropy", "softmax-cross-entropy"), registry.names());
        for (String name : registry.names()) {
            LossFunction loss = registry.get(name);
            assertEquals(name, loss.name());
            assertTrue(loss.getClass().getModule().isNamed(), name + " should come from a named module");
            assertEquals("dev.vecprop.losses", loss.getClass().getModule().getName());
            assertTrue(LossRegistry.origin(loss).startsWith("module dev.vecprop.losses"), LossRegistry.origin(loss));
        }
    }

    @Test
    void anUnknownNameListsTheNamesAvailable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LossRegistry.system().get("hinge"));
        assertEquals("unknown loss 'hinge'; available: mse, binary-cross-entropy, softmax-cross-entropy", e.getMessage());
    }

    @Test
    void aNameThatDiffersInCaseOrSpaceAloneIsRefusedNamingTheLikelyOne() {
        assertEquals("unknown loss 'MSE' (names are matched exactly: did you mean 'mse'?); available: mse, "
                        + "binary-cross-entropy, softmax-cross-entropy",
                assertThrows(IllegalArgumentException.class, () -> LossRegistry.system().get("MSE")).getMessage());
        assertEquals("unknown loss ' Softmax-Cross-Entropy' (names are matched exactly: did you mean "
                        + "'softmax-cross-entropy'?); available: mse, binary-cross-entropy, softmax-cross-entropy",
                assertThrows(IllegalArgumentException.class,
                        () -> LossRegistry.system().get(" Softmax-Cross-Entropy")).getMessage());
    }

    @Test
    void coreNamesNoLossAtCompileTime() {
        // Core's module descriptor may only use the service, never require the plugin module.
        Module core = LossRegistry.class.getModule();
        assertTrue(core.getDescriptor().uses().contains(LossFunction.class.getName()));
        assertTrue(core.getDescriptor().requires().stream().noneMatch(r -> r.name().equals("dev.vecprop.losses")));
    }
}
