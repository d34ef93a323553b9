package dev.vecprop.cli;

import dev.vecprop.core.KernelProviders;
import dev.vecprop.core.Layer;
import dev.vecprop.core.Model;
import dev.vecprop.core.ModelFile;
import dev.vecprop.testfiles.IdxFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every command end to end, in this JVM, on real and generated files. */
class CommandsTest {

    static final Path IRIS = Path.of("../data/iris.csv");

    /**
     * The kernels providers that can run in this test JVM, the best last, as cli/pom.xml declares them for each
     * surefire execution: scalar alone in the JVM without jdk.incubator.vector, scalar and simd in the one with it.
     */
    static final List<String> PROVIDERS = List.of(System.getProperty("vecprop.test.kernels", "scalar").split(","));

    @TempDir
    Path dir;

    @Test
    void withoutTestDataTheResultIsWhatEvalOfTheSavedModelGives() {
        Path model = dir.resolve("iris.vpm");
        CliRun train = CliRun.run("train", "--data", "../data/iris.csv", "--label", "species", "--epochs", "3", "-q",
                "--save", model.toString());
        assertEquals(0, train.code(), train.both());
        CliRun eval = CliRun.run("eval", "--model", model.toString(), "--data", "../data/iris.csv", "--label", "species");
        assertEquals(0, eval.code(), eval.both());
        Matcher m = Pattern.compile("(?m)^accuracy: (\\d\\.\\d{4}) ").matcher(eval.out());
        assertTrue(m.find(), eval.out());
        assertTrue(hasLine(train.out(), "training accuracy " + m.group(1)), train.out() + eval.out());
        // The table's last training accuracy is a running figure, gathered while the weights moved.
        Matcher row = Pattern.compile("(?m)^ +3 +\\d+\\.\\d{4} +(\\d\\.\\d{4}) ").matcher(train.out());
        assertTrue(row.find(), train.out());
        assertNotEquals(row.group(1), m.group(1), "this case should tell the two apart: " + train.out());
    }

    @Test
    void noArgumentsTrainsOnTheEmbeddedDigitsAndPrintsTheTable() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[0], new PrintWriter(out), new PrintWriter(err), false);
        assertEquals(0, code, err.toString());
        String text = out.toString();
        assertTrue(text.contains("embedded digits.csv, 1797 samples, 64 features, 10 classes; training on 1438, testing on 359"), text);
        assertTrue(text.contains("epoch       loss  train acc   test acc    samples/s   elapsed"), text);
        assertEquals(20, Pattern.compile("(?m)^ +\\d+ +\\d+\\.\\d{4} ").matcher(text).results().count(), text);
        assertFalse(text.contains("\r"), "no progress bar when the output is not a terminal");
        assertTrue(lastAccuracy(text, "test accuracy") > 0.93, text);
    }

    @Test
    void aTestSplitOfZeroTrainsOnEveryEmbeddedSample() {
        CliRun train = CliRun.run("train", "--test-split", "0", "--epochs", "2");
        assertEquals(0, train.code(), train.both());
        assertTrue(hasLine(train.out(), "data: embedded digits.csv, 1797 samples, 64 features, 10 classes; training on "
                + "all, no test data"), train.out());
        assertFalse(train.out().contains("test acc"), train.out());
        // No empty test column: each row's samples/s right under its heading.
        assertTrue(hasLine(train.out(), "epoch       loss  train acc    samples/s   elapsed"), train.out());
        assertTrue(train.out().lines().anyMatch(l -> l.matches("    2 +\\d\\.\\d{4} +\\d\\.\\d{4} {2,}\\d{1,12} +\\d+\\.\\ds")
                && l.length() == "epoch       loss  train acc    samples/s   elapsed".length()), train.out());
    }

    /** Figures of ten thousand and more (the loss of targets near a million) keep the table's columns. */
    @Test
    void anEpochTableOfLargeFiguresKeepsItsColumns() throws IOException {
        StringBuilder rows = new StringBuilder("rooms,area,price\n");
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < 200; i++) {
            int r = random.nextInt(1, 7);
            double a = random.nextDouble(30, 200);
            rows.append(r).append(',').append(a).append(',').append(50_000 + 20_000 * r + 1500 * a).append('\n');
        }
        Path data = Files.writeString(dir.resolve("house.csv"), rows);
        CliRun r = CliRun.run("train", "--data", data.toString(), "--targets", "price", "--epochs", "3",
                "--test-split", "0.2", "-q");
        assertEquals(0, r.code(), r.both());
        List<String> table = r.out().lines().filter(l -> l.matches("\\s*(epoch|\\d+) .*")).toList();
        assertEquals(4, table.size(), r.out());
        for (String line : table) {
            assertEquals(table.getFirst().length(), line.length(), r.out());
        }
        assertTrue(table.get(1).matches("    1 +\\d\\.\\d{3}e\\+\\d{2} +\\d\\.\\d{3}e\\+\\d{2} +\\d\\.\\d{3}e\\+\\d{2} .*"),
                r.out());
        assertEquals("0.8700", EpochTable.figure(0.87));
        assertEquals("9999.1235", EpochTable.figure(9999.12345));
        assertEquals("1.000e+04", EpochTable.figure(10_000));
        assertEquals("-1.237e+06", EpochTable.figure(-1_236_670.77));
        assertEquals("NaN", EpochTable.figure(Double.NaN));
    }

    @Test
    void predictQuotesClassNamesThatHoldADoubleQuote() throws IOException {
        StringBuilder csv = new StringBuilder("a,b,kind\n");
        for (int i = 0; i < 20; i++) {
            csv.append(i % 2).append(',').append(1 - i % 2).append(',').append(i % 2 == 0 ? "\"set osa" : "5\" bolt").append('\n');
        }
        Path data = Files.writeString(dir.resolve("quotes.csv"), csv);
        Path model = dir.resolve("quotes.vpm");
        CliRun train = CliRun.run("train", "--data", data.toString(), "--epochs", "1", "-q", "--save", model.toString());
        assertEquals(0, train.code(), train.both());
        CliRun predict = CliRun.run("predict", "--model", model.toString(), "--data", data.toString(), "--label", "kind");
        assertEquals(0, predict.code(), predict.both());
        List<String> lines = predict.out().lines().toList();
        assertEquals("class,\"p_\"\"set osa\",\"p_5\"\" bolt\"", lines.getFirst());
        assertTrue(lines.get(1).startsWith("\"\"\"set osa\",") || lines.get(1).startsWith("\"5\"\" bolt\","), lines.get(1));
        assertEquals(21, lines.size());
    }

    /**
     * Outputs that are not probabilities (an identity or tanh output trained with mse: scores that can be negative
     * or above 1) are named out_CLASS, not p_CLASS; a single one is written once, not as 1 - y and y.
     */
    @Test
    void predictNamesOutputsThatAreNotProbabilitiesOut() throws IOException {
        Path data = CliRun.writeEvenOdd(dir.resolve("even-odd.csv"));
        String skipped = "a,b\n1,2\nnan,1\n3,4\n";
        Path withBad = Files.writeString(dir.resolve("bad.csv"), skipped);
        for (String[] c : new String[][]{{"identity", "2,3,2", "class,out_even,out_odd", ",,"},
                {"tanh", "2,3,1", "class,out_odd", ","}, {"sigmoid", "2,3,1", "class,p_even,p_odd", ",,"},
                {"softmax", "2,3,2", "class,p_even,p_odd", ",,"}}) {
            Path model = dir.resolve(c[0] + ".vpm");
            CliRun train = CliRun.run("train", "--data", data.toString(), "--epochs", "2", "-q", "--layers", c[1],
                    "--output", c[0], "--loss", c[0].equals("softmax") ? "softmax-cross-entropy" : "mse",
                    "--save", model.toString());
            assertEquals(0, train.code(), train.both());
            CliRun predict = CliRun.run("predict", "--model", model.toString(), "--data", data.toString(), "--label", "kind");
            assertEquals(0, predict.code(), predict.both());
            List<String> lines = predict.out().lines().toList();
            assertEquals(c[2], lines.getFirst(), c[0]);
            Model m = ModelFile.load(model);
            float[] y = m.predict(new float[]{0, 0});
            String expected = m.predictLabel(new float[]{0, 0}) + (c[2].startsWith("class,p_") && y.length == 1
                    ? "," + (1f - y[0]) + "," + y[0] : y.length == 1 ? "," + y[0] : "," + y[0] + "," + y[1]);
            assertEquals(expected, lines.get(1), c[0] + ": the first sample, 0,0");
            // A record skipped by --skip-bad: a row of as many empty fields.
            CliRun bad = CliRun.run("predict", "--model", model.toString(), "--data", withBad.toString(), "--skip-bad");
            assertEquals(0, bad.code(), bad.both());
            assertEquals(c[3], bad.out().lines().toList().get(2), c[0]);
        }
    }

    /** A count of one is written in the singular, and no scaling is not "none scaling". */
    @Test
    void countsOfOneAreSingular() throws IOException {
        Path data = Files.writeString(dir.resolve("one.csv"), "x,kind\n1,a\n2,b\n");
        Path model = dir.resolve("one.vpm");
        CliRun train = CliRun.run("train", "--data", data.toString(), "--epochs", "1", "--scale", "none",
                "--save", model.toString());
        assertEquals(0, train.code(), train.both());
        assertTrue(hasLine(train.out(), "data: " + data + ", 2 samples, 1 feature, 2 classes; training on all, no test data"),
                train.out());
        assertTrue(train.out().contains(", no scaling, batch 1, learning rate 0.1, momentum 0.0, 1 epoch, seed 42\n"),
                train.out());
        Path sample = Files.writeString(dir.resolve("sample.csv"), "x,kind\n1,a\n");
        CliRun eval = CliRun.run("eval", "--model", model.toString(), "--data", sample.toString());
        assertEquals(0, eval.code(), eval.both());
        assertTrue(eval.out().contains(", loss softmax-cross-entropy, no scaling of 1 feature x\ndata " + sample
                + ": 1 sample\n"), eval.out());
        CliRun predict = CliRun.run("predict", "--model", model.toString(), "--data", sample.toString(), "--label", "kind",
                "--out", dir.resolve("p.csv").toString());
        assertEquals(0, predict.code(), predict.both());
        assertEquals("wrote 1 prediction to " + dir.resolve("p.csv") + "\n", predict.err());
    }

    @Test
    void stopAtEndsTrainingAtTheFirstEpochThatReachesTheTestAccuracy() throws IOException {
        Path model = dir.resolve("stopped.vpm");
        Path runDir = dir.resolve("run");
        CliRun r = CliRun.run("train", "--epochs", "30", "--stop-at", "0.95", "--save", model.toString(),
                "--checkpoint", runDir.toString(), "-q");
        assertEquals(0, r.code(), r.both());
        List<Double> acc = testAccuracies(r.out());
        int last = acc.size();
        assertTrue(last < 30, "reached 0.95 before epoch 30: " + r.out());
        for (int e = 0; e < last - 1; e++) {
            assertTrue(acc.get(e) < 0.95, "epoch " + (e + 1) + " already reached it: " + r.out());
        }
        assertTrue(acc.get(last - 1) >= 0.95, r.out());
        assertTrue(hasLine(r.out(), "stopped after epoch " + last + ": test accuracy at least 0.95 (--stop-at)"), r.out());

        // Stopping changes nothing before it: a run told to train that many epochs prints the same ones and
        // saves the same model, byte for byte.
        Path fixedModel = dir.resolve("fixed.vpm");
        CliRun fixed = CliRun.run("train", "--epochs", String.valueOf(last), "--save", fixedModel.toString(), "-q");
        assertEquals(testAccuracies(fixed.out()), acc, fixed.out());
        assertArrayEquals(Files.readAllBytes(fixedModel), Files.readAllBytes(model));

        // Resumed from its checkpoint, the stopped run has nothing left to train, as if never interrupted.
        Path resumedModel = dir.resolve("resumed.vpm");
        CliRun resumed = CliRun.run("train", "--epochs", "30", "--stop-at", "0.95", "--save", resumedModel.toString(),
                "--checkpoint", runDir.toString(), "--resume", "-q");
        assertEquals(0, resumed.code(), resumed.both());
        assertEquals(List.of(), testAccuracies(resumed.out()), resumed.out());
        assertTrue(hasLine(resumed.out(), "the test accuracy after epoch " + last + " is already at least 0.95 "
                + "(--stop-at): no epoch to train"), resumed.out());
        assertTrue(hasLine(resumed.out(), String.format(Locale.ROOT, "test accuracy %.4f", acc.get(last - 1))), resumed.out());
        assertArrayEquals(Files.readAllBytes(model), Files.readAllBytes(resumedModel));

        CliRun never = CliRun.run("train", "--epochs", "2", "--stop-at", "1", "-q");
        assertEquals(0, never.code(), never.both());
        assertEquals(2, testAccuracies(never.out()).size(), never.out());
        assertTrue(hasLine(never.out(), "--stop-at 1 not reached in 2 epochs"), never.out());
        CliRun once = CliRun.run("train", "--epochs", "1", "--stop-at", "1", "-q");
        assertTrue(hasLine(once.out(), "--stop-at 1 not reached in 1 epoch"), once.out());
    }

    @Test
    void rangeScalingDividesEveryFeatureByTheRangeOfAllValues() throws IOException {
        Path model = dir.resolve("range.vpm");
        CliRun r = CliRun.run("train", "--scale", "range", "--epochs", "2", "--save", model.toString());
        assertEquals(0, r.code(), r.both());
        assertTrue(r.out().contains(", range scaling, "), r.out());
        // The digits' grey levels run from 0 to 16: every feature is divided by 16, saved with the model.
        Model m = ModelFile.load(model, KernelProviders.scalar());
        float[] scales = m.scaling().scales();
        for (float s : scales) {
            assertEquals(1f / 16, s);
        }
        assertEquals(64, scales.length);
        assertTrue(lastAccuracy(r.out(), "test accuracy") > 0.8, r.out());
    }

    @Test
    void logWritesARowPerEpochAndAResumedRunAddsItsRows() throws IOException {
        Path log = dir.resolve("epochs.csv");
        Path runDir = dir.resolve("run");
        Files.writeString(log, "an older log, replaced\n");
        CliRun r = CliRun.run("train", "--epochs", "2", "--log", log.toString(), "--checkpoint", runDir.toString(), "-q");
        assertEquals(0, r.code(), r.both());
        CliRun resumed = CliRun.run("train", "--epochs", "3", "--log", log.toString(), "--checkpoint", runDir.toString(),
                "--resume", "-q");
        assertEquals(0, resumed.code(), resumed.both());
        List<String> lines = Files.readAllLines(log);
        assertEquals("epoch,train_loss,train_accuracy,test_loss,test_accuracy,samples_per_second,train_seconds,"
                + "elapsed_seconds", lines.getFirst());
        assertEquals(4, lines.size(), String.join("\n", lines));
        List<Double> table = new ArrayList<>(testAccuracies(r.out()));
        table.addAll(testAccuracies(resumed.out()));
        for (int e = 1; e <= 3; e++) {
            String[] f = lines.get(e).split(",");
            assertEquals(8, f.length, lines.get(e));
            assertEquals(String.valueOf(e), f[0]);
            // The table's test accuracy is this value to four decimals.
            assertEquals(table.get(e - 1), Double.parseDouble(String.format(Locale.ROOT, "%.4f", Double.parseDouble(f[4]))));
            double accuracy = Double.parseDouble(f[4]);
            assertTrue(accuracy > 0.5 && accuracy <= 1, lines.get(e));
            assertTrue(Double.parseDouble(f[3]) > 0, "test loss " + f[3]);
            assertTrue(Double.parseDouble(f[7]) >= Double.parseDouble(f[6]), "elapsed covers the training time");
        }

        // A run stopped after writing epoch 4's row but before its checkpoint: the resumed run trains epoch 4
        // again, and the log keeps one row for it, the new one.
        Files.writeString(log, "4,0,0,0,0,0,0,0\n", java.nio.file.StandardOpenOption.APPEND);
        CliRun again = CliRun.run("train", "--epochs", "4", "--log", log.toString(), "--checkpoint", runDir.toString(),
                "--resume", "-q");
        assertEquals(0, again.code(), again.both());
        List<String> after = Files.readAllLines(log);
        assertEquals(lines, after.subList(0, 4));
        assertEquals(5, after.size(), String.join("\n", after));
        assertTrue(after.get(4).startsWith("4,") && !after.get(4).startsWith("4,0,"), after.get(4));
        assertEquals("", again.err());

        // A log that is not there when a run resumes gets the epochs from there on, with a note.
        Path fresh = dir.resolve("from-5.csv");
        CliRun later = CliRun.run("train", "--epochs", "5", "--log", fresh.toString(), "--checkpoint", runDir.toString(),
                "--resume", "-q");
        assertEquals(0, later.code(), later.both());
        assertEquals("vecprop train: note: --log " + fresh + " does not exist; it will hold the epochs from 5 on, not "
                + "epochs 1 to 4 of the checkpoint\n", later.err());
        assertEquals(2, Files.readAllLines(fresh).size());
        // So does one that holds its header alone.
        Path headerOnly = Files.writeString(dir.resolve("header.csv"), Files.readAllLines(fresh).getFirst() + "\n");
        CliRun fromHeader = CliRun.run("train", "--epochs", "6", "--log", headerOnly.toString(), "--checkpoint",
                runDir.toString(), "--resume", "-q");
        assertEquals(0, fromHeader.code(), fromHeader.both());
        assertEquals("vecprop train: note: --log " + headerOnly + " holds no row; it will hold the epochs from 6 on, not "
                + "epochs 1 to 5 of the checkpoint\n", fromHeader.err());

        // A run that fails before its first epoch ends leaves the log as it was.
        CliRun diverged = CliRun.run("train", "--lr", "1e30", "--loss", "mse", "--hidden", "identity", "--output",
                "identity", "--log", log.toString(), "-q");
        assertEquals(1, diverged.code(), diverged.both());
        assertEquals(after, Files.readAllLines(log));
    }

    @Test
    void stopAtComparesTheAccuracyAsTheTablePrintsIt() {
        assertTrue(TrainCommand.reaches(0.86996, 0.87), "printed 0.8700");
        assertFalse(TrainCommand.reaches(0.86994, 0.87), "printed 0.8699");
        assertTrue(TrainCommand.reaches(1.0, 1.0));
    }

    @Test
    void resumingOnOtherKernelsWarnsThatTheResultWillDiffer() throws Exception {
        Path runDir = dir.resolve("run-k");
        assertEquals(0, CliRun.run("train", "--epochs", "1", "--checkpoint", runDir.toString(), "-q").code());
        // Make the state say it was trained on other kernels: the field after the data fingerprint (format 2).
        Path state = runDir.resolve(dev.vecprop.core.Checkpoint.STATE_FILE);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(Files.readAllBytes(state));
        int at = 12 + 2 + (b.getShort(12) & 0xFFFF) + 4 + 4 + 4 + 4 + 8 + 1 + 8;
        String was = new String(b.array(), at + 2, b.getShort(at) & 0xFFFF, java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(dev.vecprop.core.Checkpoint.kernelsOf(dev.vecprop.core.KernelProviders.best()), was);
        byte[] other = "other kernels".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream patched = new java.io.ByteArrayOutputStream();
        patched.write(b.array(), 0, at);
        patched.write(new byte[]{0, (byte) other.length});
        patched.write(other);
        int after = at + 2 + was.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        patched.write(b.array(), after, b.capacity() - 4 - after);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(patched.toByteArray());
        patched.write(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        Files.write(state, patched.toByteArray());

        CliRun resumed = CliRun.run("train", "--epochs", "2", "--checkpoint", runDir.toString(), "--resume", "-q");
        assertEquals(0, resumed.code(), resumed.both());
        assertEquals("vecprop train: warning: the checkpoint was trained on other kernels and this run computes on "
                + was + "; they round differently, so the weights will differ from those of an uninterrupted run by "
                + "float rounding", resumed.err().strip());
        CliRun same = CliRun.run("train", "--epochs", "3", "--checkpoint", runDir.toString(), "--resume", "-q");
        assertEquals(0, same.code(), same.both());
        assertEquals("", same.err(), "the checkpoint of epoch 2 was saved by this run's kernels");
    }

    @Test
    void resumingWithAnotherScalingSaysSo() {
        Path runDir = dir.resolve("run");
        assertEquals(0, CliRun.run("train", "--epochs", "1", "--checkpoint", runDir.toString(), "-q").code());
        CliRun other = CliRun.run("train", "--epochs", "2", "--checkpoint", runDir.toString(), "--resume",
                "--scale", "range", "-q");
        assertEquals(2, other.code(), other.both());
        assertEquals("vecprop train: " + runDir.resolve(dev.vecprop.core.Checkpoint.STATE_FILE) + ": the checkpoint was "
                + "trained with loss softmax-cross-entropy and minmax scaling, not softmax-cross-entropy and range "
                + "(see vecprop train --help)", other.err().strip());
        CliRun seed = CliRun.run("train", "--epochs", "2", "--checkpoint", runDir.toString(), "--resume", "--seed", "2", "-q");
        assertEquals(2, seed.code(), seed.both());
        assertTrue(seed.err().contains("seed"), "the seed decides the test split, but it is the option to name: "
                + seed.err());
        CliRun lr = CliRun.run("train", "--epochs", "2", "--checkpoint", runDir.toString(), "--resume", "--lr", "0.3", "-q");
        assertEquals(2, lr.code(), lr.both());
        assertTrue(lr.err().startsWith("vecprop train: " + runDir.resolve(dev.vecprop.core.Checkpoint.STATE_FILE)
                + ": the checkpoint was trained with "), lr.err());
        assertEquals(1, lr.err().lines().count(), lr.err());
    }

    @Test
    void numbersPrintTheSameInEveryLocale() throws Exception {
        String modulePath = System.getProperty("jdk.module.path");
        org.junit.jupiter.api.Assumptions.assumeTrue(modulePath != null, "runs the command line from the module path");
        // A JVM of its own, as a user in Germany starts it: the default format locale would write 0,9053.
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.language=de", "-Duser.country=DE", "-p", modulePath,
                "-m", "dev.vecprop.cli/dev.vecprop.cli.Main", "train", "--epochs", "1", "--stop-at", "0.5", "-q");
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, child.waitFor(), out);
        assertEquals(1, testAccuracies(out).size(), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("test accuracy 0\\.\\d{4}")), out);
        assertFalse(out.contains(","), out);
    }

    static boolean hasLine(String text, String line) {
        return text.lines().anyMatch(line::equals);
    }

    /** The test accuracy column of each row of an epoch table. */
    static List<Double> testAccuracies(String text) {
        Matcher m = Pattern.compile("(?m)^ +\\d+ +\\d+\\.\\d{4} +\\d\\.\\d{4} +(\\d\\.\\d{4}) ").matcher(text);
        List<Double> acc = new ArrayList<>();
        while (m.find()) {
            acc.add(Double.parseDouble(m.group(1)));
        }
        return acc;
    }

    @Test
    void aTerminalGetsAProgressBarOverwrittenByEachRow() {
        CliRun r = CliRun.run(true, "train", "--epochs", "2");
        assertEquals(0, r.code(), r.both());
        assertTrue(r.out().contains("\r    1 [##"), r.out());
        assertTrue(r.out().contains("] 100%\r    1 "), r.out());
        CliRun quiet = CliRun.run(true, "train", "--epochs", "2", "--quiet");
        assertFalse(quiet.out().contains("\r"), quiet.out());
        assertFalse(quiet.out().contains("Kernels:"), quiet.out());
        assertTrue(quiet.out().startsWith("epoch"), quiet.out());
    }

    @Test
    void trainSaveEvalPredictRoundTripOnIris() throws IOException {
        Path model = dir.resolve("iris.vpm");
        CliRun train = CliRun.run("train", "--data", IRIS.toString(), "--label", "species", "--test-split", "0.3",
                "--layers", "4,8,3", "--hidden", "tanh", "--epochs", "40", "--scale", "standard", "--seed", "3",
                "--save", model.toString());
        assertEquals(0, train.code(), train.both());
        assertTrue(train.out().contains("network 4-8 tanh-3 softmax, loss softmax-cross-entropy (fused delta), standard scaling"),
                train.out());
        assertTrue(lastAccuracy(train.out(), "test accuracy") > 0.85, train.out());
        Model inMemory = train.command("train", TrainCommand.class).trained;
        Model saved = ModelFile.load(model);
        assertEquals(List.of("setosa", "versicolor", "virginica"), saved.outputNames());
        assertEquals(inMemory.scaling(), saved.scaling());
        assertEquals(List.of("sepal_length", "sepal_width", "petal_length", "petal_width"), saved.featureNames(),
                "the header's feature columns, without the label");

        // predict: the CSV holds exactly the in-memory network's outputs and classes.
        Path predictions = dir.resolve("p.csv");
        CliRun predict = CliRun.run("predict", "--model", model.toString(), "--data", IRIS.toString(),
                "--label", "species", "--out", predictions.toString());
        assertEquals(0, predict.code(), predict.both());
        assertEquals("", predict.out());
        List<String> lines = Files.readAllLines(predictions);
        assertEquals("class,p_setosa,p_versicolor,p_virginica", lines.getFirst());
        List<String> iris = Files.readAllLines(IRIS);
        assertEquals(151, lines.size());
        int correct = 0;
        for (int i = 1; i < lines.size(); i++) {
            String[] f = iris.get(i).split(",");
            float[] x = new float[4];
            for (int j = 0; j < 4; j++) {
                x[j] = Float.parseFloat(f[j]);
            }
            float[] y = inMemory.predict(x);
            String[] p = lines.get(i).split(",");
            assertEquals(inMemory.predictLabel(x), p[0], "line " + (i + 1));
            for (int j = 0; j < 3; j++) {
                assertEquals(y[j], Float.parseFloat(p[j + 1]), "line " + (i + 1));
            }
            if (p[0].equals(f[4])) {
                correct++;
            }
        }

        // eval: the same accuracy, and a confusion matrix whose rows add up to 50 each.
        CliRun eval = CliRun.run("eval", "--model", model.toString(), "--data", IRIS.toString());
        assertEquals(0, eval.code(), eval.both());
        assertTrue(eval.out().contains(String.format(Locale.ROOT, "accuracy: %.4f (%d of 150)", correct / 150.0, correct)),
                eval.out() + " expected " + correct);
        Matcher row = Pattern.compile("(?m)^(setosa|versicolor|virginica) +(\\d+) +(\\d+) +(\\d+)$").matcher(eval.out());
        int rows = 0;
        while (row.find()) {
            assertEquals(50, Integer.parseInt(row.group(2)) + Integer.parseInt(row.group(3)) + Integer.parseInt(row.group(4)));
            rows++;
        }
        assertEquals(3, rows, eval.out());
        assertTrue(eval.out().contains("class      precision    recall   samples"), eval.out());
        // Data of one class: the other classes have no samples (recall "-"), and a class never predicted no
        // precision ("-").
        Path setosa = Files.write(dir.resolve("setosa.csv"), Files.readAllLines(IRIS).stream()
                .filter(l -> l.endsWith(",setosa") || !Character.isDigit(l.charAt(0))).toList());
        CliRun one = CliRun.run("eval", "--model", model.toString(), "--data", setosa.toString());
        assertEquals(0, one.code(), one.both());
        Matcher classRow = Pattern.compile("(?m)^(setosa|versicolor|virginica) +(\\S+) +(\\S+) +(\\d+)$")
                .matcher(one.out().substring(0, one.out().indexOf("confusion matrix")));
        java.util.Map<String, String[]> byClass = new java.util.HashMap<>();
        while (classRow.find()) {
            byClass.put(classRow.group(1), new String[]{classRow.group(2), classRow.group(3), classRow.group(4)});
        }
        assertEquals("50", byClass.get("setosa")[2], one.out());
        for (String other : new String[]{"versicolor", "virginica"}) {
            assertEquals("-", byClass.get(other)[1], "no sample, no recall: " + one.out());
            assertEquals("0", byClass.get(other)[2], one.out());
            String matrix = one.out().substring(one.out().indexOf("confusion matrix"));
            long predictedAsIt = Pattern.compile("(?m)^setosa +\\d+ +\\d+ +\\d+$").matcher(matrix).results()
                    .mapToLong(m -> Long.parseLong(m.group().trim().split(" +")[other.equals("versicolor") ? 2 : 3]))
                    .sum();
            assertEquals(predictedAsIt == 0 ? "-" : "0.0000", byClass.get(other)[0], "precision: " + one.out());
        }

        // predict to standard output gives the same CSV.
        CliRun toStdout = CliRun.run("predict", "--model", model.toString(), "--data", IRIS.toString(), "--label", "4");
        assertEquals(String.join("\n", lines) + "\n", toStdout.out());
    }

    @Test
    void regressionWithSeveralTargets() throws IOException {
        Path csv = dir.resolve("reg.csv");
        SplittableRandom random = new SplittableRandom(4);
        StringBuilder sb = new StringBuilder("a,b,sum,diff\n");
        for (int i = 0; i < 300; i++) {
            double a = random.nextDouble() * 10;
            double b = random.nextDouble() * 10;
            sb.append(String.format(Locale.ROOT, "%.4f,%.4f,%.4f,%.4f%n", a, b, (a + b) / 20, (a - b) / 10));
        }
        Files.writeString(csv, sb);
        Path model = dir.resolve("reg.vpm");
        CliRun train = CliRun.run("train", "--data", csv.toString(), "--targets", "sum,diff", "--layers", "2,16,2",
                "--hidden", "tanh", "--epochs", "60", "--test-split", "0.2", "--save", model.toString());
        assertEquals(0, train.code(), train.both());
        assertTrue(train.out().contains("loss mse (generic delta)"), train.out());
        assertTrue(train.out().contains("train rmse  test rmse"), train.out());
        assertTrue(lastAccuracy(train.out(), "test RMSE") < 0.05, train.out());
        Model m = ModelFile.load(model);
        assertFalse(m.isClassifier());
        assertEquals(List.of("sum", "diff"), m.outputNames());
        CliRun eval = CliRun.run("eval", "--model", model.toString(), "--data", csv.toString());
        assertEquals(0, eval.code(), eval.both());
        assertTrue(Pattern.compile("(?m)^sum +\\S+ +\\S+ +\\S+$").matcher(eval.out()).find(), eval.out());
        assertTrue(eval.out().contains("all "), eval.out());
        // The training data itself, both targets in it: the header names the model's features, which are used.
        CliRun predict = CliRun.run("predict", "--model", model.toString(), "--data", csv.toString());
        assertEquals(0, predict.code(), predict.both());
        assertEquals("vecprop predict: warning: " + csv + ": columns 'sum' and 'diff' are not among the model's 2 "
                + "features and not used (the features were found by the names in the header)\n", predict.err());
        CliRun features = CliRun.run("predict", "--model", model.toString(), "--data", csv.toString(), "--label", "sum");
        assertEquals(predict.out(), features.out());
        assertTrue(features.err().contains("column 'diff' is not among"), features.err());
    }

    /**
     * An ID column left out of training with --drop: the model's features are the others, and predict and eval
     * on the same file find them by name and leave the ID out, saying so.
     */
    @Test
    void aColumnDroppedInTrainingIsLeftOutByPredictAndEval() throws IOException {
        StringBuilder sb = new StringBuilder("id,a,b,kind\n");
        java.util.Random random = new java.util.Random(4);
        for (int i = 0; i < 200; i++) {
            double a = random.nextDouble();
            double b = random.nextDouble();
            sb.append("row").append(i).append(',').append(a).append(',').append(b).append(',')
                    .append(a > b ? "high" : "low").append('\n');
        }
        Path csv = Files.writeString(dir.resolve("with-id.csv"), sb);
        Path model = dir.resolve("dropped.vpm");
        CliRun train = CliRun.run("train", "--data", csv.toString(), "--drop", "id", "--layers", "2,8,2", "--epochs", "20",
                "--lr", "0.5", "--test-split", "0.25", "--save", model.toString(), "--quiet");
        assertEquals(0, train.code(), train.both());
        assertEquals(List.of("a", "b"), ModelFile.load(model).featureNames());
        assertTrue(lastAccuracy(train.out(), "test accuracy") > 0.9, train.out());
        String note = ": column 'id' is not among the model's 2 features and not used";
        CliRun predict = CliRun.run("predict", "--model", model.toString(), "--data", csv.toString());
        assertEquals(0, predict.code(), predict.both());
        assertTrue(predict.err().contains(csv + ": columns 'id' and 'kind' are not among the model's 2 features"),
                predict.err());
        assertEquals(201, predict.out().lines().count(), predict.out());
        CliRun eval = CliRun.run("eval", "--model", model.toString(), "--data", csv.toString());
        assertEquals(0, eval.code(), eval.both());
        assertTrue(eval.err().contains(csv + note), eval.err());
        CliRun idx = CliRun.run("train", "--data", csv.toString(), "--label", "kind", "--drop", "kind");
        assertEquals(1, idx.code(), idx.both());
        assertTrue(idx.err().endsWith("column 'kind' is the label; --drop leaves out columns that would be features\n"),
                idx.err());
    }

    /**
     * Columns dropped before the label: the model keeps the label's place among the columns kept, so eval finds it
     * in data of those columns alone (no header: matched by count), and its name, so eval finds it in the training
     * file (a header: the features and the label by name); a model without the name (format 3) takes the one other
     * column or the one at its place, and says when it cannot tell.
     */
    @Test
    void theLabelAfterDroppedColumnsIsFoundWithAndWithoutAHeader() throws IOException {
        IdRows rows = IdRows.of(8, 240, 1000, (a, b) -> a > b ? "1" : "0");
        String withId = rows.withId();
        String kept = rows.kept();
        Path train = Files.writeString(dir.resolve("nh-id.csv"), withId);
        Path model = dir.resolve("nh.vpm");
        CliRun t = CliRun.run("train", "--data", train.toString(), "--label", "1", "--drop", "0", "--layers", "2,8,2",
                "--epochs", "20", "--lr", "0.5", "--save", model.toString(), "--quiet");
        assertEquals(0, t.code(), t.both());
        assertEquals(java.util.OptionalInt.of(0), ModelFile.load(model).labelColumn());
        double trained = lastAccuracy(t.out(), "training accuracy");
        Path noId = Files.writeString(dir.resolve("nh-kept.csv"), kept);
        CliRun eval = CliRun.run("eval", "--model", model.toString(), "--data", noId.toString());
        assertEquals(0, eval.code(), eval.both());
        assertEquals(trained, lastAccuracy(eval.out(), "accuracy:"), 1e-9, eval.out());

        // The same with a header: the training file itself, and the label moved to the end.
        Path named = Files.writeString(dir.resolve("named-id.csv"), "id,kind,a,b\n" + withId);
        Path namedModel = dir.resolve("named.vpm");
        t = CliRun.run("train", "--data", named.toString(), "--label", "kind", "--drop", "id", "--layers", "2,8,2",
                "--epochs", "20", "--lr", "0.5", "--save", namedModel.toString(), "--quiet");
        assertEquals(0, t.code(), t.both());
        trained = lastAccuracy(t.out(), "training accuracy");
        // The training file: the dropped id and the label both come before the features; the model keeps the
        // label's name, by which eval finds it, and the id is left out.
        assertEquals(java.util.Optional.of("kind"), ModelFile.load(namedModel).labelName());
        eval = CliRun.run("eval", "--model", namedModel.toString(), "--data", named.toString());
        assertEquals(0, eval.code(), eval.both());
        assertEquals(trained, lastAccuracy(eval.out(), "accuracy:"), 1e-9, eval.out());
        assertTrue(eval.out().contains(", labels from column 1, 'kind' (the model's label column)"), eval.out());
        assertTrue(eval.err().contains("column 'id' is not among the model's 2 features and not used"), eval.err());
        // A model that keeps no name (saved by a vecprop before model format 4): either could be the label, and it
        // is not guessed.
        Model loaded = ModelFile.load(namedModel);
        Path unnamed = dir.resolve("unnamed.vpm");
        ModelFile.save(Model.classifier(loaded.network(), loaded.lossName(), loaded.scaling(), loaded.outputNames())
                .withFeatureNames(loaded.featureNames()).withLabelColumn(loaded.labelColumn().getAsInt()), unnamed);
        assertEquals(3, Files.readAllBytes(unnamed)[9]);
        eval = CliRun.run("eval", "--model", unnamed.toString(), "--data", named.toString());
        assertEquals(1, eval.code(), eval.both());
        assertEquals("vecprop eval: " + named + ": line 1: the header names the model's features and 2 other columns; "
                + "the label may be any of 'id', 'kind': give --label COLUMN\n", eval.err());
        eval = CliRun.run("eval", "--model", unnamed.toString(), "--data", named.toString(), "--label", "kind");
        assertEquals(0, eval.code(), eval.both());
        assertEquals(trained, lastAccuracy(eval.out(), "accuracy:"), 1e-9, eval.out());
        StringBuilder moved = new StringBuilder("a,b,kind\n");
        kept.lines().forEach(l -> moved.append(l.substring(2)).append(',').append(l, 0, 1).append('\n'));
        eval = CliRun.run("eval", "--model", namedModel.toString(), "--data",
                Files.writeString(dir.resolve("moved.csv"), moved).toString());
        assertEquals(0, eval.code(), eval.both());
        assertEquals(trained, lastAccuracy(eval.out(), "accuracy:"), 1e-9, eval.out());
        Path two = Files.writeString(dir.resolve("two.csv"), "a,b,kind,note\n0.5,0.25,1,x\n");
        CliRun byName = CliRun.run("eval", "--model", namedModel.toString(), "--data", two.toString());
        assertEquals(0, byName.code(), byName.both());
        CliRun unsure = CliRun.run("eval", "--model", unnamed.toString(), "--data", two.toString());
        assertEquals(1, unsure.code(), unsure.both());
        assertEquals("vecprop eval: " + two + ": line 1: the header names the model's features and 2 other columns; "
                + "the label may be any of 'kind', 'note': give --label COLUMN\n", unsure.err());
    }

    /**
     * CSV rows without a header of a first column made from two random features a and b, then a and b: as they
     * are ({@code kept}), and each after an ID from {@code firstId} up ({@code withId}).
     */
    private record IdRows(String kept, String withId) {
        static IdRows of(long seed, int n, int firstId, java.util.function.BiFunction<Double, Double, String> first) {
            SplittableRandom random = new SplittableRandom(seed);
            StringBuilder withId = new StringBuilder();
            StringBuilder kept = new StringBuilder();
            for (int i = 0; i < n; i++) {
                double a = random.nextDouble();
                double b = random.nextDouble();
                String row = first.apply(a, b) + "," + a + "," + b + "\n";
                kept.append(row);
                withId.append(firstId + i).append(',').append(row);
            }
            return new IdRows(kept.toString(), withId.toString());
        }
    }

    /** Regression targets after dropped columns, without a header: their names are their indices among the kept. */
    @Test
    void targetsAfterDroppedColumnsWithoutAHeader() throws IOException {
        IdRows rows = IdRows.of(9, 200, 0, (a, b) -> String.valueOf(0.2 + 0.3 * a + 0.2 * b));
        Path model = dir.resolve("reg-nh.vpm");
        CliRun t = CliRun.run("train", "--data", Files.writeString(dir.resolve("reg-nh-id.csv"), rows.withId()).toString(),
                "--targets", "1", "--drop", "0", "--layers", "2,8,1", "--epochs", "30", "--save", model.toString(),
                "--quiet");
        assertEquals(0, t.code(), t.both());
        assertEquals(List.of("0"), ModelFile.load(model).outputNames());
        CliRun eval = CliRun.run("eval", "--model", model.toString(), "--data",
                Files.writeString(dir.resolve("reg-nh-kept.csv"), rows.kept()).toString());
        assertEquals(0, eval.code(), eval.both());
        assertEquals(lastAccuracy(t.out(), "training RMSE"), Double.parseDouble(eval.out().lines()
                .filter(l -> l.startsWith("0 ")).findFirst().orElseThrow().trim().split(" +")[2]), 1e-6, eval.out());
    }

    @Test
    void binaryClassifierWithOneSigmoidOutput() {
        CliRun r = CliRun.run("train", "--data", writeBinary().toString(), "--layers", "2,6,1", "--epochs", "30",
                "--lr", "0.5", "--test-split", "0.25");
        assertEquals(0, r.code(), r.both());
        assertTrue(r.out().contains("2-6 sigmoid-1 sigmoid, loss binary-cross-entropy (fused delta)"), r.out());
        assertTrue(lastAccuracy(r.out(), "test accuracy") > 0.9, r.out());
        Model m = r.command("train", TrainCommand.class).trained;
        assertEquals(List.of("no", "yes"), m.outputNames());
    }

    private Path writeBinary() {
        try {
            Path csv = dir.resolve("bin.csv");
            SplittableRandom random = new SplittableRandom(8);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                double a = random.nextDouble();
                double b = random.nextDouble();
                sb.append(String.format(Locale.ROOT, "%.3f,%.3f,%s%n", a, b, a + b > 1 ? "yes" : "no"));
            }
            Files.writeString(csv, sb);
            return csv;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void idxImagesAndLabelsPlainAndGzip() throws IOException {
        // 120 "images" of 3x3: class c has a bright pixel at position 3c, plus noise.
        SplittableRandom random = new SplittableRandom(2);
        int n = 120;
        int[] pixels = new int[n * 9];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            for (int j = 0; j < 9; j++) {
                pixels[i * 9 + j] = random.nextInt(60);
            }
            pixels[i * 9 + 3 * labels[i]] = 200 + random.nextInt(56);
        }
        Path images = IdxFiles.write(dir.resolve("train-images-idx3-ubyte.gz"), IdxFiles.gzip(IdxFiles.ubyte(new int[]{n, 3, 3}, pixels)));
        Path labelFile = IdxFiles.write(dir.resolve("train-labels-idx1-ubyte"), IdxFiles.ubyte(new int[]{n}, labels));
        Path model = dir.resolve("idx.vpm");
        CliRun train = CliRun.run("train", "--data", images.toString(), "--labels", labelFile.toString(),
                "--test", images.toString(), "--test-labels", labelFile.toString(), "--epochs", "30",
                "--save", model.toString());
        assertEquals(0, train.code(), train.both());
        assertTrue(train.out().contains("120 samples, 9 features, 3 classes"), train.out());
        assertTrue(lastAccuracy(train.out(), "test accuracy") > 0.95, train.out());
        CliRun eval = CliRun.run("eval", "--model", model.toString(), "--data", images.toString(), "--labels", labelFile.toString());
        assertEquals(0, eval.code(), eval.both());
        assertTrue(eval.out().contains("data " + images + ": 120 samples"), eval.out());
        CliRun predict = CliRun.run("predict", "--model", model.toString(), "--data", images.toString());
        assertEquals(0, predict.code(), predict.both());
        String[] lines = predict.out().split("\n");
        assertEquals("class,p_0,p_1,p_2", lines[0]);
        assertEquals(n + 1, lines.length);
        Model m = train.command("train", TrainCommand.class).trained;
        assertEquals(List.of(), ModelFile.load(model).featureNames(), "IDX pixels have no names");
        float[] first = new float[9];
        for (int j = 0; j < 9; j++) {
            first[j] = pixels[j];
        }
        assertEquals(m.predictLabel(first), lines[1].split(",")[0]);
    }

    @Test
    void noBiasTrainsAndSavesLayersOfWeightsAlone() throws IOException {
        Path model = dir.resolve("no-bias.vpm");
        CliRun r = CliRun.run("train", "--no-bias", "--epochs", "1", "--save", model.toString());
        assertEquals(0, r.code(), r.both());
        assertTrue(r.out().contains("\nnetwork 64-32 sigmoid-10 softmax without biases, loss softmax-cross-entropy "),
                r.out());
        List<Layer> layers = ModelFile.load(model, KernelProviders.scalar()).network().layers();
        assertEquals(2, layers.size());
        for (Layer l : layers) {
            assertFalse(l.hasBias(), l.toString());
            assertEquals(l.inputSize() * l.outputSize(), l.parameterCount(), l.toString());
        }
        // Without the option: biases, and the header does not mention them.
        CliRun biased = CliRun.run("train", "--epochs", "1");
        assertEquals(0, biased.code(), biased.both());
        assertFalse(biased.out().contains("without biases"), biased.out());
        for (Layer l : biased.command("train", TrainCommand.class).trained.network().layers()) {
            assertTrue(l.hasBias(), l.toString());
            assertEquals((l.inputSize() + 1) * l.outputSize(), l.parameterCount(), l.toString());
        }
    }

    @Test
    void headerAndNoHeaderOverrideTheGuessAboutTheFirstLine() throws IOException {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            rows.append(i % 7).append(',').append(i % 5).append(',').append(i % 2 == 0 ? "even" : "odd").append('\n');
        }
        // Feature names that are numbers: the first line is guessed to be a sample, of a class 'kind'.
        Path numbered = Files.writeString(dir.resolve("numbered.csv"), "0,1,kind\n" + rows);
        CliRun guessed = CliRun.run("train", "--data", numbered.toString(), "--epochs", "1");
        assertEquals(0, guessed.code(), guessed.both());
        assertTrue(hasLine(guessed.out(), "data: " + numbered + ", 41 samples, 2 features, 3 classes; training on all, "
                + "no test data"), guessed.out());
        Path model = dir.resolve("header.vpm");
        CliRun header = CliRun.run("train", "--data", numbered.toString(), "--header", "--epochs", "1",
                "--save", model.toString());
        assertEquals(0, header.code(), header.both());
        assertTrue(hasLine(header.out(), "data: " + numbered + ", 40 samples, 2 features, 2 classes; training on all, "
                + "no test data"), header.out());
        assertEquals(List.of("even", "odd"), ModelFile.load(model).outputNames());
        CliRun predict = CliRun.run("predict", "--model", model.toString(), "--data", numbered.toString(),
                "--label", "kind", "--header");
        assertEquals(0, predict.code(), predict.both());
        assertEquals(41, predict.out().lines().count(), "the CSV's header and a row per sample: " + predict.out());
        // The model knows its features as '0' and '1'; rows without a header are matched by count alone.
        assertEquals(List.of("0", "1"), ModelFile.load(model).featureNames());
        Path bare = Files.writeString(dir.resolve("bare.csv"), rows);
        CliRun unnamed = CliRun.run("predict", "--model", model.toString(), "--data", bare.toString(), "--label", "2");
        assertEquals(0, unnamed.code(), unnamed.both());
        assertEquals(41, unnamed.out().lines().count(), unnamed.out());

        // Names that are not numbers: guessed to be a header; --no-header reads them as a sample.
        Path named = Files.writeString(dir.resolve("named.csv"), "a,b,kind\n" + rows);
        CliRun noHeader = CliRun.run("train", "--data", named.toString(), "--no-header", "--epochs", "1");
        assertEquals(1, noHeader.code(), noHeader.both());
        assertEquals("vecprop train: " + named + ": line 1: column '0': 'a' is not a number\n", noHeader.err());
    }

    @Test
    void aCsvTestFileIsWhatTheTestColumnMeasures() throws IOException {
        List<String> iris = Files.readAllLines(IRIS);
        List<String> trainRows = new ArrayList<>(List.of(iris.getFirst()));
        List<String> testRows = new ArrayList<>(List.of(iris.getFirst()));
        for (int i = 1; i < iris.size(); i++) {
            (i % 5 == 0 ? testRows : trainRows).add(iris.get(i));
        }
        Path trainCsv = Files.write(dir.resolve("iris-train.csv"), trainRows);
        Path testCsv = Files.write(dir.resolve("iris-test.csv"), testRows);
        Path model = dir.resolve("iris.vpm");
        CliRun train = CliRun.run("train", "--data", trainCsv.toString(), "--test", testCsv.toString(), "--label",
                "species", "--layers", "4,8,3", "--epochs", "20", "--seed", "3", "--save", model.toString());
        assertEquals(0, train.code(), train.both());
        assertTrue(hasLine(train.out(), "data: " + trainCsv + ", 120 samples, 4 features, 3 classes; testing on "
                + testCsv + " (30 samples)"), train.out());
        double accuracy = lastAccuracy(train.out(), "test accuracy");
        assertTrue(accuracy > 0.8, train.out());
        // The test column is the saved model's accuracy on the test file alone.
        CliRun eval = CliRun.run("eval", "--model", model.toString(), "--data", testCsv.toString());
        assertEquals(0, eval.code(), eval.both());
        assertTrue(hasLine(eval.out(), String.format(Locale.ROOT, "accuracy: %.4f (%d of 30)", accuracy,
                Math.round(accuracy * 30))), eval.out() + "\nexpected " + accuracy);
    }

    @Test
    void kernelsByNameUnknownOrUnavailableHereAreUsageErrors() {
        CliRun nope = CliRun.run("train", "--kernels", "nope", "--epochs", "1");
        assertEquals(2, nope.code(), nope.both());
        assertEquals("", nope.out());
        assertEquals("vecprop train: unknown kernels 'nope'; found: scalar, simd (see vecprop train --help)\n", nope.err());

        // This JVM runs without --add-modules jdk.incubator.vector (cli/pom.xml): simd is found but cannot run.
        assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty(),
                "runs in a JVM without the incubator module");
        CliRun simd = CliRun.run("train", "--kernels", "simd", "--epochs", "1");
        assertEquals(2, simd.code(), simd.both());
        assertEquals("", simd.out());
        assertEquals("vecprop train: kernels 'simd' cannot run here: jdk.incubator.vector is not in the module graph; "
                + "start java with --add-modules jdk.incubator.vector (see vecprop train --help)\n", simd.err());

        CliRun scalar = CliRun.run("train", "--kernels", "Scalar", "--threads", "1", "--epochs", "1");
        assertEquals(0, scalar.code(), scalar.both());
        assertEquals("Kernels: scalar (plain Java loops) on 1 thread", scalar.out().lines().findFirst().orElseThrow());
    }

    @Test
    void theKernelsPropertyForcesAProviderForTheWholeRun() throws Exception {
        // With the incubator module, simd would be chosen; the property forces scalar and the run says why.
        CliRun forced = CliRun.child(List.of("--add-modules", "jdk.incubator.vector", "-Dvecprop.kernels=scalar"),
                "train", "--threads", "1", "--epochs", "1", "--layers", "64,10");
        assertEquals(0, forced.code(), forced.both());
        assertEquals("Kernels: scalar (plain Java loops) on 1 thread (forced by -Dvecprop.kernels=scalar)",
                forced.out().lines().findFirst().orElseThrow(), forced.both());
    }

    @Test
    void lossesListsEveryPluginWithItsModuleAndFusedDelta() {
        CliRun r = CliRun.run("losses");
        assertEquals(0, r.code(), r.both());
        assertTrue(Pattern.compile("(?m)^mse +no +module dev\\.vecprop\\.losses").matcher(r.out()).find(), r.out());
        assertTrue(Pattern.compile("(?m)^softmax-cross-entropy +yes, with softmax +module dev\\.vecprop\\.losses")
                .matcher(r.out()).find(), r.out());
        assertTrue(Pattern.compile("(?m)^binary-cross-entropy +yes, with sigmoid +module").matcher(r.out()).find(), r.out());
    }

    @Test
    void infoNamesTheJdkKernelsAndThreads() {
        CliRun r = CliRun.run("info");
        assertEquals(0, r.code(), r.both());
        assertTrue(r.out().contains("JDK: " + Runtime.version()), r.out());
        assertTrue(r.out().contains(KernelProviders.selection().describe()), r.out());
        assertTrue(r.out().contains("  scalar   scalar"), r.out());
        int processors = Runtime.getRuntime().availableProcessors();
        assertTrue(r.out().contains("Threads: train, eval and predict split batch work over " + processors + " thread"),
                r.out());
        assertTrue(Pattern.compile("; " + processors + " processors? available").matcher(r.out()).find(), r.out());
        assertTrue(r.out().contains("Losses: mse, binary-cross-entropy, softmax-cross-entropy"), r.out());
    }

    @Test
    void benchMeasuresEveryAvailableProvider() {
        CliRun r = CliRun.run("bench", "--millis", "5");
        assertEquals(0, r.code(), r.both());
        List<String> available = new ArrayList<>();
        KernelProviders.all().stream().filter(k -> k.unavailableReason() == null).forEach(k -> available.add(k.name()));
        assertEquals(PROVIDERS, available, "the providers that can run in this JVM (vecprop.test.kernels, cli/pom.xml)");
        String[] lines = r.out().split("\n");
        for (var k : KernelProviders.all()) {
            if (k.unavailableReason() != null) {
                assertTrue(hasLine(r.out(), k.name() + ": unavailable (" + k.unavailableReason() + "); not measured"),
                        r.out());
            }
        }
        // A column per provider, then one per provider other than scalar with its ratio to scalar.
        String header = Arrays.stream(lines).filter(l -> l.startsWith("benchmark")).findFirst().orElseThrow();
        List<String> columns = new ArrayList<>(List.of("benchmark", "unit"));
        columns.addAll(available);
        available.subList(1, available.size()).forEach(name -> columns.add(name + "/scalar"));
        assertEquals(columns, List.of(header.split(" +")), header);
        for (String op : List.of("dot n=1024", "gemv 256x256", "gemm 128x128x128", "train 784-128-10 batch 1 ",
                "train 784-128-10 batch 64")) {
            String line = Arrays.stream(lines).filter(l -> l.startsWith(op)).findFirst().orElseThrow(() -> new AssertionError(r.out()));
            // One positive number per provider, then the ratio of each other provider to scalar.
            String[] tokens = line.substring(41).trim().split("\\s+");
            assertEquals(2 * available.size() - 1, tokens.length, line);
            for (int i = 0; i < tokens.length; i++) {
                boolean ratio = i >= available.size();
                assertEquals(ratio, tokens[i].endsWith("x"), line);
                assertTrue(Double.parseDouble(ratio ? tokens[i].substring(0, tokens[i].length() - 1) : tokens[i]) > 0, line);
            }
        }
    }

    @Test
    void versionAndHelp() {
        CliRun v = CliRun.run("--version");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("vecprop 0."), v.out());
        for (String c : List.of("train", "eval", "predict", "bench", "losses", "info")) {
            CliRun h = CliRun.run(c, "--help");
            assertEquals(0, h.code(), c);
            assertTrue(h.out().startsWith("Usage: vecprop " + c), h.out());
        }
        assertTrue(CliRun.run("train", "--help").out().contains("--layers=SIZES"));
    }

    /**
     * --data is shared by train, eval and predict, but only train may go without it (on the embedded digits): the
     * help of each says so on the option itself (eval and predict stop with a usage error without it).
     */
    @Test
    void theHelpOfDataSaysWhereItIsRequiredAndTrainsDefault() {
        for (String c : List.of("train", "eval", "predict")) {
            String help = CliRun.run(c, "--help").out().replaceAll("\\s+", " ");
            assertTrue(help.contains("required by eval and predict (default for train: the embedded digits data "
                    + "set)"), c + ": " + help);
        }
    }

    /**
     * The model keeps its label column when it is not the last, so eval of data without a header reads the labels
     * where training did, not from the last column (a feature there); a label in the last column is not kept, so
     * that the model file stays readable by a vecprop from before the label column.
     */
    @Test
    void evalTakesTheLabelsFromTheColumnTheModelWasTrainedWith() throws Exception {
        StringBuilder rows = new StringBuilder();
        java.util.Random random = new java.util.Random(8);
        for (int i = 0; i < 200; i++) {
            int c = random.nextInt(2);
            rows.append(c).append(',').append(c + random.nextGaussian() * 0.3).append(',').append(random.nextInt(2)).append('\n');
        }
        Path plain = Files.writeString(dir.resolve("first.csv"), rows.toString());
        Path model = dir.resolve("first.vpm");
        CliRun train = CliRun.run("train", "--data", plain.toString(), "--label", "0", "--epochs", "20", "--quiet",
                "--save", model.toString());
        assertEquals(0, train.code(), train.both());
        assertEquals(java.util.OptionalInt.of(0), ModelFile.load(model).labelColumn());
        CliRun told = CliRun.run("eval", "--model", model.toString(), "--data", plain.toString(), "--label", "0");
        CliRun usual = CliRun.run("eval", "--model", model.toString(), "--data", plain.toString());
        assertEquals(0, usual.code(), usual.both());
        assertEquals(told.out().replaceFirst("(?m)^(data .*: \\d+ samples)$", "$1, labels from column 0 (the model's label column)"),
                usual.out());
        assertTrue(lastAccuracy(usual.out().replace("accuracy: ", "accuracy "), "accuracy") > 0.8, usual.out());

        // With a header too, and a label in the last column is not kept: model format version 1 or 2.
        Path named = Files.writeString(dir.resolve("named.csv"), "kind,x,noise\n" + rows);
        Path namedModel = dir.resolve("named.vpm");
        assertEquals(0, CliRun.run("train", "--data", named.toString(), "--label", "kind", "--epochs", "1", "--quiet",
                "--save", namedModel.toString()).code());
        assertEquals(java.util.OptionalInt.of(0), ModelFile.load(namedModel).labelColumn());
        CliRun byIndex = CliRun.run("eval", "--model", namedModel.toString(), "--data", named.toString());
        assertEquals(0, byIndex.code(), byIndex.both());
        assertEquals(CliRun.run("eval", "--model", namedModel.toString(), "--data", named.toString(), "--label", "kind")
                .out().replaceFirst("(?m)^(data .*: \\d+ samples)$", "$1, labels from column 0, 'kind' (the model's label "
                + "column)"), byIndex.out());
        // A file whose label is elsewhere: the refusal says the column was the model's choice.
        Path moved = Files.writeString(dir.resolve("moved.csv"), rows.toString().lines()
                .map(l -> l.substring(l.indexOf(',') + 1) + "," + l.charAt(0)).collect(java.util.stream.Collectors.joining("\n")));
        CliRun refused = CliRun.run("eval", "--model", model.toString(), "--data", moved.toString());
        assertEquals(1, refused.code(), refused.both());
        assertTrue(refused.err().strip().endsWith("; the labels were taken from column 0, the model's label column "
                + "(give --label COLUMN for another)"), refused.err());
        assertEquals(0, CliRun.run("eval", "--model", model.toString(), "--data", moved.toString(), "--label", "2").code());
        // predict names the column to drop, the model knowing it.
        CliRun predict = CliRun.run("predict", "--model", model.toString(), "--data", plain.toString());
        assertEquals(1, predict.code(), predict.both());
        assertTrue(predict.err().strip().endsWith("3 features per sample, but the model takes 2 (if column 0 holds the "
                + "labels, as in the model's training data, drop it with --label 0)"), predict.err());
        assertEquals(0, CliRun.run("predict", "--model", model.toString(), "--data", plain.toString(), "--label", "0")
                .code());
        // ... but not when --label already dropped one; and not for a refusal that has nothing to do with labels.
        Path wide = Files.writeString(dir.resolve("wide.csv"), rows.toString().lines().map(l -> l + ",7")
                .collect(java.util.stream.Collectors.joining("\n")));
        CliRun dropped = CliRun.run("predict", "--model", model.toString(), "--data", wide.toString(), "--label", "0");
        assertTrue(dropped.err().strip().endsWith("3 features per sample, but the model takes 2"), dropped.err());
        Path ragged = Files.writeString(dir.resolve("ragged.csv"), rows + "1,2\n");
        CliRun raggedEval = CliRun.run("eval", "--model", model.toString(), "--data", ragged.toString());
        assertTrue(raggedEval.err().strip().endsWith(": 2 values; line 1 has 3"), raggedEval.err());
        // Text labels where the model had them: predict says which column to drop.
        Path text = Files.writeString(dir.resolve("text.csv"), rows.toString().replace("\n0,", "\nodd,")
                .replace("\n1,", "\neven,").replaceFirst("^0,", "odd,").replaceFirst("^1,", "even,"));
        Path textModel = dir.resolve("text.vpm");
        assertEquals(0, CliRun.run("train", "--data", text.toString(), "--label", "0", "--epochs", "1", "--quiet",
                "--save", textModel.toString()).code());
        CliRun textPredict = CliRun.run("predict", "--model", textModel.toString(), "--data", text.toString());
        assertEquals(1, textPredict.code(), textPredict.both());
        assertTrue(textPredict.err().strip().endsWith("is not a number (if line 1 is a header, give --header); the "
                + "model's label was column 0 of the columns it was trained on (those --drop left out not counted): if this "
                + "file has it there too, drop it with --label 0"),
                textPredict.err());

        Path last = dir.resolve("last.vpm");
        assertEquals(0, CliRun.run("train", "--data", named.toString(), "--label", "noise", "--epochs", "1", "--quiet",
                "--save", last.toString()).code());
        assertEquals(java.util.OptionalInt.empty(), ModelFile.load(last).labelColumn());
        assertEquals(java.util.Optional.of("noise"), ModelFile.load(last).labelName());
        assertEquals(4, Files.readAllBytes(last)[9], "format version 4: feature names and a label name");
    }

    /**
     * A model saved with a loss that now refuses its output activation (softmax-cross-entropy on sigmoid outputs,
     * which older versions trained) is still evaluated: everything but the loss, and the reason.
     */
    @Test
    void evalOfAModelWhoseLossRefusesItsOutputShowsTheRest() throws Exception {
        dev.vecprop.core.FeedForwardNetwork net = dev.vecprop.core.FeedForwardNetwork.builder(4)
                .layer(5, dev.vecprop.spi.Activation.TANH).layer(3, dev.vecprop.spi.Activation.SIGMOID).seed(3).build();
        Path old = dir.resolve("old.vpm");
        dev.vecprop.core.ModelFile.save(dev.vecprop.core.Model.classifier(net, "softmax-cross-entropy", null,
                List.of("setosa", "versicolor", "virginica")), old);
        CliRun r = CliRun.run("eval", "--model", old.toString(), "--data", IRIS.toString(), "--label", "species");
        assertEquals(0, r.code(), r.both());
        assertTrue(r.out().contains("loss softmax-cross-entropy: not shown: ") && r.out().contains("sigmoid")
                && r.out().contains("accuracy: "), r.out());
    }

    /** The number after {@code label} on its last occurrence. */
    static double lastAccuracy(String text, String label) {
        Matcher m = Pattern.compile(Pattern.quote(label) + " (\\S+)").matcher(text);
        double v = Double.NaN;
        while (m.find()) {
            v = Double.parseDouble(m.group(1));
        }
        return v;
    }
}
