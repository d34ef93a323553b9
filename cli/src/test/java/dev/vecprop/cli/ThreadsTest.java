package dev.vecprop.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --threads}: checked, shown, and without effect on the results. */
class ThreadsTest {

    @TempDir
    Path dir;

    @Test
    void theModelTrainedIsTheSameOnOneTwoAndThreeThreads() throws IOException {
        // Batches of 256 on the embedded digits (64-256-10): large enough for the products (256 x 64 x 256
        // multiply-adds, 2^22), the sigmoid and its derivative to be split.
        byte[] one = train(1);
        byte[] two = train(2);
        byte[] three = train(3);
        assertArrayEquals(one, two, "the model saved after training on 2 threads differs from 1 thread's");
        assertArrayEquals(one, three, "the model saved after training on 3 threads differs from 1 thread's");
        assertArrayEquals(two, train(2), "two runs on 2 threads differ");
    }

    private byte[] train(int threads) throws IOException {
        Path model = dir.resolve("digits-" + threads + "-" + System.nanoTime() + ".vpm");
        CliRun r = CliRun.run("train", "--layers", "64,256,10", "--hidden", "sigmoid", "--batch", "256",
                "--epochs", "3", "--seed", "5", "--momentum", "0.5", "--threads", String.valueOf(threads),
                "--save", model.toString());
        assertEquals(0, r.code(), r.both());
        assertTrue(r.out().contains(" on " + threads + (threads == 1 ? " thread" : " threads")), r.out());
        // On the best kernels this JVM can run: simd in the surefire execution that adds jdk.incubator.vector.
        assertTrue(r.out().startsWith("Kernels: " + CommandsTest.PROVIDERS.getLast() + " ("), r.out());
        return Files.readAllBytes(model);
    }

    @Test
    void evalAndPredictGiveTheSameOutputOnAnyNumberOfThreads() throws IOException {
        // A 64-256-10 network on the 1,797 digits: eval's single batch of every sample and predict's chunks of
        // 256 are split, products (256 x 256 x 64 multiply-adds and more, against 2^22) and sigmoids (65,536
        // values and more, against 2^13) alike.
        Path model = dir.resolve("digits.vpm");
        CliRun train = CliRun.run("train", "--layers", "64,256,10", "--batch", "128", "--epochs", "1", "--seed", "5",
                "--threads", "2", "--save", model.toString(), "--quiet");
        assertEquals(0, train.code(), train.both());
        CliRun eval1 = eval(model, 1);
        CliRun eval3 = eval(model, 3);
        assertTrue(eval1.out().contains("data " + DIGITS + ": 1797 samples"), eval1.out());
        assertEquals(eval1.out(), eval3.out());
        byte[] predict1 = predict(model, 1);
        assertEquals(1798, new String(predict1, java.nio.charset.StandardCharsets.UTF_8).lines().count());
        assertArrayEquals(predict1, predict(model, 3), "the predictions on 3 threads differ from 1 thread's");
    }

    private static final Path DIGITS = Path.of("../data/digits.csv");

    private static CliRun eval(Path model, int threads) {
        CliRun r = CliRun.run("eval", "--model", model.toString(), "--data", DIGITS.toString(), "--label", "digit",
                "--threads", String.valueOf(threads));
        assertEquals(0, r.code(), r.both());
        return r;
    }

    private byte[] predict(Path model, int threads) throws IOException {
        Path out = dir.resolve("predictions-" + threads + ".csv");
        CliRun r = CliRun.run("predict", "--model", model.toString(), "--data", DIGITS.toString(), "--label", "digit",
                "--threads", String.valueOf(threads), "--out", out.toString());
        assertEquals(0, r.code(), r.both());
        return Files.readAllBytes(out);
    }

    @Test
    void fewerThanOneThreadIsAUsageError() {
        for (String command : new String[]{"train", "eval", "predict"}) {
            for (String n : new String[]{"0", "-2"}) {
                CliRun r = command.equals("train") ? CliRun.run("train", "--threads", n)
                        : CliRun.run(command, "--model", "nothing.vpm", "--data", "nothing.csv", "--threads", n);
                assertEquals(2, r.code(), r.both());
                assertEquals("vecprop " + command + ": --threads must be at least 1, not " + n + " (see vecprop "
                        + command + " --help)\n", r.err(), r.both());
            }
        }
        CliRun notANumber = CliRun.run("train", "--threads", "two");
        assertEquals(2, notANumber.code(), notANumber.both());
        assertEquals(1, notANumber.err().lines().count(), notANumber.both());
    }

    @Test
    void moreThreadsThanProcessorsIsWarnedOfAndStillRuns() {
        int n = Runtime.getRuntime().availableProcessors();
        CliRun r = CliRun.run("train", "--epochs", "1", "--threads", String.valueOf(n + 1));
        assertEquals(0, r.code(), r.both());
        assertEquals("vecprop train: warning: --threads " + (n + 1) + " is more than the " + n + " processors this "
                + "JVM may use: the extra threads wait for a processor, which is usually slower than --threads " + n
                + "\n", r.err(), r.both());
        assertTrue(r.out().contains(" on " + (n + 1) + " threads"), r.out());
        CliRun asMany = CliRun.run("train", "--epochs", "1", "--threads", String.valueOf(n));
        assertEquals("", asMany.err(), asMany.both());
    }

    @Test
    void theDefaultIsEveryProcessor() {
        CliRun r = CliRun.run("train", "--epochs", "1");
        assertEquals(0, r.code(), r.both());
        int n = Runtime.getRuntime().availableProcessors();
        String header = r.out().lines().findFirst().orElseThrow();
        assertTrue(header.startsWith("Kernels: ") && header.contains(" on " + n + (n == 1 ? " thread" : " threads")),
                r.out());
    }
}
