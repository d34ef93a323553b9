package dev.vecprop.simd;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SIMD provider must stand aside whenever C2 will not compile its kernels, which {@code java.vm.info}
 * does not always show: {@code -XX:TieredStopAtLevel=2} and {@code 3} still say "mixed mode". The decision
 * is tested on given flag values, and once end to end in child JVMs started with such a flag.
 */
class JitFlagsTest {

    private static final String MIXED = "mixed mode, sharing";
    private static final String SERVER = "OpenJDK 64-Bit Server VM";

    @Test
    void thisJvmHasC2AndItsFlagsCanBeRead() {
        Map<String, String> flags = SimdKernels.VmFlags.read();
        assertNotNull(flags, "jdk.management is in the module graph of the test JVM");
        assertEquals("true", flags.get("UseCompiler"), flags.toString());
        assertNull(SimdKernels.compilerReason(System.getProperty("java.vm.info"), System.getProperty("java.vm.name"),
                flags));
    }

    @Test
    void eachFlagThatTurnsC2OffIsNamed() {
        assertReason("-XX:TieredStopAtLevel=3", MIXED, SERVER, Map.of("TieredCompilation", "true", "TieredStopAtLevel", "3"));
        assertReason("-XX:TieredStopAtLevel=2", MIXED, SERVER, Map.of("TieredCompilation", "true", "TieredStopAtLevel", "2"));
        assertReason("-XX:TieredStopAtLevel=1", "mixed mode, emulated-client, sharing", SERVER,
                Map.of("TieredCompilation", "true", "TieredStopAtLevel", "1"));
        assertReason("-XX:TieredStopAtLevel=0", MIXED, SERVER, Map.of("TieredCompilation", "true", "TieredStopAtLevel", "0"));
        assertReason("-XX:-UseCompiler", MIXED, SERVER,
                Map.of("UseCompiler", "false", "TieredCompilation", "true", "TieredStopAtLevel", "4"));
        assertReason("-XX:CompilationMode=quick-only", MIXED, SERVER, Map.of("CompilationMode", "quick-only",
                "TieredCompilation", "true", "TieredStopAtLevel", "4"));
        assertReason("-Xint", "interpreted mode, sharing", SERVER, Map.of("UseCompiler", "false"));
        assertReason("Client VM", MIXED, "OpenJDK Client VM", Map.of("TieredCompilation", "false"));
    }

    @Test
    void c2IsOnWithoutTieredCompilationOrAtLevelFour() {
        assertNull(SimdKernels.compilerReason(MIXED, SERVER, Map.of("UseCompiler", "true", "CompilationMode", "default",
                "TieredCompilation", "true", "TieredStopAtLevel", "4")));
        // Without tiered compilation a server VM compiles with C2 only, and TieredStopAtLevel does not apply.
        assertNull(SimdKernels.compilerReason(MIXED, SERVER, Map.of("TieredCompilation", "false", "TieredStopAtLevel", "1")));
        assertNull(SimdKernels.compilerReason(MIXED, SERVER, Map.of()));
    }

    @Test
    void withoutTheFlagsJavaVmInfoDecides() {
        assertNull(SimdKernels.compilerReason(MIXED, SERVER, null));
        assertReason("-Xint", "interpreted mode", SERVER, null);
        assertReason("TieredStopAtLevel", "mixed mode, emulated-client", SERVER, null);
    }

    private static void assertReason(String flag, String vmInfo, String vmName, Map<String, String> flags) {
        String why = SimdKernels.compilerReason(vmInfo, vmName, flags);
        assertNotNull(why, flag);
        assertTrue(why.contains(flag), why);
        // What the engine does about it is the caller's to say: a forced --kernels simd is refused, not replaced.
        assertFalse(why.contains("scalar"), why);
        assertFalse(why.contains("\n"), why);
    }

    /** A JVM started with the flag: the provider names it and the engine picks the scalar kernels. */
    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void aChildJvmBelowLevelFourRunsOnScalar(int level) throws Exception {
        Map<String, String> out = probe("-XX:TieredStopAtLevel=" + level);
        assertEquals("the C2 compiler is off (-XX:TieredStopAtLevel=" + level
                + "), and C1 does not compile vector code", out.get("reason"));
        assertEquals("scalar", out.get("best"));
    }

    /** The same launch without the flag, so that the test above cannot pass for another reason. */
    @Test
    void aChildJvmWithC2RunsOnSimd() throws Exception {
        Map<String, String> out = probe("-XX:TieredStopAtLevel=4");
        assertEquals("null", out.get("reason"));
        assertEquals("simd", out.get("best"));
    }

    /** Runs {@link JitProbe} on the module path of this JVM, with its test classes patched in. */
    private static Map<String, String> probe(String flag) throws IOException, InterruptedException, URISyntaxException {
        Path testClasses = Path.of(JitProbe.class.getResource("JitProbe.class").toURI()).getParent().getParent()
                .getParent().getParent();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), flag,
                // Keeps the child quick: it only has to load the providers.
                "-XX:+UseSerialGC", "-Xshare:auto",
                "--add-modules", SimdKernels.VECTOR_MODULE,
                "-p", System.getProperty("jdk.module.path"),
                "--patch-module", "dev.vecprop.simd=" + testClasses,
                "-m", "dev.vecprop.simd/" + JitProbe.class.getName()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(1, TimeUnit.MINUTES), text);
        assertEquals(0, child.exitValue(), text);
        Map<String, String> values = new java.util.HashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (line.startsWith("reason=") || line.startsWith("best=")) {
                values.put(line.substring(0, eq), line.substring(eq + 1).strip());
            }
        }
        assertEquals(2, values.size(), text);
        return values;
    }
}
