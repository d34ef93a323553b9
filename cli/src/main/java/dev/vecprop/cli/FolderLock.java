package dev.vecprop.cli;

import dev.vecprop.core.InvalidFileException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
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
    static final String NAME = ".vecprop-train.lock";

    private final Path file;
    /** The identity of the locked file, so that only it is deleted. */
    private final Object key;
    private final FileChannel channel;
    private final FileLock lock;
    /** The folder held open, its lock file checked through it, or null where the system cannot. */
    private final SecureDirectoryStream<Path> open;

    private FolderLock(Path file, Object key, FileChannel channel, FileLock lock, SecureDirectoryStream<Path> open) {
        this.file = file;
        this.key = key;
        this.channel = channel;
        this.lock = lock;
        this.open = open;
    }

    /**
     * Takes the lock of {@code folder}, which must exist.
     *
     * @throws InvalidFileException naming the folder when another training holds it
     */
    static FolderLock take(Path folder) throws IOException {
        Path file = folder.resolve(NAME);
        // A training that ends deletes the file: one that opened it just before may then lock a file that is no
        // longer there, while a third makes a new one. So the lock counts only on the file that was there before
        // it was opened and is still there once it is locked.
        for (int attempt = 0; attempt < 3; attempt++) {
            Object before = key(file);
            if (before != null && Files.size(file) > 0) {
                // Never written by a training: not ours to take over, or to delete when done.
                throw new InvalidFileException(file, null, "is not the empty lock file of a vecprop train; move it "
                        + "out of the checkpoint folder");
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            Object opened;
            try {
                opened = before != null ? before : key(file);
                lock = channel.tryLock();
                if (lock != null && (opened == null || !opened.equals(key(file)))) {
                    lock.release();
                    channel.close();
                    continue;
                }
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this JVM, by another training running in it
                opened = null;
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            if (lock == null) {
                channel.close();
                throw new InvalidFileException(folder, null, "another vecprop train is using this checkpoint folder; "
                        + "wait for it to end, or choose another folder");
            }
            // Held open, with the lock file checked through it; where the system cannot, files go by path.
            SecureDirectoryStream<Path> open = null;
            try {
                DirectoryStream<Path> stream = Files.newDirectoryStream(folder);
                if (stream instanceof SecureDirectoryStream<Path> secure) {
                    open = secure;
                    if (!opened.equals(key(open))) {
                        // The folder was replaced between the lock and the opening: the lock is in another one.
                        release(open, lock, channel);
                        continue;
                    }
                } else {
                    stream.close();
                }
            } catch (IOException | RuntimeException e) {
                try {
                    release(open, lock, channel);
                } catch (IOException | RuntimeException also) {
                    e.addSuppressed(also);
                }
                throw e;
            }
            return new FolderLock(file, opened, channel, lock, open);
        }
        throw new InvalidFileException(folder, null, "the lock of this checkpoint folder keeps being replaced; "
                + "another vecprop train is using it");
    }

    /** Closes {@code open} (if not null), releases {@code lock} and closes {@code channel}, each whatever the others do. */
    private static void release(SecureDirectoryStream<Path> open, FileLock lock, FileChannel channel) throws IOException {
        try {
            if (open != null) {
                open.close();
            }
        } finally {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }

    /** The identity of the lock file in the open folder {@code open}, or null when there is none. */
    private static Object key(SecureDirectoryStream<Path> open) throws IOException {
        try {
            return open.getFileAttributeView(Path.of(NAME), BasicFileAttributeView.class).readAttributes().fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * Whether the file locked is still the folder's lock file: not when the folder was deleted or moved (and maybe
     * made again) or its lock file removed, when another training could take the folder.
     */
    boolean held() {
        try {
            return key.equals(key(file)) && (open == null || key.equals(key(open)));
        } catch (IOException | java.nio.file.ClosedDirectoryStreamException e) {
            // Closed: the training has ended, and let the folder go.
            return false;
        }
    }

    /**
     * The folder held open, its lock checked through it by {@link #held}: files written relative to it go into
     * the folder the lock is in, whatever stands at its path by then; null where the system cannot hold a folder
     * open, and files go by path.
     */
    SecureDirectoryStream<Path> folder() {
        return open;
    }

    /** The identity of the file now at {@code path} (its inode), or null when there is none. */
    static Object key(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * Deletes the file at {@code path} if it is still the one of identity {@code key} ({@link #key}) and still
     * empty: a file this process made, not one another process has put at that name meanwhile, or written to.
     */
    static void deleteIfStill(Path path, Object key) throws IOException {
        try {
            if (key != null && key.equals(key(path)) && Files.size(path) == 0) {
                Files.deleteIfExists(path);
            }
        } catch (NoSuchFileException gone) {
            // removed by someone else meanwhile: nothing to delete
        }
    }

    @Override
    public void close() throws IOException {
        try {
            // Deleted while still held: a training that opens it now finds it gone once it has the lock. From the
            // folder held open where there is one, wherever it was moved.
            if (open != null) {
                deleteIfStill(open, key);
            } else {
                deleteIfStill(file, key);
            }
        } finally {
            try {
                lock.release();
            } finally {
                try {
                    channel.close();
                } finally {
                    if (open != null) {
                        open.close();
                    }
                }
            }
        }
    }

    /** {@link #deleteIfStill(Path, Object)} for the lock file of an open folder. */
    private static void deleteIfStill(SecureDirectoryStream<Path> open, Object key) throws IOException {
        try {
            BasicFileAttributes now = open.getFileAttributeView(Path.of(NAME), BasicFileAttributeView.class)
                    .readAttributes();
            if (key != null && key.equals(now.fileKey()) && now.size() == 0) {
                open.deleteFile(Path.of(NAME));
            }
        } catch (NoSuchFileException gone) {
            // removed by someone else meanwhile: nothing to delete
        }
    }
}
