package dev.vecprop.cli;

import dev.vecprop.core.InvalidFileException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A training's hold on its checkpoint folder: a lock on the file {@value #NAME} in it, so that a second
 * training given the same folder stops instead of replacing the first one's checkpoints (and deleting the
 * model its state names). The file is deleted when the training ends, so that the folder holds only the
 * checkpoint; the operating system releases the lock of a process that ends otherwise (killed), and the file it
 * leaves is taken over by the next training.
 */
final class FolderLock implements AutoCloseable {

    /** The lock file's name in the folder. */
    static final String NAME = ".lock";

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private FolderLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code folder}, which must exist.
     *
     * @throws InvalidFileException naming the folder when another training holds it
     */
    static FolderLock take(Path folder) throws IOException {
        Path file = folder.resolve(NAME);
        // A training that ends deletes the file: one that opened it just before may then lock a file that is no
        // longer there, while a third makes a new one. So the lock counts only on the file that is still there.
        for (int attempt = 0; attempt < 3; attempt++) {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                Object opened = key(file);
                lock = channel.tryLock();
                if (lock != null && (opened == null || !opened.equals(key(file)))) {
                    lock.release();
                    channel.close();
                    continue;
                }
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this JVM, by another training running in it
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            if (lock == null) {
                channel.close();
                throw new InvalidFileException(folder, null, "another vecprop train is using this checkpoint folder; "
                        + "wait for it to end, or choose another folder");
            }
            return new FolderLock(file, channel, lock);
        }
        throw new InvalidFileException(folder, null, "the lock of this checkpoint folder keeps being replaced; "
                + "another vecprop train is using it");
    }

    /** The identity of the file now at {@code path} (its inode), or null when there is none. */
    private static Object key(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            // Deleted while still held: a training that opens it now finds it gone once it has the lock.
            Files.deleteIfExists(file);
        } finally {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }
}
