package dev.vecprop.cli;

import dev.vecprop.core.internal.AtomicFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What train says when a signal stops it, in each phase; and that a write which does not end holds no stop up. */
class StopNoteTest {

    private static final Path CK = Path.of("ck");
    private static final Path SAVE = Path.of("m.vpm");

    @Test
    void theNoteTellsWhatIsOnDiskInEachPhase() throws Exception {
        try (StopNote note = new StopNote(CK, SAVE, 0, new PrintWriter(new StringWriter()))) {
            assertEquals("vecprop train: stopped in epoch 1; no epoch had ended, so ck holds no checkpoint; m.vpm was "
                    + "not written", note.text(null));
            // Epoch 1's row printed, its checkpoint not yet written: after it, not in it.
            note.trained(1);
            assertEquals("vecprop train: stopped after epoch 1, before its checkpoint; ck holds no checkpoint yet; "
                    + "m.vpm was not written", note.text(null));
            note.write("the checkpoint", () -> note.checkpointed(1));
            assertEquals("vecprop train: stopped after epoch 1; the checkpoint in ck holds epoch 1: the same command "
                    + "with --resume goes on from there; m.vpm was not written", note.text(null));
            note.epoch(2);
            assertEquals("vecprop train: stopped in epoch 2; the checkpoint in ck holds epoch 1: the same command with "
                    + "--resume goes on from there; m.vpm was not written", note.text(null));
            note.write("the checkpoint", () -> note.checkpointed(2));
            note.finished(2);
            assertEquals("vecprop train: stopped after epoch 2, the last; the checkpoint in ck holds epoch 2, the last "
                    + "(its model is " + CK.resolve("model-2.vpm") + "); m.vpm was not written", note.text(null));
            note.write("m.vpm", note::saved);
            assertEquals("vecprop train: stopped after epoch 2, the last; the checkpoint in ck holds epoch 2, the last "
                    + "(its model is " + CK.resolve("model-2.vpm") + "); m.vpm was written", note.text(null));
        }
        try (StopNote resumed = new StopNote(null, null, 4, new PrintWriter(new StringWriter()))) {
            resumed.failed();
            assertEquals("vecprop train: stopped as it ended after a failure; no checkpoint was kept (with --checkpoint "
                    + "DIR every epoch is, and --resume goes on from the last)", resumed.text(null));
        }
        try (StopNote resumed = new StopNote(CK, null, 4, new PrintWriter(new StringWriter()))) {
            assertEquals("vecprop train: stopped in epoch 5; the checkpoint in ck holds epoch 4: the same command with "
                    + "--resume goes on from there", resumed.text(null));
        }
    }

    /**
     * A checkpoint folder lost during training (deleted, moved, its lock file gone) gets no --resume advice: the
     * note says what became of it and which checkpoint was written there last, if any; whether the folder is
     * still held is asked when the note is made.
     */
    @Test
    void aLostFolderIsNotSentAResume() throws Exception {
        try (StopNote note = new StopNote(CK, SAVE, 0, new PrintWriter(new StringWriter()))) {
            boolean[] held = {true};
            note.holds(() -> held[0]);
            note.trained(1);
            note.write("the checkpoint", () -> note.checkpointed(1));
            note.epoch(2);
            assertEquals("vecprop train: stopped in epoch 2; the checkpoint in ck holds epoch 1: the same command with "
                    + "--resume goes on from there; m.vpm was not written", note.text(null));
            // Lost in the middle of epoch 2, before the training could notice at its next checkpoint.
            held[0] = false;
            assertEquals("vecprop train: stopped in epoch 2; ck was deleted, moved or lost its lock file "
                    + FolderLock.NAME + " during training (the last checkpoint written was of epoch 1); m.vpm "
                    + "was not written", note.text(null));
        }
        try (StopNote note = new StopNote(CK, SAVE, 0, new PrintWriter(new StringWriter()))) {
            note.trained(1);
            note.write("the checkpoint", () -> note.checkpointed(1));
            note.epoch(2);
            note.trained(2);
            note.holds(() -> false);
            note.failed();
            assertEquals("vecprop train: stopped as it ended after a failure; ck was deleted, moved or lost its lock file "
                    + FolderLock.NAME + " during training (the last checkpoint written was of epoch 1); m.vpm "
                    + "was not written", note.text(null));
        }
        try (StopNote note = new StopNote(CK, SAVE, 0, new PrintWriter(new StringWriter()))) {
            note.trained(1);
            note.holds(() -> false);
            note.failed();
            assertEquals("vecprop train: stopped as it ended after a failure; ck was deleted, moved or lost its lock file "
                    + FolderLock.NAME + " during training; m.vpm was not written", note.text(null));
        }
    }

    /** A --log that is a named pipe nobody reads: the stop waits for the write a while, then names it. */
    @Test
    void aWriteThatDoesNotEndIsNamedAndDoesNotHoldTheStopUp() throws Exception {
        StringWriter said = new StringWriter();
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (StopNote note = new StopNote(CK, null, 0, new PrintWriter(said))) {
            Thread writer = new Thread(() -> {
                try {
                    note.write("the row of epoch 1 of pipe.csv", () -> {
                        writing.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            writer.start();
            writing.await();
            assertTimeoutPreemptively(Duration.ofSeconds(StopNote.PATIENCE_SECONDS + 10), note::stop);
            assertEquals("vecprop train: stopped in epoch 1; no epoch had ended, so ck holds no checkpoint; it was "
                    + "writing the row of epoch 1 of pipe.csv", said.toString().strip());
            release.countDown();
            writer.join();
        }
    }

    /**
     * A checkpoint write that the stop made fail (its temporary file deleted by the shutdown hook) is not
     * reported as a failure, a second line after the note: the write waits for the JVM to stop, and the note,
     * made once the write is over, says the checkpoint was not written.
     */
    @Test
    void aWriteTheStopMadeFailWaitsForTheJvmToStopUnreported(@TempDir Path dir) throws Exception {
        StringWriter said = new StringWriter();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        try (StopNote note = new StopNote(CK, null, 0, new PrintWriter(said))) {
            note.trained(1);
            Thread writer = new Thread(() -> {
                try {
                    note.write("the checkpoint of epoch 1 in ck", () -> AtomicFiles.write(dir.resolve("model-1.vpm"),
                            out -> {
                                out.write(new byte[100]);
                                AtomicFiles.deletePending(); // what SIGTERM does meanwhile
                                out.write(new byte[100]);
                            }));
                    failed.set(new AssertionError("the write returned"));
                } catch (Throwable e) {
                    failed.set(e);
                }
            });
            writer.setDaemon(true); // it waits for a JVM stop that a test does not make
            writer.start();
            writer.join(1000);
            assertTrue(writer.isAlive(), "the writer waits for the JVM to stop");
            assertNull(failed.get());
            note.stop();
            assertEquals("vecprop train: stopped after epoch 1, before its checkpoint; ck holds no checkpoint yet",
                    said.toString().strip());
            // A failure the stop does not explain is the writer's to report.
            IOException full = new IOException("disk full");
            try (StopNote other = new StopNote(CK, null, 0, new PrintWriter(new StringWriter()))) {
                assertSame(full, assertThrows(IOException.class, () -> other.write("x", () -> {
                    throw full;
                })));
            }
        }
    }
}
