package dev.vecprop.cli;

import dev.vecprop.core.Checkpoint;
import dev.vecprop.core.KernelProviders;
import dev.vecprop.core.Layer;
import dev.vecprop.core.Model;
import dev.vecprop.core.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crash-safe training: a training process killed part-way and resumed from its checkpoint ends with the
 * weights of an uninterrupted run; a diverging run keeps the last good model, never a NaN one.
 */
class CrashSafetyTest {

    @TempDir
    Path dir;

    /**
     * Squared error, ½ Σ (y - t)², which halts its JVM (as a kill does: no shutdown hooks, no flushing) at its
     * {@code halt.after}-th value when that property is set, so that the crash falls at the same point of
     * every run, well inside epoch 3, whatever the machine's speed; with {@code halt.exit} it stops the JVM
     * as Ctrl-C or SIGTERM do instead (shutdown hooks run), with Ctrl-C's exit code.
     */
    private static final String HALTING = """
            package test.halting;
            public class Loss implements dev.vecprop.spi.LossFunction {
                private static final long HALT_AFTER = Long.getLong("halt.after", Long.MAX_VALUE);
                private static final java.util.concurrent.atomic.AtomicLong CALLS = new java.util.concurrent.atomic.AtomicLong();
                public String name() { return "halting"; }
                public double value(double[] y, double[] t) {
                    if (CALLS.incrementAndGet() >= HALT_AFTER) {
                        if (Boolean.getBoolean("halt.exit")) { System.exit(130); } else { Runtime.getRuntime().halt(137); }
                    }
                    double s = 0;
                    for (int k = 0; k < y.length; k++) { double d = y[k] - t[k]; s += d * d / 2; }
                    return s;
                }
                public void gradient(double[] y, double[] t, double[] g) {
                    for (int k = 0; k < y.length; k++) { g[k] = y[k] - t[k]; }
                }
            }
            """;

    /** Training and test samples of the embedded digits (1,797, split 0.8): one value call each per epoch. */
    private static final int CALLS_PER_EPOCH = 1797;

    private String[] training() throws Exception {
        Path plugins = dir.resolve("plugins");
        if (!Files.isDirectory(plugins)) {
            TestPlugins.plainJar(Files.createDirectories(plugins), dir, "halting", HALTING);
        }
        return new String[]{"train", "--kernels", "scalar", "--layers", "64,256,10", "--momentum", "0.5",
                "--epochs", "15", "--seed", "7", "--quiet", "--plugin-path", plugins.toString(), "--loss", "halting"};
    }

    @Test
    void aKilledTrainingResumesToTheWeightsOfAnUninterruptedOne() throws Exception {
        Path folder = dir.resolve("checkpoint");
        String[] training = training();
        // The interrupted run: a JVM of its own, halted half-way through epoch 3, after two checkpoints.
        CliRun killed = CliRun.child(List.of("-Dhalt.after=" + (5 * CALLS_PER_EPOCH / 2)),
                concat(training, "--checkpoint", folder.toString()));
        assertEquals(137, killed.code(), killed.both());
        assertEquals(2, Checkpoint.load(folder, KernelProviders.scalar()).epochsDone(), killed.both());

        Path resumed = dir.resolve("resumed.vpm");
        CliRun r = CliRun.run(concat(training, "--checkpoint", folder.toString(), "--resume", "--save", resumed.toString()));
        assertEquals(0, r.code(), r.both());
        Path whole = dir.resolve("whole.vpm");
        CliRun u = CliRun.run(concat(training, "--save", whole.toString()));
        assertEquals(0, u.code(), u.both());

        Model a = ModelFile.load(whole, KernelProviders.scalar());
        Model b = ModelFile.load(resumed, KernelProviders.scalar());
        for (int l = 0; l < a.network().layers().size(); l++) {
            Layer la = a.network().layers().get(l);
            assertArrayEquals(la.parameters(), b.network().layers().get(l).parameters(), "layer " + (l + 1));
        }
        assertEquals(15, Checkpoint.load(folder, KernelProviders.scalar()).epochsDone());
    }

    /** A training stopped by a signal says, as it stops, what its checkpoint holds and how to go on. */
    @Test
    void aStoppedTrainingSaysWhatItsCheckpointHolds() throws Exception {
        Path folder = dir.resolve("checkpoint");
        Path model = dir.resolve("never.vpm");
        CliRun stopped = CliRun.child(List.of("-Dhalt.after=" + (5 * CALLS_PER_EPOCH / 2), "-Dhalt.exit=true"),
                concat(training(), "--checkpoint", folder.toString(), "--save", model.toString()));
        assertEquals(130, stopped.code(), stopped.both());
        assertEquals("vecprop train: stopped in epoch 3; the checkpoint in " + folder + " holds epoch 2: the same "
                + "command with --resume goes on from there; " + model + " was not written",
                stopped.err().lines().filter(l -> !l.startsWith("WARNING")).reduce((a, b) -> b).orElse(""),
                stopped.both());
        assertEquals(2, Checkpoint.load(folder, KernelProviders.scalar()).epochsDone());
        assertFalse(Files.exists(model));

        CliRun uncheckpointed = CliRun.child(List.of("-Dhalt.after=" + (CALLS_PER_EPOCH / 2), "-Dhalt.exit=true"),
                training());
        assertEquals(130, uncheckpointed.code(), uncheckpointed.both());
        assertTrue(uncheckpointed.err().contains("vecprop train: stopped in epoch 1; no checkpoint was kept (with "
                + "--checkpoint DIR every epoch is, and --resume goes on from the last)"), uncheckpointed.both());
    }

    @Test
    void aDivergingRunSavesTheLastGoodModelAndSaysSo() throws IOException {
        Path csv = dir.resolve("line.csv");
        StringBuilder sb = new StringBuilder("x,y\n");
        for (int i = 0; i < 40; i++) {
            sb.append(i).append(',').append(3 * i + 1).append('\n');
        }
        Files.writeString(csv, sb);
        Path save = dir.resolve("line.vpm");
        CliRun r = CliRun.run("train", "--kernels", "scalar", "--data", csv.toString(), "--targets", "y", "--scale", "none",
                "--layers", "1,4,1", "--hidden", "identity", "--lr", LR, "--epochs", "30", "--quiet",
                "--save", save.toString());
        assertEquals(1, r.code(), r.both());
        assertTrue(r.err().contains("vecprop train: training diverged in epoch "), r.err());
        assertTrue(r.err().contains("the learning rate 6.5E-4 is probably too large"), r.err());
        assertTrue(r.err().contains("(the last good one) was saved to " + save), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("vecprop train:")).count(), r.err());
        Model kept = ModelFile.load(save, KernelProviders.scalar());
        for (Layer l : kept.network().layers()) {
            for (float w : l.parameters()) {
                assertTrue(Float.isFinite(w), "a saved weight is " + w);
            }
        }
        assertFalse(r.err().contains("Exception"), r.err());
    }

    /** Found by trying: at 0.0006 this run converges, at 0.0007 it diverges in the first epoch. */
    static final String LR = "0.00065";

    private static String[] concat(String[] a, String... b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
