package dev.vecprop.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * gradcheck, losses and train with third-party loss plugins from a folder (--plugin-path), built here from source
 * against core alone: one correct loss, and one whose gradient is half what it should be.
 */
class PluginsTest {

    @TempDir
    static Path dir;
    static Path plugins;

    private static final String LOSS = """
            package test.%1$s;
            public class Loss implements dev.vecprop.spi.LossFunction {
                public String name() { return "%1$s"; }
                public double value(double[] y, double[] t) {
                    double s = 0;
                    for (int k = 0; k < y.length; k++) { double d = y[k] - t[k]; s += d * d * d * d / 4; }
                    return s;
                }
                public void gradient(double[] y, double[] t, double[] g) {
                    for (int k = 0; k < y.length; k++) { double d = y[k] - t[k]; g[k] = %2$s * d * d * d; }
                }
            }
            """;

    @BeforeAll
    static void buildPlugins() throws Exception {
        plugins = Files.createDirectories(dir.resolve("plugins"));
        TestPlugins.plainJar(plugins, dir, "quartic", LOSS.formatted("quartic", "1.0"));
        TestPlugins.plainJar(plugins, dir, "halfgrad", LOSS.formatted("halfgrad", "0.5"));
        // A constant of a million added to the value: its finite differences round to about 2e-3.
        TestPlugins.plainJar(plugins, dir, "offset", LOSS.formatted("offset", "1.0").replace("return s;", "return s + 1e6;"));
        TestPlugins.plainJar(plugins, dir, "offsethalf", LOSS.formatted("offsethalf", "0.5")
                .replace("return s;", "return s + 1e6;"));
    }

    @Test
    void gradcheckPassesTheBuiltInLossesWithEveryOutputTheyAccept() {
        CliRun r = CliRun.run("gradcheck");
        assertEquals(0, r.code(), r.both());
        assertTrue(Pattern.compile("(?m)^softmax-cross-entropy +softmax +fused +43 +\\S+ +\\S+ +passed$").matcher(r.out()).find(), r.out());
        assertTrue(Pattern.compile("(?m)^mse +identity +generic +43 +\\S+ +\\S+ +passed$").matcher(r.out()).find(), r.out());
        assertTrue(r.out().contains("8 of 8 checks passed"), r.out());
    }

    @Test
    void gradcheckRefusesWhatItCannotCheckBeforePrintingAndChecksWhatItCan() {
        CliRun huge = CliRun.run("gradcheck", "--layers", "2147483647,2147483647,3", "--loss", "mse");
        assertEquals(2, huge.code(), huge.both());
        assertEquals("", huge.out());
        assertTrue(huge.err().startsWith("vecprop gradcheck: --layers 2147483647,2147483647,3 has more than 100000 "
                + "parameters, the most gradcheck takes: it checks each one by central differences"), huge.err());
        CliRun single = CliRun.run("gradcheck", "--layers", "4,5,1", "--loss", "softmax-cross-entropy");
        assertEquals(2, single.code(), single.both());
        assertEquals("", single.out());
        assertTrue(single.err().startsWith("vecprop gradcheck: loss softmax-cross-entropy accepts no output activation "
                + "with 1 output (with softmax: "), single.err());
        CliRun one = CliRun.run("gradcheck", "--layers", "4,1");
        assertEquals(0, one.code(), one.both());
        assertTrue(Pattern.compile("(?m)^binary-cross-entropy +sigmoid +fused +5 ").matcher(one.out()).find(), one.out());
        assertTrue(one.out().lines().noneMatch(l -> l.contains(" softmax ")), "no softmax over one output: " + one.out());
    }

    @Test
    void aPluginThatThrowsFailsItsCheckByName() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("throws"));
        TestPlugins.plainJar(folder, dir, "boom", LOSS.formatted("boom", "1.0")
                .replace("return s;", "throw new IllegalStateException(\"boom\");"));
        CliRun r = CliRun.run("gradcheck", "--plugin-path", folder.toString(), "--loss", "boom", "--output", "identity");
        assertEquals(1, r.code(), r.both());
        assertTrue(Pattern.compile("(?m)^boom +identity +FAILED$").matcher(r.out()).find(), r.out());
        assertTrue(r.out().contains("failed: boom with identity outputs: the loss threw java.lang.IllegalStateException: boom"),
                r.out());
        assertEquals("", r.err());
    }

    /** losses lists a plugin under the name it gave when found, without asking it again. */
    @Test
    void lossesListsAPluginByTheNameItGaveOnce() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("once"));
        TestPlugins.plainJar(folder, dir, "once", LOSS.formatted("once", "1.0").replace(
                "public String name() { return \"once\"; }",
                "private int calls; public String name() { if (calls++ > 0) throw new IllegalStateException(\"asked "
                        + "again\"); return \"once\"; }"));
        CliRun r = CliRun.run("losses", "--plugin-path", folder.toString());
        assertEquals(0, r.code(), r.both());
        assertTrue(Pattern.compile("(?m)^once +no +").matcher(r.out()).find(), r.out());
    }

    /**
     * A plugin's gradient of the wrong sign climbs the loss, which train alone cannot tell from a learning rate
     * too large: after three epochs of a rising loss it says both, and how to check the gradient, naming the plugin
     * by the name it was chosen by (this one answers null when asked its name again).
     */
    @Test
    void aLossThatRisesEpochAfterEpochNamesTheLearningRateAndGradcheck() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("wrong-sign"));
        TestPlugins.plainJar(folder, dir, "upward", LOSS.formatted("upward", "-1.0").replace(
                "public String name() { return \"upward\"; }",
                "private int calls; public String name() { return calls++ > 0 ? null : \"upward\"; }"));
        CliRun r = CliRun.run("train", "--plugin-path", folder.toString(), "--loss", "upward", "--output", "sigmoid",
                "--epochs", "5", "-q");
        assertEquals(0, r.code(), r.both());
        List<String> warnings = r.err().lines().filter(l -> l.contains("rose")).toList();
        assertEquals(1, warnings.size(), r.err());
        assertTrue(Pattern.compile("^vecprop train: warning: the training loss rose in each of the last 3 epochs \\(from "
                + "[0-9.]+ to [0-9.]+\\): the learning rate 0\\.1 may be too large, or loss plugin 'upward' has a wrong "
                + "gradient: check it with vecprop gradcheck --loss upward$").matcher(warnings.getFirst()).matches(),
                warnings.getFirst());
        // The built-in loss on the same data falls: no warning; nor in a long healthy run, whose running loss
        // jitters up three epochs in a row now and then, far below where it began.
        CliRun right = CliRun.run("train", "--epochs", "5", "-q");
        assertFalse(right.err().contains("rose"), right.err());
        CliRun longRun = CliRun.run("train", "--data", CommandsTest.IRIS.toString(), "--epochs", "300", "--test-split",
                "0.3", "-q");
        assertEquals(0, longRun.code(), longRun.both());
        assertFalse(longRun.err().contains("rose"), longRun.err());
    }

    @Test
    void gradcheckCanForceTheGenericPath() {
        CliRun r = CliRun.run("gradcheck", "--loss", "softmax-cross-entropy", "--output", "softmax", "--generic",
                "--layers", "3,6,4,5", "--seed", "9");
        assertEquals(0, r.code(), r.both());
        assertTrue(Pattern.compile("(?m)^softmax-cross-entropy +softmax +generic +77 ").matcher(r.out()).find(), r.out());
    }

    @Test
    void gradcheckFailsAWrongThirdPartyGradientWithExitCode1() {
        CliRun bad = CliRun.run("gradcheck", "--plugin-path", plugins.toString(), "--loss", "halfgrad", "--output", "identity");
        assertEquals(1, bad.code(), bad.both());
        assertTrue(Pattern.compile("(?m)^halfgrad +identity +generic +43 +\\S+ +\\S+ +FAILED$").matcher(bad.out()).find(), bad.out());
        assertTrue(bad.out().contains("failed: halfgrad with identity outputs, worst at layer "), bad.out());
        assertTrue(bad.out().contains("0 of 1 checks passed"), bad.out());
        CliRun good = CliRun.run("gradcheck", "--plugin-path", plugins.toString(), "--loss", "quartic");
        assertEquals(0, good.code(), good.both());
        assertTrue(good.out().contains("5 of 5 checks passed"), good.out());
        assertFalse(good.out().contains("note: "), good.out());
    }

    /**
     * A loss of a large value leaves its finite differences little precision: a check that passes on the floor
     * that raises says so, and a wrong gradient still fails, naming the floor it was held to.
     */
    @Test
    void gradcheckSaysWhenTheLossesRoundingRaisedTheFloor() {
        CliRun offset = CliRun.run("gradcheck", "--plugin-path", plugins.toString(), "--loss", "offset", "--output",
                "identity");
        assertEquals(0, offset.code(), offset.both());
        assertTrue(Pattern.compile("(?m)^note: offset with identity outputs passed with differences below \\d\\.\\d\\de-03 "
                + "counted as agreement \\(the rounding of the loss's value over the step\\)$").matcher(offset.out()).find(),
                offset.out());
        CliRun half = CliRun.run("gradcheck", "--plugin-path", plugins.toString(), "--loss", "offsethalf", "--output",
                "identity");
        assertEquals(1, half.code(), half.both());
        assertTrue(Pattern.compile("(?m)^failed: offsethalf with identity outputs, worst at .*; differences below "
                + "\\d\\.\\d\\de-03 counted as agreement here$").matcher(half.out()).find(), half.out());
    }

    @Test
    void gradcheckUsageErrors() {
        CliRun unknown = CliRun.run("gradcheck", "--loss", "nope");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().startsWith("vecprop gradcheck: unknown loss 'nope'; available: "), unknown.err());
        CliRun refused = CliRun.run("gradcheck", "--loss", "binary-cross-entropy", "--output", "identity");
        assertEquals(2, refused.code());
        assertTrue(refused.err().startsWith("vecprop gradcheck: loss binary-cross-entropy cannot be used with 3 identity outputs"),
                refused.err());
        assertEquals("", refused.out(), "a usage error is refused before the preamble and the table");
        // Without --loss, the losses that take the output are checked; those that do not are left out.
        CliRun some = CliRun.run("gradcheck", "--output", "identity");
        assertEquals(0, some.code(), some.both());
        assertTrue(some.out().lines().anyMatch(l -> l.startsWith("mse ")), some.out());
        assertTrue(some.out().lines().noneMatch(l -> l.startsWith("binary-cross-entropy ")), some.out());
        CliRun folder = CliRun.run("gradcheck", "--plugin-path", dir.resolve("missing").toString());
        assertEquals(2, folder.code());
        assertTrue(folder.err().startsWith("vecprop gradcheck: --plugin-path: plugin folder "), folder.err());
    }

    @Test
    void lossesListsThirdPartyPluginsWithTheirJars() {
        CliRun r = CliRun.run("losses", "--plugin-path", plugins.toString());
        assertEquals(0, r.code(), r.both());
        assertTrue(Pattern.compile("(?m)^quartic +no +class path \\(.*quartic\\.jar\\)$").matcher(r.out()).find(), r.out());
        assertTrue(r.out().contains("softmax-cross-entropy"), r.out());
    }

    @Test
    void lossesListsEveryPluginWhenOneFailsInFusedActivation() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("listing"));
        TestPlugins.plainJar(folder, dir, "afused", LOSS.formatted("afused", "1.0").replace("public String name()",
                "public dev.vecprop.spi.Activation fusedActivation() { throw new IllegalStateException(\"fa boom\"); } "
                        + "public String name()"));
        TestPlugins.plainJar(folder, dir, "bgood", LOSS.formatted("bgood", "1.0"));
        CliRun r = CliRun.run("losses", "--plugin-path", folder.toString());
        assertEquals(1, r.code(), r.both());
        assertTrue(Pattern.compile("(?m)^afused +\\? \\(failed\\) +class path \\(.*afused\\.jar\\)$").matcher(r.out()).find(), r.out());
        assertTrue(Pattern.compile("(?m)^bgood +no +class path \\(.*bgood\\.jar\\)$").matcher(r.out()).find(), r.out());
        assertTrue(r.err().startsWith("vecprop losses: loss plugin 'afused' (class path (")
                && r.err().strip().endsWith("failed in fusedActivation: java.lang.IllegalStateException: fa boom"), r.err());
    }

    /** A jar skipped (not a zip, here) is reported and the rest listed, and losses fails: it checks a folder. */
    @Test
    void lossesListsTheOthersAndFailsWhenAJarIsSkipped() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("skipped"));
        Files.writeString(folder.resolve("broken.jar"), "not a zip");
        TestPlugins.plainJar(folder, dir, "cgood", LOSS.formatted("cgood", "1.0"));
        CliRun r = CliRun.run("losses", "--plugin-path", folder.toString());
        assertEquals(1, r.code(), r.both());
        assertTrue(Pattern.compile("(?m)^cgood +no +class path \\(.*cgood\\.jar\\)$").matcher(r.out()).find(), r.out());
        assertTrue(r.err().startsWith("vecprop losses: plugin " + folder.resolve("broken.jar")
                + " cannot be loaded, skipped: "), r.err());
    }

    /**
     * gradcheck without --loss goes through every plugin whatever each does: one that throws in incompatibility
     * fails its rows, one that gives NaN fails them naming the value, one that refuses every target cannot be
     * checked, and one that takes no output activation is named as not checked; the summary line still comes.
     */
    @Test
    void gradcheckReportsEachFaultyPluginAndGoesOn() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("faulty"));
        String refuseTargets = "public String invalidTarget(double[] t) { return \"never\"; }";
        String refuseAll = "public String incompatibility(dev.vecprop.spi.Activation a, int n) { return \"none\"; }";
        String throwing = "public String incompatibility(dev.vecprop.spi.Activation a, int n) { "
                + "throw new IllegalStateException(\"inc boom\"); }";
        TestPlugins.plainJar(folder, dir, "incthrow", LOSS.formatted("incthrow", "1.0")
                .replace("public String name()", throwing + " public String name()"));
        TestPlugins.plainJar(folder, dir, "nanvalue", LOSS.formatted("nanvalue", "1.0").replace("return s;", "return Double.NaN;"));
        TestPlugins.plainJar(folder, dir, "notarget", LOSS.formatted("notarget", "1.0")
                .replace("public String name()", refuseTargets + " public String name()"));
        TestPlugins.plainJar(folder, dir, "refuseall", LOSS.formatted("refuseall", "1.0")
                .replace("public String name()", refuseAll + " public String name()"));
        CliRun r = CliRun.run("gradcheck", "--plugin-path", folder.toString(), "--output", "identity");
        assertEquals(1, r.code(), r.both());
        assertEquals("", r.err());
        for (String name : List.of("incthrow", "nanvalue", "notarget")) {
            assertTrue(Pattern.compile("(?m)^" + name + " +identity +FAILED$").matcher(r.out()).find(), r.out());
        }
        assertTrue(r.out().contains("failed: incthrow with identity outputs: the loss threw "
                + "java.lang.IllegalStateException: inc boom"), r.out());
        assertTrue(r.out().contains("failed: nanvalue with identity outputs: loss plugin 'nanvalue' (class path (")
                && r.out().contains("returned the value NaN from value for finite outputs and targets"), r.out());
        assertTrue(r.out().contains("failed: notarget with identity outputs: cannot be checked: loss notarget accepts "
                + "neither random targets in (0, 1) nor one-hot targets: never"), r.out());
        assertTrue(r.out().contains("not checked: refuseall accepts no identity output layer with 3 units"), r.out());
        assertTrue(r.out().contains("1 of 4 checks passed"), r.out());
    }

    @Test
    void trainsWithAThirdPartyLoss() {
        CliRun r = CliRun.run("train", "--plugin-path", plugins.toString(), "--loss", "quartic", "--output", "sigmoid",
                "--epochs", "3", "--quiet");
        assertEquals(0, r.code(), r.both());
        assertTrue(CommandsTest.lastAccuracy(r.out(), "test accuracy") > 0.5, r.out());
    }

    /** A folder with the plugin {@code name}, whose value throws {@code thrown} from its call {@code calls} + 1 on. */
    private static Path failingAfter(String name, int calls, String thrown) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(name));
        TestPlugins.plainJar(folder, dir, name, LOSS.formatted(name, "1.0").replace("double s = 0;",
                "if (++calls > " + calls + ") { throw " + thrown + "; } double s = 0;")
                .replace("public String name()", "static int calls; public String name()"));
        return folder;
    }

    /**
     * train on sigmoid outputs with the plugin {@code name} of {@link #failingAfter}, saving to NAME.vpm in the
     * folder, and {@code options}: it must fail with exit code 1.
     */
    private static CliRun trainFailing(String name, int calls, String thrown, String... options) throws Exception {
        Path folder = failingAfter(name, calls, thrown);
        CliRun r = CliRun.run(Stream.concat(Stream.of("train", "--plugin-path", folder.toString(), "--loss", name,
                "--output", "sigmoid", "--quiet", "--save", dir.resolve(name + ".vpm").toString()), Stream.of(options))
                .toArray(String[]::new));
        assertEquals(1, r.code(), r.both());
        return r;
    }

    /**
     * A plugin that fails part-way through training, here with an Error rather than an exception: one line
     * naming the plugin, and the model of the last good epoch saved, as for a divergence.
     */
    @Test
    void aPluginThatFailsDuringTrainingLeavesTheLastGoodModelSaved() throws Exception {
        CliRun r = trainFailing("late", 4000, "new AssertionError(\"late\")", "--epochs", "10");
        Path saved = dir.resolve("late.vpm");
        assertEquals(1, r.err().lines().count(), r.err());
        java.util.regex.Matcher m = Pattern.compile("^vecprop train: loss plugin 'late' \\(class path \\(.*late\\.jar\\)\\) failed "
                + "in value: java\\.lang\\.AssertionError: late; the model after epoch (\\d+) \\(the last good one\\) "
                + "was saved to " + Pattern.quote(saved.toString()) + "$").matcher(r.err().strip());
        assertTrue(m.matches(), r.err());
        assertTrue(Integer.parseInt(m.group(1)) >= 1, r.err());
        dev.vecprop.core.Model model = dev.vecprop.core.ModelFile.load(saved, dev.vecprop.core.KernelProviders.scalar());
        assertEquals("late", model.lossName());

        // With --verbose the plugin's own stack trace follows the line: where in the plugin it failed.
        CliRun verbose = trainFailing("later", 4000, "new AssertionError(\"later\")", "--epochs", "10", "--verbose");
        List<String> lines = verbose.err().lines().toList();
        assertTrue(lines.getFirst().startsWith("vecprop train: loss plugin 'later'"), verbose.err());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("\tat ") && l.contains("later")), verbose.err());

        Path folder = Files.createDirectories(dir.resolve("throws-verbose"));
        TestPlugins.plainJar(folder, dir, "boomv", LOSS.formatted("boomv", "1.0")
                .replace("return s;", "throw new IllegalStateException(\"boom\");"));
        CliRun check = CliRun.run("gradcheck", "--plugin-path", folder.toString(), "--loss", "boomv", "--output",
                "identity", "--verbose");
        assertEquals(1, check.code(), check.both());
        assertTrue(check.err().contains("IllegalStateException: boom") && check.err().contains("\tat "), check.err());
    }

    /** A model or log written as a .jar into a plugin folder would replace a plugin, or be loaded as one. */
    @Test
    void anOutputThatWouldBeAJarOfAPluginFolderIsRefused() throws Exception {
        Path jar = plugins.resolve("quartic.jar");
        byte[] before = Files.readAllBytes(jar);
        CliRun r = CliRun.run("train", "--plugin-path", plugins.toString(), "--loss", "quartic", "--epochs", "1",
                "--save", jar.toString());
        assertEquals(2, r.code(), r.both());
        assertEquals("vecprop train: --save " + jar + " is a .jar in the plugin folder " + plugins + ", whose jars "
                + "are loaded as loss plugins; choose another name or folder (see vecprop train --help)", r.err().strip());
        assertArrayEquals(before, Files.readAllBytes(jar));
        CliRun log = CliRun.run("train", "--plugin-path", plugins.toString(), "--epochs", "1",
                "--log", plugins.resolve("new.jar").toString());
        assertEquals(2, log.code(), log.both());
        assertFalse(Files.exists(plugins.resolve("new.jar")));
        // predict loads no plugin, but a .jar it wrote there would be loaded by every later train.
        Path model = dir.resolve("for-predict.vpm");
        assertEquals(0, CliRun.run("train", "--epochs", "1", "-q", "--save", model.toString()).code());
        CliRun predicted = CliRun.run("predict", "--model", model.toString(), "--plugin-path", plugins.toString(),
                "--out", plugins.resolve("out.jar").toString());
        assertEquals(2, predicted.code(), predicted.both());
        assertTrue(predicted.err().startsWith("vecprop predict: --out " + plugins.resolve("out.jar") + " is a .jar in "
                + "the plugin folder"), predicted.err());
        assertFalse(Files.exists(plugins.resolve("out.jar")));
    }

    /** A plugin failing on the final evaluation of the training data, after the last epoch: the trained model is saved. */
    @Test
    void aPluginFailingAfterTheLastEpochLeavesTheTrainedModelSaved() throws Exception {
        // Two epochs of the embedded digits, all 1,797 for training: 3,594 values, then the evaluation's.
        CliRun r = trainFailing("last", 3700, "new IllegalStateException(\"last\")", "--epochs", "2", "--test-split",
                "0");
        Path saved = dir.resolve("last.vpm");
        assertTrue(r.err().strip().endsWith(") failed in value: java.lang.IllegalStateException: last; the model after "
                + "epoch 2 (the last good one) was saved to " + saved), r.err());
        assertEquals("last", dev.vecprop.core.ModelFile.load(saved, dev.vecprop.core.KernelProviders.scalar()).lossName());
    }

    /**
     * eval of a model whose loss plugin is missing, then failing: every metric but the loss is shown either way; a
     * missing plugin is a note (exit 0), a failing one the error after the report (exit 1).
     */
    @Test
    void evalShowsEverythingButTheLossWhenThePluginIsMissingOrFails() throws Exception {
        Path trained = dir.resolve("eval.vpm");
        CliRun t = CliRun.run("train", "--plugin-path", plugins.toString(), "--loss", "quartic", "--output", "sigmoid",
                "--data", CommandsTest.IRIS.toString(), "--label", "species", "--epochs", "2", "--quiet", "--save", trained.toString());
        assertEquals(0, t.code(), t.both());
        CliRun missing = CliRun.run("eval", "--model", trained.toString(), "--data", CommandsTest.IRIS.toString(),
                "--label", "species");
        assertEquals(0, missing.code(), missing.both());
        assertTrue(missing.out().contains("so no loss is shown") && missing.out().contains("accuracy: "), missing.out());
        Path failing = Files.createDirectories(dir.resolve("evalfails"));
        TestPlugins.plainJar(failing, dir, "quartic", LOSS.formatted("quartic", "1.0")
                .replace("double s = 0;", "if (s0 == 0) { throw new IllegalStateException(\"boom\"); } double s = 0;")
                .replace("public String name()", "static int s0; public String name()"));
        CliRun failed = CliRun.run("eval", "--model", trained.toString(), "--data", CommandsTest.IRIS.toString(),
                "--label", "species", "--plugin-path", failing.toString());
        assertEquals(1, failed.code(), failed.both());
        assertTrue(failed.out().contains("loss quartic: not shown, its plugin failed (the error below)")
                && failed.out().contains("confusion matrix"), failed.out());
        assertEquals(1, failed.err().lines().count(), failed.err());
        assertTrue(failed.err().startsWith("vecprop eval: loss plugin 'quartic' (class path (")
                && failed.err().strip().endsWith("failed in value: java.lang.IllegalStateException: boom"), failed.err());
        int accuracyAt = failed.out().indexOf("accuracy: ");
        assertEquals(missing.out().substring(missing.out().indexOf("accuracy: ")), failed.out().substring(accuracyAt));

        // predict takes --plugin-path as eval does, so that a script can pass one set of options, and loads nothing:
        // a plugin that cannot even be created, which eval reports, goes unnoticed.
        Path unloadable = Files.createDirectories(dir.resolve("unloadable"));
        TestPlugins.plainJar(unloadable, dir, "quartic", LOSS.formatted("quartic", "1.0")
                .replace("return \"quartic\";", "throw new AssertionError(\"not now\");"));
        CliRun evalWarns = CliRun.run("eval", "--model", trained.toString(), "--data", CommandsTest.IRIS.toString(),
                "--label", "species", "--plugin-path", unloadable.toString());
        assertTrue(evalWarns.err().contains("failed in name, skipped"), evalWarns.err());
        String[] predict = {"predict", "--model", trained.toString(), "--data", CommandsTest.IRIS.toString(), "--label", "species"};
        CliRun plain = CliRun.run(predict);
        List<String> withPath = new java.util.ArrayList<>(List.of(predict));
        withPath.addAll(List.of("--plugin-path", unloadable.toString()));
        CliRun taken = CliRun.run(withPath.toArray(String[]::new));
        assertEquals(0, plain.code(), plain.both());
        assertEquals(0, taken.code(), taken.both());
        assertEquals("", taken.err());
        assertEquals(plain.out(), taken.out());
        assertTrue(plain.out().lines().count() == 151, plain.out());
    }

    /**
     * A plugin whose name() fails with an error when the registry loads it is skipped and reported, as for an
     * exception, naming the method (its constructor ran).
     */
    @Test
    void aPluginWhoseNameFailsIsSkipped() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("noname"));
        TestPlugins.plainJar(folder, dir, "noname", LOSS.formatted("noname", "1.0")
                .replace("return \"noname\";", "throw new AssertionError(\"name boom\");"));
        CliRun r = CliRun.run("train", "--plugin-path", folder.toString(), "--epochs", "1", "--quiet");
        assertEquals(0, r.code(), r.both());
        assertTrue(r.err().contains("test.noname.Loss") && r.err().contains("failed in name, skipped")
                && r.err().contains("AssertionError: name boom"), r.err());
    }

    /** Whichever of its methods a plugin fails in, and however (a stack overflow too), the message names it. */
    @Test
    void aPluginFailingInAnyMethodIsNamed() throws Exception {
        String[][] cases = {
                {"incompat", "public String incompatibility(dev.vecprop.spi.Activation a, int n) { "
                        + "throw new IllegalStateException(\"incompat boom\"); }", "incompatibility",
                        "java.lang.IllegalStateException: incompat boom"},
                {"target", "public String invalidTarget(double[] t) { throw new NullPointerException(\"target boom\"); }",
                        "invalidTarget", "java.lang.NullPointerException: target boom"},
                {"fused", "public dev.vecprop.spi.Activation fusedActivation() { throw new IllegalStateException(\"fused boom\"); }",
                        "fusedActivation", "java.lang.IllegalStateException: fused boom"},
                {"deep", "public double value(double[] y, double[] t, int d) { return value(y, t, d + 1) + 1; }",
                        "value", "java.lang.StackOverflowError"},
                // A checked exception thrown past the compiler, as other JVM languages can.
                {"sneaky", "@SuppressWarnings(\"unchecked\") static <E extends Throwable> void sneak(Throwable e) throws E "
                        + "{ throw (E) e; }", "value", "java.io.IOException: sneaky io"},
        };
        for (String[] c : cases) {
            Path folder = Files.createDirectories(dir.resolve("fails-" + c[0]));
            String source = LOSS.formatted(c[0], "1.0");
            if (c[0].equals("deep")) {
                source = source.replace("double s = 0;", "if (y.length > 0) { return value(y, t, 0); } double s = 0;");
            } else if (c[0].equals("sneaky")) {
                source = source.replace("double s = 0;", "Loss.<RuntimeException>sneak(new java.io.IOException(\"sneaky io\")); "
                        + "double s = 0;");
            }
            TestPlugins.plainJar(folder, dir, c[0], source.replace("public String name()", c[1] + " public String name()"));
            CliRun r = CliRun.run("train", "--plugin-path", folder.toString(), "--loss", c[0], "--output", "sigmoid",
                    "--epochs", "1", "--quiet");
            assertEquals(1, r.code(), c[0] + ": " + r.both());
            assertEquals(1, r.err().lines().count(), c[0] + ": " + r.err());
            assertTrue(r.err().startsWith("vecprop train: loss plugin '" + c[0] + "' (class path ("), r.err());
            assertTrue(r.err().strip().endsWith(".jar)) failed in " + c[2] + ": " + c[3]), c[0] + ": " + r.err());
        }
    }

    /**
     * An application may load vecprop into a module layer of its own (a plugin host does): a modular plugin must
     * then be resolved against that layer's core, the one whose LossFunction it implements, not the boot
     * layer's (which here holds another copy of core, and in an application none).
     */
    @Test
    void aModularPluginLoadsWhenCoreIsInALayerOfItsOwn() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("layered"));
        TestPlugins.modularJar(folder, dir, "layered", LOSS.formatted("layered", "1.0"));
        Path core = Path.of(dev.vecprop.spi.LossFunction.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        java.lang.module.Configuration cf = ModuleLayer.boot().configuration().resolve(
                java.lang.module.ModuleFinder.of(core), java.lang.module.ModuleFinder.of(), java.util.Set.of("dev.vecprop.core"));
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
        Class<?> registry = layer.findLoader("dev.vecprop.core").loadClass("dev.vecprop.core.LossRegistry");
        assertTrue(registry.getModule().getLayer() == layer, "core of the new layer");
        Object r = registry.getMethod("withPlugins", List.class).invoke(null, List.of(folder));
        assertEquals(List.of(), registry.getMethod("problems").invoke(r));
        Object loss = registry.getMethod("get", String.class).invoke(r, "layered");
        assertEquals("test.layered", loss.getClass().getModule().getName());
        assertTrue(loss.getClass().getModule().getLayer().parents().contains(layer), "a layer on top of core's");
    }

    @Test
    void pluginFoldersFromTheEnvironmentAndBesideTheInstallation() throws Exception {
        Map<String, String> saved = PluginOptions.environment;
        try {
            PluginOptions.environment = Map.of(PluginOptions.ENVIRONMENT, plugins.toString());
            CliRun r = CliRun.run("losses");
            assertEquals(0, r.code(), r.both());
            assertTrue(r.out().contains("quartic"), r.out());
            PluginOptions.environment = Map.of(PluginOptions.ENVIRONMENT, dir.resolve("gone").toString());
            r = CliRun.run("losses");
            assertEquals(2, r.code(), r.both());
            assertTrue(r.err().startsWith("vecprop losses: $VECPROP_PLUGIN_PATH: plugin folder "), r.err());
            // Each list's separator, given in the other: said.
            PluginOptions.environment = Map.of(PluginOptions.ENVIRONMENT, plugins + "," + dir.resolve("b"));
            r = CliRun.run("losses");
            assertEquals(2, r.code(), r.both());
            assertTrue(r.err().contains("cannot be read: no such folder ($VECPROP_PLUGIN_PATH separates folders by "
                    + "colons, as PATH does)"), r.err());
            PluginOptions.environment = Map.of();
            r = CliRun.run("losses", "--plugin-path", plugins + ":" + dir.resolve("b"));
            assertEquals(2, r.code(), r.both());
            assertTrue(r.err().contains("cannot be read: no such folder (--plugin-path separates folders by commas)"),
                    r.err());
        } finally {
            PluginOptions.environment = saved;
        }
        Path home = dir.resolve("install");
        Path folder = Files.createDirectories(home.resolve("plugins"));
        try (Stream<Path> jars = Files.list(plugins)) {
            for (Path jar : jars.filter(p -> p.getFileName().toString().startsWith("quartic")).toList()) {
                Files.copy(jar, folder.resolve(jar.getFileName()));
            }
        }
        try {
            System.setProperty(PluginOptions.HOME_PROPERTY, home.toString());
            CliRun r = CliRun.run("losses");
            assertEquals(0, r.code(), r.both());
            assertTrue(Pattern.compile("(?m)^quartic +no +class path \\(.*install/plugins/quartic\\.jar\\)$").matcher(r.out()).find(), r.out());
        } finally {
            System.clearProperty(PluginOptions.HOME_PROPERTY);
        }
    }

    @Test
    void aJarThatCannotBeLoadedIsReportedByTrainEvenWhenTheRunStopsBeforeItsLossIsKnown() throws Exception {
        Path broken = Files.createDirectories(dir.resolve("broken"));
        try (var jar = new java.util.jar.JarOutputStream(Files.newOutputStream(broken.resolve("missing.jar")))) {
            jar.putNextEntry(new java.util.jar.JarEntry("META-INF/services/dev.vecprop.spi.LossFunction"));
            jar.write("test.missing.Loss\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        CliRun unknown = CliRun.run("train", "--plugin-path", broken.toString(), "--loss", "quartic");
        assertEquals(2, unknown.code(), unknown.both());
        List<String> lines = unknown.err().lines().toList();
        assertEquals(2, lines.size(), unknown.err());
        assertTrue(lines.get(0).startsWith("vecprop train: warning: plugin " + broken.resolve("missing.jar")), unknown.err());
        assertTrue(lines.get(1).startsWith("vecprop train: unknown loss 'quartic'"), unknown.err());
        CliRun noData = CliRun.run("train", "--plugin-path", broken.toString(), "--data", dir.resolve("nope.csv").toString());
        assertEquals(1, noData.code(), noData.both());
        assertTrue(noData.err().startsWith("vecprop train: warning: plugin " + broken.resolve("missing.jar")), noData.err());
        assertTrue(noData.err().strip().endsWith("nope.csv: no such file"), noData.err());
    }

    @Test
    void aJarThatCannotBeLoadedIsReportedOnceByATrainingGivenItsLoss() throws Exception {
        Path broken = Files.createDirectories(dir.resolve("brokenonce"));
        Files.write(broken.resolve("empty.jar"), new byte[0]);
        CliRun r = CliRun.run("train", "--plugin-path", broken + "," + plugins, "--loss", "quartic", "--output", "sigmoid",
                "--epochs", "1", "--quiet");
        assertEquals(0, r.code(), r.both());
        assertEquals(List.of("vecprop train: warning: plugin " + broken.resolve("empty.jar")
                + " cannot be loaded, skipped: ZipException: zip file is empty"), r.err().lines().toList(), r.err());
    }

    /** An empty refusal still refuses, and the message says that the plugin gave no reason, not nothing. */
    @Test
    void aRefusalWithAnEmptyMessageSaysThePluginGaveNoReason() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("mute"));
        TestPlugins.plainJar(folder, dir, "mute", LOSS.formatted("mute", "1.0").replace("public String name()", """
                public String incompatibility(dev.vecprop.spi.Activation a, int n) {
                    return a == dev.vecprop.spi.Activation.TANH ? "" : null;
                }
                public String invalidTarget(double[] t) { return t[0] == 1 ? "" : null; }
                public String name()"""));
        CliRun tanh = CliRun.run("train", "--plugin-path", folder.toString(), "--loss", "mute", "--output", "tanh");
        assertEquals(2, tanh.code(), tanh.both());
        assertEquals("vecprop train: loss mute cannot be used with 10 tanh outputs: it refuses them without saying why "
                + "(its incompatibility returned an empty message) (see vecprop train --help)", tanh.err().strip());
        CliRun target = CliRun.run("train", "--plugin-path", folder.toString(), "--loss", "mute", "--output", "sigmoid");
        assertEquals(1, target.code(), target.both());
        assertTrue(Pattern.compile("^vecprop train: .+: line \\d+: loss mute refuses the targets \\[1\\.0, 0\\.0, .*\\] "
                + "without saying why \\(its invalidTarget returned an empty message\\)$").matcher(target.err().strip()).matches(),
                target.err());
        CliRun check = CliRun.run("gradcheck", "--plugin-path", folder.toString(), "--loss", "mute", "--output", "tanh");
        assertEquals(2, check.code(), check.both());
        assertTrue(check.err().contains("without saying why"), check.err());
    }

    /** A gradient that leaves an element unwritten is refused by name, not trained on with what the array held. */
    @Test
    void aGradientThatLeavesAnElementUnwrittenIsRefused() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("partial"));
        TestPlugins.plainJar(folder, dir, "partial", LOSS.formatted("partial", "1.0").replace("k < y.length; k++) { double d = y[k] - t[k]; g[k]",
                "k < y.length - 1; k++) { double d = y[k] - t[k]; g[k]"));
        Path saved = dir.resolve("partial.vpm");
        CliRun train = CliRun.run("train", "--plugin-path", folder.toString(), "--loss", "partial", "--output", "sigmoid",
                "--epochs", "2", "--quiet", "--save", saved.toString());
        assertEquals(1, train.code(), train.both());
        assertTrue(Pattern.compile("^vecprop train: loss plugin 'partial' \\(class path \\(.*partial\\.jar\\)\\) left element 9 "
                + "of its gradient unwritten \\(all 10 must be written\\)").matcher(train.err().strip()).find(), train.err());
        CliRun check = CliRun.run("gradcheck", "--plugin-path", folder.toString(), "--loss", "partial", "--output", "relu");
        assertEquals(1, check.code(), check.both());
        assertTrue(check.out().contains("failed: partial with relu outputs: loss plugin 'partial' (class path ("), check.out());
        assertTrue(check.out().contains(") left element 2 of its gradient unwritten (all 3 must be written)"), check.out());
    }

    /** A plugin failing in the first epoch leaves no model to save, and the one line says so. */
    @Test
    void aPluginThatFailsInTheFirstEpochSaysTheModelWasNotWritten() throws Exception {
        CliRun r = trainFailing("early", 10, "new IllegalStateException(\"early\")", "--epochs", "3");
        Path saved = dir.resolve("early.vpm");
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().strip().endsWith("failed in value: java.lang.IllegalStateException: early; no epoch "
                + "ended, so " + saved + " was not written"), r.err());
        assertFalse(Files.exists(saved));
    }

    @Test
    void aBadEnvironmentFolderIsNotBlamedOnAPluginPathFolderWhoseNameItStartsWith() {
        Map<String, String> saved = PluginOptions.environment;
        try {
            PluginOptions.environment = Map.of(PluginOptions.ENVIRONMENT, plugins + "2");
            CliRun r = CliRun.run("losses", "--plugin-path", plugins.toString());
            assertEquals(2, r.code(), r.both());
            assertEquals("vecprop losses: $VECPROP_PLUGIN_PATH: plugin folder " + plugins + "2 cannot be read: no such "
                    + "folder (see vecprop losses --help)", r.err().strip());
        } finally {
            PluginOptions.environment = saved;
        }
    }

    @Test
    void aNameTwoPluginsClaimIsOneErrorWhereItIsAskedForAndAWarningElsewhere() throws Exception {
        // Another jar whose loss takes the name (a copy of the same jar would be read once).
        Path second = Files.createDirectories(dir.resolve("second"));
        TestPlugins.plainJar(second, dir, "quarticagain", LOSS.formatted("quarticagain", "1.0")
                .replace("return \"quarticagain\"", "return \"quartic\""));
        String folders = plugins + "," + second;
        CliRun asked = CliRun.run("train", "--plugin-path", folders, "--loss", "quartic", "--epochs", "1");
        assertEquals(2, asked.code(), asked.both());
        assertEquals(1, asked.err().lines().count(), asked.err());
        assertTrue(asked.err().startsWith("vecprop train: several loss plugins are named 'quartic': "), asked.err());
        // The default loss, not named on the command line, is refused the same way, once.
        Path clash = Files.createDirectories(dir.resolve("clash"));
        TestPlugins.plainJar(clash, dir, "dupsoftmax", LOSS.formatted("dupsoftmax", "1.0")
                .replace("return \"dupsoftmax\"", "return \"softmax-cross-entropy\""));
        CliRun byDefault = CliRun.run("train", "--plugin-path", clash.toString(), "--epochs", "1");
        assertEquals(2, byDefault.code(), byDefault.both());
        assertEquals(1, byDefault.err().lines().count(), byDefault.err());
        assertTrue(byDefault.err().startsWith("vecprop train: several loss plugins are named 'softmax-cross-entropy': "),
                byDefault.err());
        CliRun mse = CliRun.run("train", "--plugin-path", clash.toString(), "--epochs", "1", "--loss", "mse");
        assertEquals(0, mse.code(), mse.both());
        assertTrue(mse.err().startsWith("vecprop train: warning: several loss plugins are named 'softmax-cross-entropy'"),
                "a loss the run does not use is a warning: " + mse.both());
        CliRun other = CliRun.run("gradcheck", "--plugin-path", folders, "--loss", "mse");
        assertEquals(0, other.code(), other.both());
        assertTrue(other.err().startsWith("vecprop gradcheck: warning: several loss plugins are named 'quartic': "),
                other.err());
    }

    /**
     * The built-in losses' jar copied into a plugin folder (an installation's plugins/, say) is the jar already
     * read: its losses are listed once, from the module path, with no clash. Run in a JVM of its own whose
     * module path holds the losses as a jar (made from the classes when the build left them as a folder).
     */
    @Test
    void aCopyOfTheBuiltInLossesJarInAPluginFolderIsReadOnce() throws Exception {
        Path losses = Path.of(ModuleLayer.boot().configuration().findModule("dev.vecprop.losses").orElseThrow()
                .reference().location().orElseThrow());
        Path work = Files.createDirectories(dir.resolve("builtin-copy"));
        Path jar = losses;
        if (Files.isDirectory(losses)) {
            jar = work.resolve("vecprop-losses.jar");
            java.util.spi.ToolProvider tool = java.util.spi.ToolProvider.findFirst("jar").orElseThrow();
            assertEquals(0, tool.run(System.out, System.err, "--create", "--file", jar.toString(), "-C",
                    losses.toString(), "."));
        }
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Files.copy(jar, plugins.resolve("copy-of-losses.jar"));
        String modulePath = System.getProperty("jdk.module.path").replace(losses.toString(), jar.toString());
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-p", modulePath, "-m", "dev.vecprop.cli/dev.vecprop.cli.Main", "losses", "--plugin-path",
                plugins.toString()).redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, child.waitFor(), out);
        assertFalse(out.contains("several"), out);
        assertFalse(out.contains("copy-of-losses"), out);
        assertEquals(1, out.lines().filter(l -> l.startsWith("mse ")).count(), out);
    }
}
