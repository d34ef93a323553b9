package dev.vecprop.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InfoTest {

    /** In a JVM of its own with the Vector API, as bin/vecprop starts it, so that both providers are found. */
    @Test
    void theProviderInUseIsMarkedOnce() throws Exception {
        CliRun r = CliRun.child(List.of("--add-modules", "jdk.incubator.vector"), "info");
        assertEquals(0, r.code(), r.both());
        String out = r.out();
        String chosen = out.lines().filter(l -> l.startsWith("Kernels: ")).findFirst().orElseThrow()
                .substring("Kernels: ".length()).split(" ")[0];
        assertEquals(2, out.lines().filter(l -> l.startsWith("  scalar ") || l.startsWith("  simd ")).count(), out);
        assertEquals(1, out.lines().filter(l -> l.endsWith("[in use]")).count(), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("  " + chosen + " ") && l.endsWith("[in use]")), out);
    }

    /**
     * A forced provider that does not exist is what info reports, with the providers there are; the exit code
     * is train's for it, a usage error, with the reason on standard error.
     */
    @Test
    void aForcedProviderThatCannotBeHadIsReportedAndTheOthersListed() throws Exception {
        CliRun r = CliRun.child(List.of("-Dvecprop.kernels=bogus"), "info");
        assertEquals(2, r.code(), r.both());
        assertTrue(r.err().strip().matches("vecprop info: unknown kernels 'bogus'; found: scalar(, simd)? "
                + "\\(-Dvecprop\\.kernels\\)"), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("Losses: ")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("Kernels: none in use: unknown kernels 'bogus'; found: scalar")),
                r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("  scalar ")), r.out());
        assertEquals(0, r.out().lines().filter(l -> l.endsWith("[in use]")).count(), r.out());
    }

    @Test
    void aPluginFolderThatCannotBeReadIsTheOnlyOutput() {
        CliRun r = CliRun.run("info", "--plugin-path", "/no/such/vecprop/folder");
        assertEquals(2, r.code(), r.both());
        assertEquals("", r.out());
        assertEquals("vecprop info: --plugin-path: plugin folder /no/such/vecprop/folder cannot be read: no such "
                + "folder (see vecprop info --help)", r.err().strip());
    }
}
