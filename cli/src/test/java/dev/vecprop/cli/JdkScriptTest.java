package dev.vecprop.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * bin/jdk.sh, which bin/vecprop and bin/build source to find a JDK 25: a JAVA_HOME it cannot use is passed over
 * with one line saying so, never silently.
 */
class JdkScriptTest {

    @TempDir
    Path dir;

    /** The JDK running the tests, which is 25 or newer, as the script resolves it. */
    private static final Path RUNNING = realPath(Path.of(System.getProperty("java.home")));

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sources the script with this JAVA_HOME (null: unset) and the running JDK's bin first on PATH. */
    private String[] source(String javaHome) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", ". ../bin/jdk.sh && printf %s \"$JAVA_HOME\"");
        pb.environment().put("PATH", RUNNING.resolve("bin") + ":/usr/bin:/bin");
        if (javaHome == null) {
            pb.environment().remove("JAVA_HOME");
        } else {
            pb.environment().put("JAVA_HOME", javaHome);
        }
        Path err = dir.resolve("err");
        Process p = pb.redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), Files.readString(err));
        return new String[]{out, Files.readString(err)};
    }

    /** A folder that looks like a JDK of the given feature version: bin/javac and a release file. */
    private Path fakeJdk(String name, int feature) throws IOException {
        return fakeJdk(name, feature + ".0.2");
    }

    /** A folder with bin/javac and, unless {@code version} is null, a release file stating it. */
    private Path fakeJdk(String name, String version) throws IOException {
        Path home = Files.createDirectories(dir.resolve(name).resolve("bin"));
        Path javac = Files.writeString(home.resolve("javac"), "#!/bin/sh\nexit 1\n");
        Files.setPosixFilePermissions(javac, PosixFilePermissions.fromString("rwxr-xr-x"));
        if (version != null) {
            Files.writeString(dir.resolve(name).resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
        }
        return dir.resolve(name);
    }

    /** Java 8 states its version as 1.8.0_392, and a JDK may state none that can be read. */
    @Test
    void oldVersionNumbersAndUnreadableOnesAreSaidAsSuch() throws Exception {
        Path eight = fakeJdk("jdk8", "1.8.0_392");
        assertEquals("vecprop: JAVA_HOME (" + eight + ") is Java 8, older than 25; using " + RUNNING + "\n",
                source(eight.toString())[1]);
        Path unknown = fakeJdk("jdkx", null);
        assertEquals("vecprop: JAVA_HOME (" + unknown + ") holds a JDK whose version cannot be read; using " + RUNNING
                + "\n", source(unknown.toString())[1]);
    }

    @Test
    void aJavaHomeThatIsTooOldIsPassedOverWithOneLine() throws Exception {
        Path old = fakeJdk("jdk17", 17);
        String[] r = source(old.toString());
        assertEquals(RUNNING.toString(), r[0]);
        assertEquals("vecprop: JAVA_HOME (" + old + ") is Java 17, older than 25; using " + RUNNING + "\n", r[1]);
    }

    @Test
    void aJavaHomeThatHoldsNoJdkIsPassedOverWithOneLine() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("nothing"));
        String[] r = source(empty.toString());
        assertEquals(RUNNING.toString(), r[0]);
        assertEquals("vecprop: JAVA_HOME (" + empty + ") holds no JDK (no bin/javac); using " + RUNNING + "\n", r[1]);
    }

    @Test
    void aUsableJavaHomeIsTakenWithoutAWord() throws Exception {
        Path newer = fakeJdk("jdk26", 26);
        assertEquals(newer.toString(), source(newer.toString())[0]);
        assertEquals("", source(newer.toString())[1]);
        String[] unset = source(null);
        assertEquals(RUNNING.toString(), unset[0]);
        assertEquals("", unset[1]);
    }
}
