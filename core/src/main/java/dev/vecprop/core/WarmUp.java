package dev.vecprop.core;

import dev.vecprop.spi.LossFunction;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Trains a throwaway network on random data in a background thread, so that the JIT compiler has compiled
 * the training step by the time the real training starts: start it before reading the data, close it once
 * the data is read.
 *
 * <p>Why: the Vector API runs as vector instructions only once C2 has compiled the kernels. Until then
 * (interpreted, or compiled by C1) every vector operation allocates, and a training step is tens of times
 * slower than it will be. Started cold, the first epoch of a Fashion-MNIST run spends most of its time
 * there. Reading the data leaves a core idle for about as long as that compilation takes, and this fills it.
 *
 * <p>The scratch network must have the shape, activations, biases and kernels of the one to be trained,
 * and the loss and options must be those of the training (the compiled code follows the calls it was
 * profiled on). It shares nothing with the real network: what it learns is thrown away, and a training
 * run is bit for bit the same with or without a warm-up. Any exception in the background (a loss that
 * refuses the random targets, for example) ends the warm-up quietly; the real training reports its own.
 *
 * <pre>{@code
 * try (WarmUp w = WarmUp.start(scratchNetwork, loss, options)) {
 *     data = read(...);            // the warm-up runs meanwhile
 * }                                 // stopped and joined here
 * trainer.fit(data, test, listener);
 * }</pre>
 */
public final class WarmUp implements AutoCloseable {

    /** Random samples per pass, at least this many and at least eight batches. */
    private static final int MIN_ROWS = 256;

    private final Thread thread;
    private volatile boolean stop;
    private volatile long steps;
    private volatile Throwable ended;

    private WarmUp(Network scratch, LossFunction loss, TrainingOptions options) {
        Trainer trainer = new Trainer(scratch, loss, options);
        Dataset data = randomData(scratch.inputSize(), scratch.outputSize(),
                Math.max(MIN_ROWS, 8 * options.batchSize()), options.seed());
        trainer.onProgress((epoch, done, total) -> {
            steps = steps + 1;
            if (stop) {
                throw new Stopped();
            }
        });
        thread = Thread.ofPlatform().name("vecprop-warm-up").daemon().unstarted(() -> {
            try {
                // epoch() evaluates the test data too, which compiles the forward pass used for it.
                while (!stop) {
                    trainer.resume(0);
                    try {
                        trainer.epoch(data, data);
                    } catch (TrainingDivergedException e) {
                        // The weights went back to before the epoch: go on from there.
                    }
                }
            } catch (Stopped e) {
                // close() asked for it.
            } catch (Throwable e) {
                ended = e;
            }
        });
    }

    /**
     * Starts warming up on a new background (daemon) thread.
     *
     * @param scratch a network with the shape, activations, biases and kernels of the one to be trained,
     *                used for nothing else; its parameters change
     * @param loss    the training's loss
     * @param options the training's options (the batch size and momentum matter)
     * @return the running warm-up; {@link #close()} it before training
     * @throws NullPointerException     if an argument is {@code null}
     * @throws IllegalArgumentException when the loss refuses the network's output activation
     */
    public static WarmUp start(Network scratch, LossFunction loss, TrainingOptions options) {
        Objects.requireNonNull(scratch, "scratch");
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(options, "options");
        WarmUp w = new WarmUp(scratch, loss, options.withEpochs(1));
        w.thread.start();
        return w;
    }

    /**
     * Number of progress reports the warm-up has seen, about a hundred per pass over its random data; for
     * tests and diagnostics.
     *
     * @return a count that grows while the warm-up runs
     */
    public long progress() {
        return steps;
    }

    /**
     * What ended the warm-up before it was closed, if anything did.
     *
     * @return the exception, or {@code null} while it runs or after a normal {@link #close()}
     */
    public Throwable failure() {
        return ended;
    }

    /**
     * Stops the warm-up after the step it is in and waits for its thread to end. Idempotent.
     */
    @Override
    public void close() {
        stop = true;
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Features in [0, 1) with about half of them zero (as in images, where the sparse paths of the first
     * layer matter), and one-hot targets (a 0/1 target for a single output): valid for every built-in loss.
     */
    static Dataset randomData(int inputs, int outputs, int rows, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        float[] x = new float[rows * inputs];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextBoolean() ? 0f : (float) random.nextDouble();
        }
        float[] t = new float[rows * outputs];
        for (int r = 0; r < rows; r++) {
            if (outputs == 1) {
                t[r] = random.nextInt(2);
            } else {
                t[r * outputs + random.nextInt(outputs)] = 1f;
            }
        }
        return Dataset.wrap(inputs, outputs, x, t);
    }

    /** Unwinds the background thread's epoch when the warm-up is closed. */
    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super(null, null, false, false);
        }
    }
}
