package dev.vecprop.testfiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where fuzz tests write their inputs: one folder per JVM, in memory where the system has /dev/shm. */
public final class FuzzFiles {

    private static final Path DIR = create();

    private FuzzFiles() {
    }

    /** {@code name} in the folder. */
    public static Path file(String name) {
        return DIR.resolve(name);
    }

    private static Path create() {
        try {
            Path shm = Path.of("/dev/shm");
            Path dir = Files.isDirectory(shm) && Files.isWritable(shm)
                    ? Files.createTempDirectory(shm, "vecprop-fuzz") : Files.createTempDirectory("vecprop-fuzz");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
