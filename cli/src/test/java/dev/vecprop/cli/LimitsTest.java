package dev.vecprop.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Beyond the limits: a value that the scaling maps beyond the float range, a batch larger than the data, a
 * network larger than the heap. Each ends in one line or in a run that works, never in NaN output or a
 * stack trace.
 */
class LimitsTest {

    @TempDir
    Path dir;

    @Test
    void aValueThatScalesToInfinityIsRefusedWithItsFileAndLine() throws IOException {
        // Features in [0, 0.1]: min-max multiplies by 10, so 3e38 becomes infinite.
        Path small = Files.writeString(dir.resolve("small.csv"), "a,b,label\n0,0.1,p\n0.1,0,q\n0.05,0.05,p\n0.02,0.09,q\n");
        Path huge = Files.writeString(dir.resolve("huge.csv"), "a,b,label\n0,0.1,p\n3e38,0,q\n");
        Path model = dir.resolve("small.vpm");
        CliRun trained = CliRun.run("train", "--data", small.toString(), "--epochs", "1", "--save", model.toString());
        assertEquals(0, trained.code(), trained.both());

        String problem = huge + ": line 3: feature 'a': 3.0E38 is too far outside the training data's range for the "
                + "minmax scaling (it scales to Infinity)\n";
        Path out = dir.resolve("p.csv");
        CliRun predicted = CliRun.run("predict", "--model", model.toString(), "--data", huge.toString(), "--label", "label",
                "--out", out.toString());
        assertEquals(1, predicted.code(), predicted.both());
        assertEquals("vecprop predict: " + problem, predicted.err());
        assertFalse(Files.exists(out));
        CliRun evaluated = CliRun.run("eval", "--model", model.toString(), "--data", huge.toString());
        assertEquals(1, evaluated.code(), evaluated.both());
        assertEquals("vecprop eval: " + problem, evaluated.err());
        CliRun tested = CliRun.run("train", "--data", small.toString(), "--test", huge.toString(), "--epochs", "1");
        assertEquals(1, tested.code(), tested.both());
        assertEquals("vecprop train: " + problem, tested.err());
    }

    @Test
    void aBatchLargerThanTheTrainingSetIsTheWholeSet() {
        CliRun r = CliRun.run("train", "--data", "../data/iris.csv", "--batch", "100000000", "--epochs", "1");
        assertEquals(0, r.code(), r.both());
        assertTrue(r.out().contains(", batch 150 (all the training samples; --batch 100000000),"), r.out());
    }

    /**
     * eval reads a chunk at a time, as predict does: a million rows in a heap of 24 MiB, where reading them
     * whole (their floats, and a String for each label) ran out of 32. (That the figures do not depend on where
     * the chunks end is RunningEvaluationTest's.)
     */
    @Test
    void evalReadsAFileOfAnySizeInTheMemoryOfAChunk() throws Exception {
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        StringBuilder rows = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 1_000_000; i++) {
            int a = random.nextInt(1000);
            int b = random.nextInt(1000);
            rows.append(a).append(',').append(b).append(',').append(a > b ? 'x' : 'y').append('\n');
        }
        Path big = Files.writeString(dir.resolve("big.csv"), rows);
        Path prefix = Files.writeString(dir.resolve("prefix.csv"), rows.substring(0, rows.indexOf("\n", 100_000) + 1));
        Path model = dir.resolve("big.vpm");
        CliRun trained = CliRun.run("train", "--data", prefix.toString(), "--epochs", "1", "--batch", "16", "--lr", "0.5",
                "--save", model.toString(), "-q");
        assertEquals(0, trained.code(), trained.both());
        CliRun r = CliRun.child(List.of("-Xmx24m"), "eval", "--model", model.toString(), "--data", big.toString());
        assertEquals(0, r.code(), r.both());
        assertTrue(r.out().contains("data " + big + ": 1000000 samples\n"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("accuracy: 0\\.9\\d{3} \\(\\d{6} of 1000000\\)")), r.out());
    }

    @Test
    void runningOutOfMemoryIsOneLine() throws Exception {
        // 64 x 50,000 weights, their velocity and the copies kept against divergence need more than 32 MiB.
        CliRun r = CliRun.child(List.of("-Xmx32m"), "train", "--layers", "64,50000,10", "--epochs", "1",
                "--momentum", "0.9", "-q");
        assertEquals(1, r.code(), r.both());
        assertEquals(List.of("vecprop: out of memory; give the JVM more with VECPROP_JAVA_OPTS=-Xmx8g"),
                r.err().lines().filter(l -> !l.startsWith("WARNING")).toList());
        CliRun verbose = CliRun.child(List.of("-Xmx32m"), "train", "--layers", "64,50000,10", "--epochs", "1",
                "--momentum", "0.9", "-q", "--verbose");
        assertEquals(1, verbose.code(), verbose.both());
        assertTrue(verbose.err().contains("java.lang.OutOfMemoryError"), "--verbose adds the stack trace: " + verbose.err());
    }
}
