package dev.vecprop.cli;

import dev.vecprop.core.internal.AtomicFiles;
import dev.vecprop.core.internal.OneLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What a training stopped by Ctrl-C or SIGTERM leaves, said as the JVM stops: the epoch it was in, what the
 * checkpoint holds and how to go on, whether --save was written. The training's writes (the log's rows, the
 * checkpoints, the model) go through {@link #write}, under a lock the note is made under, and none begins once
 * the note is made, so that it tells what is on disk. A write that does not end (a named pipe nobody reads)
 * does not hold the stop up: the note waits for it {@link #PATIENCE_SECONDS} seconds at most, then names it.
 */
final class StopNote implements AutoCloseable {

    /** How long the note waits for a write under way to end. */
    static final int PATIENCE_SECONDS = 2;

    /** A write of the training's. */
    @FunctionalInterface
    interface Write {
        void run() throws IOException;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Path checkpoint;
    private final Path save;
    private final PrintWriter err;
    private final Thread hook;
    private volatile boolean stopping;
    private volatile int epochUnderWay;
    /** The last epoch whose training is done (its row printed), its log row and checkpoint maybe not yet. */
    private volatile int trainedEpoch;
    private volatile int checkpointed;
    private volatile int lastEpoch;
    private volatile boolean finished;
    private volatile boolean failed;
    private volatile boolean saved;
    private volatile java.util.function.BooleanSupplier holds = () -> true;
    private volatile String writing;

    /**
     * Registers the note with the JVM, until {@link #close}.
     *
     * @param checkpoint   the --checkpoint folder, or null
     * @param save         the --save file, or null
     * @param epochsDone   the epochs done before (those of a resumed checkpoint, which it holds), or 0
     * @param err          where the note goes
     */
    StopNote(Path checkpoint, Path save, int epochsDone, PrintWriter err) {
        this.checkpoint = checkpoint;
        this.save = save;
        this.err = err;
        this.checkpointed = checkpoint != null ? epochsDone : 0;
        this.epochUnderWay = epochsDone + 1;
        this.hook = new Thread(this::stop, "vecprop-train-stopped");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Epoch {@code n} begins. */
    void epoch(int n) {
        epochUnderWay = n;
    }

    /** Epoch {@code n} is trained and its row printed; its log row and checkpoint follow. */
    void trained(int n) {
        trainedEpoch = n;
    }

    /** The checkpoint folder now holds epoch {@code n}; called inside its {@link #write}. */
    void checkpointed(int n) {
        checkpointed = n;
    }

    /** The last epoch, {@code n}, is done: what follows is the final evaluation and the saving of the model. */
    void finished(int n) {
        lastEpoch = n;
        finished = true;
    }

    /** The training failed (diverged, its loss plugin failed, its log could not be written) and is ending. */
    void failed() {
        failed = true;
    }

    /**
     * How the note tells, when it is made, whether the checkpoint folder is still this training's: one deleted,
     * moved or whose lock file is gone is said to be so, with the last checkpoint written, instead of
     * being sent a --resume. Until this is called the folder counts as held.
     */
    void holds(java.util.function.BooleanSupplier held) {
        holds = held;
    }

    /** --save is written; called inside its {@link #write}. */
    void saved() {
        saved = true;
    }

    /**
     * Runs {@code write} under the note's lock, unless the JVM is stopping: then it waits for the JVM to stop,
     * the note having been made without it. So does a write that the stop made fail ({@link
     * AtomicFiles.Stopped}): the note, made once the lock is free, says what is on disk, and the failure is not
     * said a second time.
     *
     * @param what the file or record being written, as the note would name it
     */
    void write(String what, Write write) throws IOException {
        boolean stoppedIt = false;
        lock.lock();
        try {
            waitWhileStopping();
            writing = what;
            write.run();
        } catch (IOException | RuntimeException e) {
            if (!AtomicFiles.Stopped.within(e)) {
                throw e;
            }
            stoppedIt = true;
        } finally {
            writing = null;
            lock.unlock();
        }
        if (stoppedIt) {
            stopping = true;
            waitWhileStopping();
        }
    }

    /** Waits, while the JVM stops, for it to stop. */
    private void waitWhileStopping() {
        while (stopping) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                // the JVM is stopping
            }
        }
    }

    /** The hook: makes the note under the lock (or without it, after waiting for a write that does not end). */
    void stop() {
        boolean locked = false;
        try {
            locked = lock.tryLock(PATIENCE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            // say what is known
        }
        String note;
        try {
            stopping = true;
            note = text(locked ? null : writing);
        } finally {
            if (locked) {
                lock.unlock();
            }
        }
        err.println(OneLine.of(note));
        err.flush();
    }

    /** The note, naming {@code busy}, the write that had not ended, when there is one. */
    String text(String busy) {
        int kept = checkpointed;
        return "vecprop train: stopped " + (failed ? "as it ended after a failure"
                : finished ? "after epoch " + lastEpoch + ", the last"
                // Its row on screen, its checkpoint not yet written: after that epoch, not in it.
                : trainedEpoch == epochUnderWay ? "after epoch " + trainedEpoch + (checkpoint != null
                && checkpointed < trainedEpoch ? ", before its checkpoint" : "") : "in epoch " + epochUnderWay)
                + (checkpoint == null
                ? "; no checkpoint was kept (with --checkpoint DIR every epoch is, and --resume goes on from the last)"
                : !holds.getAsBoolean() ? "; " + checkpoint + " " + LOST + (kept > 0 ? " (the last checkpoint written was of epoch "
                + kept + ")" : "")
                : kept > 0 && finished && kept == lastEpoch ? "; the checkpoint in " + checkpoint + " holds epoch " + kept
                + ", the last (its model is " + checkpoint.resolve("model-" + kept + ".vpm") + ")"
                : kept > 0 ? "; the checkpoint in " + checkpoint + " holds epoch " + kept
                + ": the same command with --resume goes on from there"
                : trainedEpoch > 0 ? "; " + checkpoint + " holds no checkpoint yet"
                : "; no epoch had ended, so " + checkpoint + " holds no checkpoint")
                + (save == null ? "" : "; " + save + (saved ? " was written" : " was not written"))
                + (busy == null ? "" : "; it was writing " + busy);
    }

    /** What happened to a checkpoint folder that is no longer the training's, after its name. */
    static final String LOST = "was deleted, moved or lost its lock file " + FolderLock.NAME + " during training";

    /** Unregisters the note: the training is over. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is stopping: the note is on its way
        }
    }
}
