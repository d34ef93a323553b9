package dev.vecprop.core;

import dev.vecprop.core.internal.AtomicFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class AtomicFilesTest {

    @TempDir
    Path dir;

    private static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    @Test
    void aReplacedFileKeepsItsPermissions() throws IOException {
        assumeTrue(posix(dir));
        for (String mode : List.of("rw-r--r--", "rw-rw----", "rwxr-x---")) {
            Path file = dir.resolve("model-" + mode + ".vpm");
            Files.writeString(file, "old");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
            AtomicFiles.write(file, out -> out.write("new".getBytes(StandardCharsets.UTF_8)));
            assertEquals("new", Files.readString(file));
            assertEquals(mode, PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
        }
    }

    @Test
    void aNewFileGetsThePermissionsOfAnyNewFileNotThoseOfATemporaryOne() throws IOException {
        assumeTrue(posix(dir));
        Path plain = Files.createFile(dir.resolve("plain"));
        Path written = dir.resolve("written");
        AtomicFiles.write(written, out -> out.write(1));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(written));
    }

    @Test
    void aWriteStoppedByTheShutdownHookLeavesTheOldFileAndNoTemporaryOne() throws IOException {
        // What a SIGTERM part-way through a write does: the hook deletes the temporary file under the writer.
        Path file = Files.writeString(dir.resolve("predictions.csv"), "old");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            out.write("new, half".getBytes(StandardCharsets.UTF_8));
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(2, files.count(), "the temporary file is there while it is written");
            }
            AtomicFiles.deletePending();
            out.write(" written".getBytes(StandardCharsets.UTF_8));
        }));
        assertEquals(file + ": not written: the command was stopped while it was written (the file is as it was)",
                e.getMessage());
        assertEquals("old", Files.readString(file));
        // Only that write's failure is put down to the stop.
        IOException later = assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            throw new IOException("disk full");
        }));
        assertEquals("disk full", later.getMessage());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void aNameNearTheFileSystemsLimitIsWritten() throws IOException {
        // 250 bytes: the target is allowed (255), a temporary name of it plus 19 bytes would not be.
        for (String name : List.of("p".repeat(246) + ".csv", "\u00E9".repeat(123) + ".csv")) {
            Path file = dir.resolve(name);
            AtomicFiles.write(file, out -> out.write("new".getBytes(StandardCharsets.UTF_8)));
            assertEquals("new", Files.readString(file));
            Files.delete(file);
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "no temporary file");
        }
    }

    @Test
    void aNamedPipeIsWrittenToNotReplaced() throws Exception {
        // Replacing it would take it from whoever reads it; so would a device such as /dev/null, as root.
        Path fifo = dir.resolve("out.csv");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mkfifo.waitFor() == 0 && Files.exists(fifo), "mkfifo is needed");
        assertTrue(AtomicFiles.isSpecial(fifo));
        java.util.concurrent.FutureTask<String> reader = new java.util.concurrent.FutureTask<>(() -> Files.readString(fifo));
        Thread.ofPlatform().daemon().start(reader);
        AtomicFiles.write(fifo, out -> out.write("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("a,b\n1,2\n", reader.get(20, java.util.concurrent.TimeUnit.SECONDS));
        assertTrue(AtomicFiles.isSpecial(fifo), "still a pipe");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(fifo), files.toList(), "no temporary file");
        }
    }

    @Test
    void aLinkIsFollowedAndKept() throws IOException {
        Path real = Files.writeString(Files.createDirectory(dir.resolve("models")).resolve("v7.vpm"), "old");
        Path link;
        try {
            link = Files.createSymbolicLink(dir.resolve("current.vpm"), real);
        } catch (UnsupportedOperationException | IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no symbolic links here: " + e);
            return;
        }
        AtomicFiles.write(link, out -> out.write("new".getBytes(StandardCharsets.UTF_8)));
        assertEquals(true, Files.isSymbolicLink(link));
        assertEquals("new", Files.readString(real));
    }

    /** A link to a file not there yet is kept, and the file it names made, as the shell's > makes it. */
    @Test
    void aDanglingLinkIsKeptAndItsFileMade() throws IOException {
        Path models = Files.createDirectory(dir.resolve("models"));
        Path link;
        Path chained;
        try {
            link = Files.createSymbolicLink(dir.resolve("next.vpm"), Path.of("models", "v8.vpm"));
            chained = Files.createSymbolicLink(dir.resolve("latest.vpm"), Path.of("next.vpm"));
        } catch (UnsupportedOperationException | IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no symbolic links here: " + e);
            return;
        }
        AtomicFiles.write(chained, out -> out.write("new".getBytes(StandardCharsets.UTF_8)));
        assertTrue(Files.isSymbolicLink(chained));
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("new", Files.readString(models.resolve("v8.vpm")));
        try (Stream<Path> files = Files.list(models)) {
            assertEquals(List.of(models.resolve("v8.vpm")), files.toList(), "no temporary file");
        }
    }

    /**
     * A dangling link whose target goes up ('..') from a folder reached through a link goes up from where that
     * folder really is, as the kernel takes it: home/data is a link to disk/data, and disk/data/m.vpm a link to
     * ../models/m.vpm, which is disk/models/m.vpm; home/models/m.vpm, another file, is not touched.
     */
    @Test
    void aDanglingLinkGoesUpFromItsRealFolder() throws IOException {
        Path disk = Files.createDirectories(dir.resolve("disk/data"));
        Files.createDirectories(dir.resolve("disk/models"));
        Path home = Files.createDirectories(dir.resolve("home/models"));
        Path other = Files.writeString(home.resolve("m.vpm"), "precious");
        Path link;
        try {
            Files.createSymbolicLink(dir.resolve("home/data"), disk);
            link = Files.createSymbolicLink(disk.resolve("m.vpm"), Path.of("..", "models", "m.vpm"));
        } catch (UnsupportedOperationException | IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no symbolic links here: " + e);
            return;
        }
        Path through = dir.resolve("home/data/m.vpm");
        AtomicFiles.write(through, out -> out.write("new".getBytes(StandardCharsets.UTF_8)));
        assertEquals("new", Files.readString(dir.resolve("disk/models/m.vpm")));
        assertEquals("precious", Files.readString(other));
        assertTrue(Files.isSymbolicLink(link));
        // A loop of links is refused, as the shell's > refuses it, and the links stay.
        Path a = dir.resolve("a.vpm");
        Path b = dir.resolve("b.vpm");
        Files.createSymbolicLink(a, b.getFileName());
        Files.createSymbolicLink(b, a.getFileName());
        IOException loop = assertThrows(IOException.class,
                () -> AtomicFiles.write(a, out -> out.write("x".getBytes(StandardCharsets.UTF_8))));
        assertTrue(loop.getMessage().contains("too many levels of symbolic links"), loop.getMessage());
        assertTrue(Files.isSymbolicLink(a) && Files.isSymbolicLink(b));
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("log.csv");
        Files.writeString(file, "epoch\n1\n");
        IOException thrown = assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        // The content writer's own exception passes unchanged: it may be about the data it reads.
        assertEquals("disk full", thrown.getMessage());
        assertEquals("epoch\n1\n", Files.readString(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    /** The system's message for a failed write names no file, and one about the temporary file the wrong one. */
    @Test
    void aFailureToWriteNamesTheFileGiven() throws IOException {
        Path full = Path.of("/dev/full");   // every write fails with "No space left on device"
        assumeTrue(Files.exists(full) && AtomicFiles.isSpecial(full));
        IOException e = assertThrows(IOException.class,
                () -> AtomicFiles.write(full, out -> out.write(new byte[100_000])));
        assertEquals("/dev/full", ((java.nio.file.FileSystemException) e).getFile());
        assertEquals("/dev/full: cannot be written: No space left on device", e.getMessage());

        Path gone = dir.resolve("gone").resolve("model.vpm");
        e = assertThrows(IOException.class, () -> AtomicFiles.write(gone, out -> out.write(1)));
        assertEquals(gone + ": cannot be written: its folder " + gone.getParent() + " does not exist",
                e.getMessage());
    }
}
