package dev.vecprop.core.internal;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Files written whole or not at all: the content goes to a temporary file beside the target, is forced to
 * disk, and then moved over the target (the folder then forced to disk too, where the system allows it), so a
 * crash or an error part-way leaves the old file (or none) and never half a new one. The new file gets the
 * permissions of the one it replaces, or, when there is none, those the process gives any new file (its
 * umask), not the owner-only ones of a temporary file. A symbolic
 * link to an existing file is followed: the file it points to is replaced, and the link kept. A target that
 * exists and is neither a regular file nor a folder (a device such as {@code /dev/null}, a named pipe, or
 * {@code /dev/stdout} when standard output is a pipe or a terminal) is written to directly: it cannot be
 * replaced without destroying it, and what it receives is not a file that could be left half-written. (When
 * standard output is a regular file, {@code /dev/stdout} is a link to it, replaced as any link's file is.)
 */
public final class AtomicFiles {

    /** Writes a file's content. */
    @FunctionalInterface
    public interface Content {
        /**
         * Writes the content.
         *
         * @param out where to write; closing it is allowed and changes nothing
         * @throws IOException when writing fails; the target is then left as it was
         */
        void writeTo(OutputStream out) throws IOException;
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Temporary files being written, deleted by a shutdown hook when the JVM is stopped (SIGTERM, Ctrl-C). */
    private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

    static {
        // Registered with the class, not at the first write: a write begun while the JVM is already stopping
        // (when a hook can no longer be added) must still have its temporary file deleted.
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(AtomicFiles::deletePending, "vecprop-temporary-files"));
        } catch (IllegalStateException e) {
            // the JVM is already stopping
        }
    }
    /** Temporary files that {@link #deletePending} deleted: their writes failed because the JVM is stopping. */
    private static final Set<Path> DELETED = ConcurrentHashMap.newKeySet();

    private AtomicFiles() {
    }

    /**
     * Forces the folder's entries to the disk, so that the rename that put the new file in place outlives a crash
     * of the machine, as its content does; where a folder cannot be opened for that (not every system allows it),
     * the rename is left to the file system's own schedule.
     */
    private static void forceFolder(Path folder) {
        if (folder != null) {
            forceFolder(() -> FileChannel.open(folder, StandardOpenOption.READ));
        }
    }

    /** Opens a folder for reading. */
    private interface FolderOpener {
        SeekableByteChannel open() throws IOException;
    }

    /** {@link #forceFolder(Path)} for the folder {@code opener} opens. */
    private static void forceFolder(FolderOpener opener) {
        try (SeekableByteChannel dir = opener.open()) {
            if (dir instanceof FileChannel channel) {
                channel.force(true);
            }
        } catch (IOException | RuntimeException e) {
            // not supported here: nothing more can be done
        }
    }

    /** Gives {@code tmp} the POSIX permissions of {@code target} when both are on a POSIX file system. */
    private static void keepPermissions(Path target, Path tmp) throws IOException {
        keepPermissions(Files.getFileAttributeView(target, PosixFileAttributeView.class),
                Files.getFileAttributeView(tmp, PosixFileAttributeView.class));
    }

    /** Gives the file of {@code made} the POSIX permissions of the one of {@code old}, when both have them. */
    private static void keepPermissions(PosixFileAttributeView old, PosixFileAttributeView made) throws IOException {
        if (old == null || made == null) {
            return;
        }
        Set<PosixFilePermission> permissions;
        try {
            permissions = old.readAttributes().permissions();
        } catch (NoSuchFileException e) {
            return;
        }
        made.setPermissions(permissions);
    }

    /**
     * A file name's first 50 code points at most (200 bytes in UTF-8), so that the temporary file's name,
     * 19 bytes longer, stays within the 255 that file systems allow whenever the target's does.
     */
    private static String shortened(String name) {
        return name.codePointCount(0, name.length()) <= 50 ? name : name.substring(0, name.offsetByCodePoints(0, 50));
    }

    /**
     * {@code out} for the content's writer: writes in blocks, and a close flushes it but leaves it open. A
     * failure to write (a full disk) is reported as {@code path}'s, so that its message names the file; what
     * the content's writer throws of its own (a bad record of the data it reads, say) passes unchanged.
     */
    private static OutputStream unclosable(OutputStream out, Path path) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                try {
                    out.write(b, off, len);
                } catch (IOException e) {
                    throw named(path, e);
                }
            }

            @Override
            public void flush() throws IOException {
                try {
                    out.flush();
                } catch (IOException e) {
                    throw named(path, e);
                }
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    /**
     * A failure to write {@code path} as a {@link FileSystemException} of that file: the system's own message
     * for a failed write ("No space left on device") names no file, and one about the temporary file names a
     * file the user never gave.
     *
     * @param path the file being written, as the caller named it
     * @param e    the failure
     * @return {@code e} when it already names {@code path}, else an exception naming it, caused by {@code e}
     */
    public static IOException named(Path path, IOException e) {
        if (e instanceof FileSystemException f && path.toString().equals(f.getFile())) {
            return e;
        }
        Path folder = path.toAbsolutePath().getParent();
        String reason = switch (e) {
            case NoSuchFileException f when folder != null && !Files.isDirectory(folder) ->
                    "its folder " + folder + " does not exist";
            case NoSuchFileException f -> "no such file or folder";
            case AccessDeniedException f -> "permission denied";
            case FileSystemException f -> f.getReason() != null ? f.getReason() : f.getClass().getSimpleName();
            default -> e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        };
        FileSystemException named = new FileSystemException(path.toString(), null, "cannot be written: " + reason);
        named.initCause(e);
        return named;
    }

    /** A write that failed because the JVM is stopping: its temporary file was deleted, its target left as it was. */
    public static final class Stopped extends FileSystemException {
        private static final long serialVersionUID = 1L;

        Stopped(Path path) {
            super(path.toString(), null, "not written: the command was stopped while it was written (the file is "
                    + "as it was)");
        }

        /**
         * Whether {@code e}, or an exception it was caused by or suppressed, is a {@code Stopped}: a failure that
         * the stop explains.
         */
        public static boolean within(Throwable e) {
            java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>(java.util.List.of(e));
            while (!todo.isEmpty()) {
                Throwable t = todo.pop();
                if (t instanceof Stopped) {
                    return true;
                }
                if (seen.add(t)) {
                    if (t.getCause() != null) {
                        todo.push(t.getCause());
                    }
                    todo.addAll(java.util.List.of(t.getSuppressed()));
                }
            }
            return false;
        }
    }

    /**
     * Deletes the temporary files of the writes under way: what the shutdown hook does when the JVM is told to
     * stop part-way through a write. A write whose temporary file is gone fails to move it, and leaves its
     * target as it was. (A JVM killed outright runs no hook, and leaves its temporary file.)
     */
    public static void deletePending() {
        for (Path p : PENDING) {
            try {
                DELETED.add(p);
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // nothing more can be done while the JVM stops
            }
        }
    }

    /**
     * Whether {@code path} exists and is neither a regular file nor a folder, links followed: a device or a
     * pipe, written to in place.
     *
     * @param path a file name
     * @return true for a device, a named pipe or a socket
     */
    public static boolean isSpecial(Path path) {
        return Files.exists(path) && !Files.isRegularFile(path) && !Files.isDirectory(path);
    }

    /**
     * The file that {@link #write} of {@code path} replaces or makes: {@code path}, absolute, or, for a symbolic
     * link, the file it leads to, a link to a file not there yet (a dangling link) included, as the shell's
     * {@code >} makes it.
     *
     * @param path a file name
     * @return an absolute path
     * @throws IOException when a link cannot be read, or links lead to links more than 40 times (a loop), as
     *                     the shell's {@code >} fails
     */
    public static Path replaced(Path path) throws IOException {
        Path target = path.toAbsolutePath();
        if (!Files.isSymbolicLink(target)) {
            return target;
        }
        if (Files.exists(target)) {
            return target.toRealPath();
        }
        // Each link's target taken from the link's real folder, never shortened by its text: a '..' in it goes up
        // from the folder the link is really in, as the kernel takes it, when the link's folder is itself reached
        // through a link.
        Path at = target;
        for (int hops = 0; Files.isSymbolicLink(at); hops++) {
            if (hops == 40) {
                throw new java.nio.file.FileSystemException(path.toString(), null, "too many levels of symbolic links");
            }
            at = at.toAbsolutePath().getParent().toRealPath().resolve(Files.readSymbolicLink(at));
        }
        return at;
    }

    /**
     * Replaces (or creates) {@code path} with what {@code content} writes; a device or a pipe
     * ({@link #isSpecial}) is written to in place.
     *
     * @param path    the file to write; its folder must exist
     * @param content the writer of the content
     * @throws IOException when the temporary file cannot be written or moved; it is then deleted
     */
    public static void write(Path path, Content content) throws IOException {
        if (isSpecial(path)) {
            OutputStream opened;
            try {
                opened = Files.newOutputStream(path, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw named(path, e);
            }
            try (OutputStream file = new BufferedOutputStream(opened, 1 << 16)) {
                OutputStream out = unclosable(file, path);
                content.writeTo(out);
                out.flush();
            }
            return;
        }
        // Through a link, the file it points to is replaced, not the link: the link stays, and names the new content.
        Path target = replaced(path);
        write(path, target.getFileName(), content, new Place() {
            @Override
            public SeekableByteChannel create(String tmp) throws IOException {
                return FileChannel.open(target.resolveSibling(tmp), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            }

            @Override
            public Path pending(String tmp) {
                return target.resolveSibling(tmp);
            }

            @Override
            public void moveIntoPlace(String tmp) throws IOException {
                Path file = target.resolveSibling(tmp);
                keepPermissions(target, file);
                try {
                    Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }

            @Override
            public void forceFolder() {
                AtomicFiles.forceFolder(target.getParent());
            }

            @Override
            public void deleteIfExists(String tmp) throws IOException {
                Files.deleteIfExists(target.resolveSibling(tmp));
            }
        });
    }

    /** Where a write's temporary file is made, moved into place and deleted: a folder by path, or one held open. */
    private interface Place {
        /** Makes the temporary file named {@code tmp} in the folder, failing when it exists. */
        SeekableByteChannel create(String tmp) throws IOException;

        /** The temporary file by path, for the shutdown hook. */
        Path pending(String tmp);

        /** Gives the temporary file the target's permissions and moves it over the target. */
        void moveIntoPlace(String tmp) throws IOException;

        /** Forces the folder's entries to the disk, where the system allows it. */
        void forceFolder();

        void deleteIfExists(String tmp) throws IOException;
    }

    /**
     * The write of {@link #write(Path, Content)} in {@code place}: the content into a new temporary file named
     * after {@code name}, forced, moved over the target; {@code path} names the file in messages.
     */
    private static void write(Path path, Path name, Content content, Place place) throws IOException {
        String tmp = null;
        SeekableByteChannel opened = null;
        while (opened == null) {
            tmp = "." + shortened(name.toString()) + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp";
            try {
                opened = place.create(tmp);
            } catch (FileAlreadyExistsException e) {
                // another writer's temporary file: draw another name
            } catch (IOException e) {
                throw named(path, e);
            }
        }
        Path pending = place.pending(tmp);
        PENDING.add(pending);
        try {
            try (SeekableByteChannel ch = opened) {
                OutputStream out = unclosable(new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16), path);
                content.writeTo(out);
                out.flush();
                if (ch instanceof FileChannel file) {
                    try {
                        file.force(true);
                    } catch (IOException e) {
                        throw named(path, e);
                    }
                }
            }
            try {
                place.moveIntoPlace(tmp);
            } catch (IOException e) {
                throw named(path, e);
            }
            place.forceFolder();
        } catch (IOException e) {
            if (DELETED.remove(pending)) {
                // Whatever failed, the cause is the stop, which deleted the temporary file.
                Stopped stopped = new Stopped(path);
                stopped.initCause(e);
                throw stopped;
            }
            throw e;
        } finally {
            PENDING.remove(pending);
            place.deleteIfExists(tmp);
        }
    }

    /**
     * As {@link #write(Path, Content)}, for the file {@code path} names in the folder {@code folder} holds open,
     * wherever that folder is now: the temporary file is made, forced, moved over the target and the folder
     * forced, all relative to the open folder, so that a folder moved away, or deleted and made again at its
     * path, meanwhile never receives the file (the one held does, wherever it was moved). The target is replaced
     * as it is: a link is not followed, and a device or a pipe is not written in place.
     *
     * @param folder  the open folder the file goes into
     * @param path    the file as the caller names it: its last name is the file's name in {@code folder}; the
     *                whole names it in messages
     * @param content the writer of the content
     * @throws IOException when the temporary file cannot be written or moved, or the folder no longer exists;
     *                     the temporary file is then deleted
     */
    public static void write(SecureDirectoryStream<Path> folder, Path path, Content content) throws IOException {
        Path name = path.getFileName();
        write(path, name, content, new Place() {
            @Override
            public SeekableByteChannel create(String tmp) throws IOException {
                return folder.newByteChannel(Path.of(tmp), Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
            }

            @Override
            public Path pending(String tmp) {
                // By path: for a folder moved meanwhile, the best the hook can do is to miss the file.
                return path.resolveSibling(tmp);
            }

            @Override
            public void moveIntoPlace(String tmp) throws IOException {
                keepPermissions(folder, name, Path.of(tmp));
                folder.move(Path.of(tmp), folder, name);
            }

            @Override
            public void forceFolder() {
                AtomicFiles.forceFolder(() -> folder.newByteChannel(Path.of("."), Set.of(StandardOpenOption.READ)));
            }

            @Override
            public void deleteIfExists(String tmp) throws IOException {
                try {
                    folder.deleteFile(Path.of(tmp));
                } catch (NoSuchFileException e) {
                    // moved into place, or deleted by the shutdown hook
                }
            }
        });
    }

    /** {@link #keepPermissions(Path, Path)} for two files of an open folder. */
    private static void keepPermissions(SecureDirectoryStream<Path> folder, Path target, Path tmp) throws IOException {
        keepPermissions(folder.getFileAttributeView(target, PosixFileAttributeView.class),
                folder.getFileAttributeView(tmp, PosixFileAttributeView.class));
    }
}
