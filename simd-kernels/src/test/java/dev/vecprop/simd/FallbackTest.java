package dev.vecprop.simd;

import dev.vecprop.core.Dataset;
import dev.vecprop.core.EpochReport;
import dev.vecprop.core.FeedForwardNetwork;
import dev.vecprop.core.KernelProviders;
import dev.vecprop.core.LossRegistry;
import dev.vecprop.core.Trainer;
import dev.vecprop.core.TrainingOptions;
import dev.vecprop.spi.Activation;
import dev.vecprop.spi.Kernels;
import dev.vecprop.spi.LossFunction;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Run by the Surefire execution {@code fallback}, whose JVM has no {@code --add-modules}: the SIMD module is
 * on the module path but the incubator module is not in the graph. The provider must still load, say why
 * it cannot run in one line, and the engine must train on the scalar kernels. (The default execution
 * excludes this class, and this execution runs nothing else.)
 */
class FallbackTest {

    /** The real plugin, found the way the engine finds it. */
    private static final LossFunction SOFTMAX_CE = LossRegistry.system().get("softmax-cross-entropy");

    @Test
    void withoutTheIncubatorModuleTheEngineTrainsOnScalar() {
        assertFalse(ModuleLayer.boot().findModule(SimdKernels.VECTOR_MODULE).isPresent(),
                "this test must run in a JVM without --add-modules jdk.incubator.vector");
        Kernels simd = KernelProviders.all().stream().filter(k -> k.name().equals("simd")).findFirst().orElseThrow();
        String why = simd.unavailableReason();
        assertNotNull(why);
        assertEquals("jdk.incubator.vector is not in the module graph; start java with --add-modules jdk.incubator.vector", why);
        assertFalse(why.contains("\n"));

        KernelProviders.Selection selection = KernelProviders.selection();
        assertEquals("scalar", selection.kernels().name());
        assertTrue(selection.describe().contains(why), selection.describe());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KernelProviders.named("simd"));
        assertTrue(e.getMessage().contains(why), e.getMessage());

        Dataset.Split split = Digits.load().split(0.8, 3);
        FeedForwardNetwork net = FeedForwardNetwork.builder(64).layer(32, Activation.SIGMOID)
                .layer(10, Activation.SOFTMAX).seed(7).build();
        assertEquals("scalar", net.kernels().name());
        List<EpochReport> reports = new Trainer(net, SOFTMAX_CE,
                TrainingOptions.defaults().withBatchSize(16).withLearningRate(0.5f).withEpochs(5).withSeed(5))
                .fit(split.train(), split.test(), null);
        assertTrue(reports.getLast().test().accuracy() > 0.85, "accuracy " + reports.getLast().test().accuracy());
    }
}
