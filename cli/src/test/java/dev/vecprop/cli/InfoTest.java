package dev.vecprop.cli;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InfoTest {

    /** In a JVM of its own with the Vector API, as bin/vecprop starts it, so that both providers are found. */
    @Test
    void theProviderInUseIsMarkedOnce() throws Exception {
        String modulePath = System.getProperty("jdk.module.path");
        org.junit.jupiter.api.Assumptions.assumeTrue(modulePath != null, "runs the command line from the module path");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-p", modulePath, "-m", "dev.vecprop.cli/dev.vecprop.cli.Main",
                "info").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.waitFor(), out);
        String chosen = out.lines().filter(l -> l.startsWith("Kernels: ")).findFirst().orElseThrow()
                .substring("Kernels: ".length()).split(" ")[0];
        assertEquals(2, out.lines().filter(l -> l.startsWith("  scalar ") || l.startsWith("  simd ")).count(), out);
        assertEquals(1, out.lines().filter(l -> l.endsWith("[in use]")).count(), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("  " + chosen + " ") && l.endsWith("[in use]")), out);
    }
}
