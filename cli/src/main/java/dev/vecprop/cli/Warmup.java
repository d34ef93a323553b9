package dev.vecprop.cli;

import dev.vecprop.core.Dataset;
import dev.vecprop.core.FeedForwardNetwork;
import dev.vecprop.core.LossRegistry;
import dev.vecprop.core.Trainer;
import dev.vecprop.core.TrainingOptions;
import dev.vecprop.spi.Activation;
import dev.vecprop.spi.Kernels;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Training steps on a throwaway network of the run's shape, on random data, while the data is read: the JIT
 * compiles the kernels then, instead of during the first epoch. Vector API code runs hundreds of times slower
 * before C2 has compiled it, so without this the first epoch of a large data set spends seconds in kernels
 * that are not compiled yet (docs/benchmarks.md, "Speed at scale").
 *
 * <p>The steps are small (at most 4 samples, so that many of them fit in the reading time; at batch 1 they
 * are epochs of up to {@value #SAMPLES} samples, since an epoch of single samples carries each weight step
 * into the next sample's forward pass, which a lone step does not) and use the
 * run's kernels, layer sizes and hidden activation, with softmax cross-entropy, a built-in loss: never the
 * run's own loss, whose plugin may count its calls or have other effects. Nothing of them reaches the real
 * training: the network, trainer and data are their own, and the kernels keep no state between calls that
 * changes a result. Any failure ends the warm-up silently; the real training reports its own.
 * {@code -Dvecprop.warmup=false} turns it off.
 */
final class Warmup {

    /**
     * Most samples of the warm-up's epochs at batch 1: each epoch snapshots and checks the parameters and
     * makes its order of samples, work that long epochs spread over more steps.
     */
    private static final int SAMPLES = 2048;
    /** Most multiply-adds of one of those epochs' forward passes, so that stopping waits some 20 ms at most. */
    private static final long EPOCH_WORK = 1L << 27;

    /** The system property that turns the warm-up off when "false". */
    static final String PROPERTY = "vecprop.warmup";

    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;
    private volatile int steps;

    private Warmup(Kernels kernels, int[] sizes, Activation hidden, int batch, float momentum) {
        thread = Thread.ofPlatform().name("vecprop-warmup").daemon()
                .unstarted(() -> run(kernels, sizes, hidden, batch, momentum));
    }

    /**
     * Starts warming up for a run of {@code sizes} (input size, then units per layer) at {@code batch} with
     * {@code momentum} (whether it is 0 decides which per-sample step compiles), unless the property turns it
     * off; {@code null} when it does not start.
     */
    static Warmup start(Kernels kernels, int[] sizes, Activation hidden, int batch, float momentum) {
        if (sizes == null || "false".equalsIgnoreCase(System.getProperty(PROPERTY))) {
            return null;
        }
        Warmup w = new Warmup(kernels, sizes.clone(), hidden, batch == 1 ? 1 : Math.min(batch, 4), momentum);
        w.thread.start();
        return w;
    }

    /** The steps taken so far. */
    int steps() {
        return steps;
    }

    /**
     * Ends the warm-up after its current step and waits for it; the kernels are then the caller's alone.
     *
     * @return the steps it took
     */
    int stop() {
        stop.set(true);
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
        return steps;
    }

    private void run(Kernels kernels, int[] sizes, Activation hidden, int rows, float momentum) {
        try {
            int outputs = sizes[sizes.length - 1];
            FeedForwardNetwork.Builder b = FeedForwardNetwork.builder(sizes[0]);
            for (int l = 1; l < sizes.length; l++) {
                b.layer(sizes[l], l < sizes.length - 1 ? hidden : outputs > 1 ? Activation.SOFTMAX : Activation.SIGMOID);
            }
            FeedForwardNetwork net = b.seed(1).kernels(kernels).build();
            String loss = outputs > 1 ? "softmax-cross-entropy" : "binary-cross-entropy";
            Trainer trainer = new Trainer(net, LossRegistry.system().get(loss), TrainingOptions.defaults()
                    .withBatchSize(rows).withLearningRate(0.01f).withMomentum(momentum).withEpochs(Integer.MAX_VALUE));
            // Half the inputs zero, as in images: the per-sample path skips zero inputs.
            SplittableRandom random = new SplittableRandom(1);
            long work = 0;
            for (int l = 1; l < sizes.length; l++) {
                work += (long) sizes[l - 1] * sizes[l];
            }
            int samples = rows == 1 ? (int) Math.max(2, Math.min(SAMPLES, EPOCH_WORK / work)) : rows;
            float[] x = new float[samples * sizes[0]];
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextBoolean() ? 0f : random.nextFloat();
            }
            float[] t = new float[samples * outputs];
            for (int r = 0; r < samples; r++) {
                t[r * outputs + (outputs > 1 ? random.nextInt(outputs) : 0)] = outputs > 1 ? 1f : random.nextInt(2);
            }
            Dataset data = rows == 1 ? Dataset.of(sizes[0], outputs, x, t) : null;
            while (!stop.get()) {
                if (data != null) {
                    trainer.epoch(data, null);
                    steps += samples;
                } else {
                    trainer.step(x, t, rows);
                    steps++;
                }
            }
        } catch (RuntimeException | Error e) {
            // Not the run's problem: a real failure shows again, and is reported, when the run trains.
        }
    }
}
