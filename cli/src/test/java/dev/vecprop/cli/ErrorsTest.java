package dev.vecprop.cli;

import dev.vecprop.core.Checkpoint;
import dev.vecprop.core.ModelFile;
import dev.vecprop.testfiles.IdxFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every kind of bad input: the exit code (1 for a failure, 2 for a usage error), the one line on standard
 * error that names the file, the record and the problem, no stack trace, and no output file left behind.
 */
class ErrorsTest {

    @TempDir
    Path dir;

    /** A model trained once per test on a small CSV, for the eval and predict cases. */
    Path model;
    Path good;
    /** The files a failing command must not create. */
    Path saved;
    Path predictions;

    @BeforeEach
    void trainAModel() throws IOException {
        good = CliRun.writeEvenOdd(dir.resolve("good.csv"));
        model = dir.resolve("model.vpm");
        CliRun r = CliRun.run("train", "--data", good.toString(), "--epochs", "2", "--save", model.toString());
        assertEquals(0, r.code(), r.both());
        saved = dir.resolve("out.vpm");
        predictions = dir.resolve("out.csv");
    }

    /**
     * Through the command line: an unknown class is reported in the file its label came from (for IDX, the
     * labels file), and labels and class names from files are quoted and cut.
     */
    @Test
    void classErrorsNameTheLabelsFileAndQuoteTheLabels() throws IOException {
        Path images = IdxFiles.write(dir.resolve("img.idx"), IdxFiles.ubyte(new int[]{6, 2},
                new int[]{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}));
        Path labels = IdxFiles.write(dir.resolve("lab.idx"), IdxFiles.ubyte(new int[]{6}, new int[]{0, 1, 2, 0, 1, 2}));
        Path model = dir.resolve("idx.vpm");
        assertEquals(0, CliRun.run("train", "--data", images.toString(), "--labels", labels.toString(), "--epochs", "1",
                "--save", model.toString()).code());
        Path range = IdxFiles.write(dir.resolve("lab-range.idx"), IdxFiles.ubyte(new int[]{6},
                new int[]{0, 1, 2, 0, 1, 250}));
        assertEquals("vecprop eval: " + range + ": item 6: class '250' is not one of the 3 classes the model knows "
                + "(0, 1, 2)", fails(1, "eval", "--model", model.toString(), "--data", images.toString(), "--labels",
                range.toString()));

        String ctrl = "z\u000Bw\u001B[31mRED";
        Path train = Files.writeString(dir.resolve("t.csv"), "a,b,label\n1,2,x\n3,4," + ctrl + "\n5,6,x\n7,8," + ctrl + "\n");
        Path csvModel = dir.resolve("csv.vpm");
        assertEquals(0, CliRun.run("train", "--data", train.toString(), "--epochs", "1", "--save", csvModel.toString()).code());
        Path test = Files.writeString(dir.resolve("test.csv"), "a,b,label\n1,2,x\n3,4," + "L".repeat(200_000) + "\n");
        assertEquals("vecprop eval: " + test + ": line 3: class '" + "L".repeat(37) + "...' is not one of the 2 classes "
                + "the model knows (x, z\\u000Bw\\u001B[31mRED)", fails(1, "eval", "--model", csvModel.toString(), "--data",
                test.toString()));
    }

    /** Runs, and checks what every failure must do: one line, the code, no stack trace, no new files. */
    private String fails(int code, String... args) throws IOException {
        List<Path> before = listing();
        CliRun r = CliRun.run(args);
        assertEquals(code, r.code(), r.both());
        assertEquals(1, r.err().lines().count(), "one line: " + r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertEquals(before, listing(), "no file was left behind");
        return r.err().strip();
    }

    private String trainFails(int code, String... args) throws IOException {
        List<String> all = new ArrayList<>(Arrays.asList("train", "--save", saved.toString(), "--epochs", "2"));
        all.addAll(Arrays.asList(args));
        return fails(code, all.toArray(String[]::new));
    }

    /** A model trained one epoch on {@code data} with {@code options}, saved as {@code name} in the folder. */
    private Path trained(String name, Path data, String... options) {
        Path model = dir.resolve(name);
        CliRun t = CliRun.run(concat(new String[]{"train", "--data", data.toString(), "--epochs", "1", "-q", "--save",
                model.toString()}, options));
        assertEquals(0, t.code(), t.both());
        return model;
    }

    private List<Path> listing() throws IOException {
        try (var s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    /** Number labels are numbers: one written two ways is refused, not made two classes; they sort as numbers. */
    @Test
    void anIntegerLabelWrittenTwoWaysIsRefused() throws IOException {
        Path two = write("two.csv", "a,b,y\n1,2,1\n3,4,0\n5,6,01\n7,8,1\n");
        assertEquals("vecprop train: " + two + ": line 4: class '01' is class '1' written another way; they would be two "
                + "classes (write each class one way)", trainFails(1, "--data", two.toString()));
        // Across files: the test data's label is named with the class it writes another way.
        Path ones = write("ones.csv", "a,b,y\n1,2,1\n3,4,0\n5,6,1\n7,8,0\n");
        Path padded = write("padded.csv", "a,b,y\n1,2,01\n");
        assertEquals("vecprop train: " + padded + ": line 2: class '01' is not one of the 2 classes the training data has "
                + "(0, 1); it is class '1' written another way", trainFails(1, "--data", ones.toString(), "--test",
                padded.toString()));
        // Text classes are text: '01' is no other way of writing '1' among them.
        Path mixed = write("mixed.csv", "a,b,y\n1,2,1\n3,4,a\n5,6,1\n7,8,a\n");
        assertEquals("vecprop train: " + padded + ": line 2: class '01' is not one of the 2 classes the training data has "
                + "(1, a)", trainFails(1, "--data", mixed.toString(), "--test", padded.toString()));
        Path signs = write("signs.csv", "a,b,y\n1,2,+1\n3,4,-1\n5,6,+1\n7,8,-1\n");
        CliRun r = CliRun.run("train", "--data", signs.toString(), "--epochs", "1", "--save", saved.toString());
        assertEquals(0, r.code(), r.both());
        assertEquals(List.of("-1", "+1"), dev.vecprop.core.ModelFile.load(saved, dev.vecprop.core.KernelProviders.scalar())
                .outputNames());
        // Numbers that are not all integers sort as numbers too, not as text (1.0, 10.0, 2.0).
        Path decimals = write("decimals.csv", "a,b,y\n1,2,10.0\n3,4,2.0\n5,6,1.0\n7,8,2.5\n9,1,-0.5\n");
        r = CliRun.run("train", "--data", decimals.toString(), "--epochs", "1", "--save", saved.toString());
        assertEquals(0, r.code(), r.both());
        assertEquals(List.of("-0.5", "1.0", "2.0", "2.5", "10.0"), dev.vecprop.core.ModelFile.load(saved,
                dev.vecprop.core.KernelProviders.scalar()).outputNames());
    }

    /**
     * Not only integers: labels that are all numbers are refused when two are one number written two ways, as
     * pandas writes 1 as 1.0 in a column with a missing value; the same number is the same exact value.
     */
    @Test
    void aNumberLabelWrittenTwoWaysIsRefused() throws IOException {
        Path mixed = write("mixed.csv", "a,b,y\n1,2,1\n3,4,1.0\n5,6,2\n7,8,2.0\n");
        assertEquals("vecprop train: " + mixed + ": line 3: class '1.0' is class '1' written another way; they would be "
                + "two classes (write each class one way)", trainFails(1, "--data", mixed.toString()));
        String[][] same = {{"1", "1e0"}, {"1", "1.00"}, {"2.5", "2.50"}, {"0.5", ".5"}, {"100", "1E+2"}, {"0", "-0.0"},
                {"-3", "-3."}, {"12", "\" 12 \""}, {"1234567890123456789012", "1.234567890123456789012e21"}};
        for (String[] pair : same) {
            Path two = write("two.csv", "a,b,y\n1,2," + pair[0] + "\n3,4,7\n5,6," + pair[1] + "\n");
            assertEquals("vecprop train: " + two + ": line 4: class '" + pair[1].replace("\"", "") + "' is class '"
                    + pair[0] + "' written another way; they would be two classes (write each class one way)",
                    trainFails(1, "--data", two.toString()), pair[1]);
        }
        // Numbers that differ are two classes, even when a float would hold them as one.
        Path close = write("close.csv", "a,b,y\n1,2,1\n3,4,1.00000001\n5,6,1\n7,8,1.00000001\n");
        CliRun r = CliRun.run("train", "--data", close.toString(), "--epochs", "1");
        assertEquals(0, r.code(), r.both());
        assertTrue(r.out().contains("4 samples, 2 features, 2 classes"), r.out());
        // eval and --test name the class a label writes another way.
        Path ints = write("ints.csv", "a,b,y\n1,2,1\n3,4,2\n5,6,1\n7,8,2\n");
        Path intModel = dir.resolve("ints.vpm");
        assertEquals(0, CliRun.run("train", "--data", ints.toString(), "--epochs", "1", "--save", intModel.toString())
                .code());
        Path floats = write("floats.csv", "a,b,y\n1,2,2.0\n3,4,1.0\n");
        assertEquals("vecprop eval: " + floats + ": line 2: class '2.0' is not one of the 2 classes the model knows "
                + "(1, 2); it is class '2' written another way", fails(1, "eval", "--model", intModel.toString(),
                "--data", floats.toString()));
        assertEquals("vecprop train: " + floats + ": line 2: class '2.0' is not one of the 2 classes the training data "
                + "has (1, 2); it is class '2' written another way", trainFails(1, "--data", ints.toString(), "--test",
                floats.toString()));
        // Labels that are not all numbers are text, where 1 and 1.0 are two names.
        Path text = write("text.csv", "a,b,y\n1,2,1\n3,4,1.0\n5,6,x\n");
        r = CliRun.run("train", "--data", text.toString(), "--epochs", "1");
        assertEquals(0, r.code(), r.both());
        assertTrue(r.out().contains("3 samples, 2 features, 3 classes"), r.out());
    }

    /** A class of the test data that the training data lacks: said so, and with --test-split, why. */
    @Test
    void aClassOnlyInTheTestDataIsNamedWithWhereItCameFrom() throws IOException {
        StringBuilder text = new StringBuilder("a,b,kind\n");
        for (int i = 0; i < 40; i++) {
            text.append(i).append(',').append(i % 7).append(i % 2 == 0 ? ",even\n" : ",odd\n");
        }
        Path common = write("common.csv", text.toString());
        Path rare = write("rare.csv", text + "5,5,rare\n");
        Path only = write("only.csv", "a,b,kind\n1,2,rare\n");
        assertEquals("vecprop train: " + only + ": line 2: class 'rare' is not one of the 2 classes the training data has "
                + "(even, odd)", trainFails(1, "--data", common.toString(), "--test", only.toString()));
        int held = 0;
        int kept = 0;
        for (int seed = 1; seed <= 12; seed++) {
            CliRun r = CliRun.run("train", "--data", rare.toString(), "--test-split", "0.3", "--seed", String.valueOf(seed),
                    "--epochs", "1", "--quiet");
            if (r.code() == 0) {
                kept++;
            } else {
                held++;
                assertEquals("vecprop train: " + rare + ": line 42: class 'rare' is not one of the 2 classes the training data "
                        + "has", r.err().strip().substring(0, r.err().strip().indexOf(" (")), r.err());
                assertTrue(r.err().strip().endsWith("; all its samples fell in the part --test-split 0.3 holds out "
                        + "(another --seed or a smaller split may keep some for training)"), r.err());
            }
        }
        assertTrue(held > 0 && kept > 0, held + " held out, " + kept + " kept");
    }

    @Test
    void targetsALossRefusesAreNamedByFileAndLineInTrainAndEval() throws IOException {
        Path fine = write("fine.csv", "a,b,y\n0.1,0.2,0\n0.3,0.1,1\n0.5,0.9,1\n0.2,0.2,0\n");
        Path bad = write("bad.csv", "a,b,y\n0.1,0.2,1\n0.3,0.1,1.5\n");
        String[] bce = {"--targets", "y", "--layers", "2,1", "--loss", "binary-cross-entropy"};
        String why = "binary-cross-entropy needs targets in [0, 1]; target 0 is 1.5";
        assertEquals("vecprop train: " + bad + ": line 3: " + why, trainFails(1, concat(new String[]{"--data", bad.toString()}, bce)));
        assertEquals("vecprop train: " + bad + ": line 3: " + why,
                trainFails(1, concat(new String[]{"--data", fine.toString(), "--test", bad.toString()}, bce)));
        Path model = trained("bce.vpm", fine, bce);
        // eval printed a loss for targets the loss is not defined on (a negative cross-entropy).
        assertEquals("vecprop eval: " + bad + ": line 3: " + why, fails(1, "eval", "--model", model.toString(), "--data",
                bad.toString()));
    }

    @Test
    void valuesTheNetworkOverflowsOnHaveNoPrediction() throws IOException {
        Path data = write("relu.csv", "a,b,kind\n0.1,0.2,x\n0.9,0.1,y\n0.5,0.9,x\n0.2,0.8,y\n");
        Path model = trained("relu.vpm", data, "--hidden", "relu", "--scale", "none");
        Path huge = write("huge.csv", "a,b\n0.1,0.2\n3e38,3e38\n");
        String predict = fails(1, "predict", "--model", model.toString(), "--data", huge.toString());
        assertTrue(predict.matches("vecprop predict: " + java.util.regex.Pattern.quote(huge + ": line 3: the model's output ")
                + "\\d is NaN: the network overflows on these values"), predict);
        Path labelled = write("huge-labelled.csv", "a,b,kind\n0.1,0.2,x\n3e38,3e38,y\n");
        String eval = fails(1, "eval", "--model", model.toString(), "--data", labelled.toString());
        assertTrue(eval.startsWith("vecprop eval: " + labelled + ": line 3: the model's output "), eval);
    }

    @Test
    void predictOnDataThatKeptItsLabelColumnUsesTheModelsFeaturesByName() throws IOException {
        // The model was trained on good.csv's a and b; the label's text used to fail as "not a number".
        CliRun kept = CliRun.run("predict", "--model", model.toString(), "--data", good.toString());
        assertEquals(0, kept.code(), kept.both());
        assertEquals("vecprop predict: warning: " + good + ": column 'kind' is not among the model's 2 features and not "
                + "used (the features were found by the names in the header)", kept.err().strip());
        Path reordered = write("kind-first.csv", "kind,a,b\nodd,1,2\n");
        CliRun first = CliRun.run("predict", "--model", model.toString(), "--data", reordered.toString());
        assertEquals(0, first.code(), first.both());
        CliRun dropped = CliRun.run("predict", "--model", model.toString(), "--data", reordered.toString(), "--label", "0");
        assertEquals(0, dropped.code(), dropped.both());
        assertEquals(first.out(), dropped.out());
        assertEquals("", dropped.err());
        // The features in another order are not picked out: the column left over is named, to drop it.
        Path swapped = write("swapped.csv", "b,a,kind\n2,1,odd\n");
        assertEquals("vecprop predict: " + swapped + ": line 1: column 2 ('kind') is not one of the model's "
                + "features; if it holds labels or targets, drop it with --label 2", fails(1, "predict", "--model",
                model.toString(), "--data", swapped.toString()));
    }

    /** The data predict takes, given to eval: its last feature was taken for the label, and a feature was short. */
    @Test
    void evalOfDataWithoutTheLabelColumnSaysSo() throws IOException {
        Path data = write("wine.csv", "alcohol,ash,proline,kind\n1,2,300,a\n2,2,400,b\n0,1,500,a\n3,1,600,b\n");
        Path model = trained("wine.vpm", data);
        Path features = write("features.csv", "alcohol,ash,proline\n1,2,300\n2,2,400\n");
        assertEquals("vecprop eval: " + features + ": line 1: the columns are the model's 3 features, and no label "
                + "(column 2, 'proline', was taken for it); eval needs labelled data: add the label column, or use "
                + "vecprop predict for data without labels", fails(1, "eval", "--model", model.toString(), "--data",
                features.toString()));
        // A feature missing is still a feature missing, named.
        Path short2 = write("short.csv", "alcohol,proline,kind\n1,300,a\n2,400,b\n");
        assertEquals("vecprop eval: " + short2 + ": line 1: the header names no column 'ash', the model's feature 2 of 3"
                + " (the model finds its features by the names of its training data's header)", fails(1, "eval", "--model", model.toString(), "--data", short2.toString()));
    }

    /**
     * A refusal that says what it is, a missing value or a column of text with the label column named, is not
     * also told that the labels came from the model's label column: the value is not text taken for a number.
     */
    @Test
    void aMissingValueOrAColumnOfTextInEvalIsNotBlamedOnTheModelsLabelColumn() throws IOException {
        Path data = write("first.csv", "kind,a,b\nx,1,2\ny,3,4\nx,2,2\ny,0,1\n");
        Path model = trained("first.vpm", data, "--label", "0");
        Path missing = write("missing.csv", "kind,a,b\nx,1,2\ny,NA,4\n");
        assertEquals("vecprop eval: " + missing + ": line 3: column 'a': 'NA' is not a number (a missing value, as R "
                + "and others write one: vecprop does not fill in missing values, and --skip-bad skips only NaN and "
                + "infinities; drop or fill those rows first, e.g. with pandas' dropna() or fillna())",
                fails(1, "eval", "--model", model.toString(), "--data", missing.toString()));
        // Beside the model's features, found by name, a column of text is not used (the warning says so).
        Path named = write("named.csv", "kind,a,b,id\nx,1,2,r1\n");
        CliRun withId = CliRun.run("eval", "--model", model.toString(), "--data", named.toString());
        assertEquals(0, withId.code(), withId.both());
        assertTrue(withId.err().contains(named + ": column 'id' is not among the model's 2 features and not used"),
                withId.err());
        // One of the model's features renamed, beside a column of text: the feature is named, before the text fails.
        Path text = write("text.csv", "kind,a,z,id\nx,1,2,r1\n");
        assertEquals("vecprop eval: " + text + ": line 1: the header names no column 'b', the model's feature 2 of 2"
                + " (the model finds its features by the names of its training data's header)", fails(1, "eval", "--model", model.toString(), "--data", text.toString()));
        // The header names the model's label column elsewhere: the note says which column and why.
        Path later = write("later.csv", "a,b,kind\n1,2,3\n1,2,x\n");
        assertEquals("vecprop eval: " + later + ": line 2: class '3' is not one of the 2 classes the model knows (x, y); "
                + "the labels were taken from column 2, found by the name of the model's label column ('kind') in the "
                + "header (give --label COLUMN for another)", fails(1, "eval", "--model", model.toString(), "--data",
                later.toString()));
        // A header without that name but with the model's features: the label is the other column.
        Path renamed = write("renamed.csv", "a,b,class\n1,2,3\n1,2,x\n");
        assertEquals("vecprop eval: " + renamed + ": line 2: class '3' is not one of the 2 classes the model knows (x, y); "
                + "the labels were taken from column 2, found by the model's feature names in the header (give --label "
                + "COLUMN for another)", fails(1, "eval", "--model", model.toString(), "--data", renamed.toString()));
        // Without a header, by the model's label column.
        Path bare = write("bare.csv", "3,1,2\nx,1,2\n");
        assertEquals("vecprop eval: " + bare + ": line 1: class '3' is not one of the 2 classes the model knows (x, y); "
                + "the labels were taken from column 0, the model's label column (give --label COLUMN for another)",
                fails(1, "eval", "--model", model.toString(), "--data", bare.toString()));
        // A refusal while reading, without a header: the model's label column, as the header (none) chose it.
        Path bareText = write("bare-text.csv", "x,1,z\n");
        assertTrue(fails(1, "eval", "--model", model.toString(), "--data", bareText.toString()).endsWith("'z' is not a "
                + "number (if line 1 is a header, give --header); the labels were taken from column 0, the model's "
                + "label column (give --label COLUMN for another)"));
    }

    /**
     * predict of data that still holds the label column, under the name the model knows it by, where the
     * features are not found by name: the refusal says to drop that column by its name.
     */
    @Test
    void predictNamesTheModelsLabelColumnWhenTheDataStillHasIt() throws IOException {
        Path data = write("first.csv", "kind,a,b\nx,1,2\ny,3,4\nx,2,2\ny,0,1\n");
        Path model = trained("first.vpm", data, "--label", "kind");
        Path kept = write("kept.csv", "kind,a\nx,1\n");
        assertEquals("vecprop predict: " + kept + ": line 1: the header names no column 'b', the model's feature 2 of 2 "
                + "(the model finds its features by the names of its training data's header); column 'kind' held the model's labels in its training data: drop it "
                + "with --label kind", fails(1, "predict", "--model", model.toString(), "--data", kept.toString()));
        // With a feature renamed too: the feature first, and the label column with it.
        Path renamed = write("renamed.csv", "kind,a,z\nx,1,2\n");
        assertEquals("vecprop predict: " + renamed + ": line 1: the header names no column 'b', the model's feature 2 "
                + "of 2 (the model finds its features by the names of its training data's header); column 'kind' held the model's labels in its training data: drop it with "
                + "--label kind", fails(1, "predict", "--model", model.toString(), "--data", renamed.toString()));
        // One column too many: by the name when the header has it, else by the place (no header); a header that
        // names none of the features says so first.
        Path named = write("named.csv", "kind,p,q\n1,2,3\n");
        assertTrue(fails(1, "predict", "--model", model.toString(), "--data", named.toString()).endsWith("the header "
                + "names no column 'a', the model's feature 1 of 2 (the model finds its features by the names of its "
                + "training data's header); column 'kind' held the model's labels in its training data: drop it with "
                + "--label kind"));
        Path bare = write("bare.csv", "1,2,3\n");
        assertTrue(fails(1, "predict", "--model", model.toString(), "--data", bare.toString()).endsWith("(if column 0 "
                + "holds the labels, as in the model's training data, drop it with --label 0)"));
        Path renamedToo = write("renamed-too.csv", "c,p,q\n1,2,3\n");
        assertTrue(fails(1, "predict", "--model", model.toString(), "--data", renamedToo.toString()).endsWith("the "
                + "header names no column 'a', the model's feature 1 of 2 (the model finds its features by the names of "
                + "its training data's header)"));
        // Text in another column, at the label's place: the note names the place, not the name.
        Path other = write("other.csv", "x,1,2\n");
        assertEquals("vecprop predict: " + other + ": line 1: column '0': 'x' is not a number (if line 1 is a header, "
                + "give --header); the model's label was column 0 of the columns it was trained on (those --drop left "
                + "out not counted): if this file has it there too, drop it with --label 0",
                fails(1, "predict", "--model", model.toString(), "--data", other.toString()));
    }

    /**
     * A label name the model cannot use is not kept: one the header gives a feature too (eval would take that
     * feature), or one longer than a model file holds (a warning; the model is saved all the same).
     */
    @Test
    void aLabelNameTheModelCannotUseIsNotKept() throws IOException {
        Path twice = write("twice.csv", "a,b,a\n1,2,p\n3,4,q\n2,2,p\n0,1,q\n");
        Path model = trained("twice.vpm", twice, "--label", "2");
        assertEquals(java.util.Optional.empty(), ModelFile.load(model).labelName());
        CliRun eval = CliRun.run("eval", "--model", model.toString(), "--data",
                write("renamed.csv", "a,b,c\n1,2,p\n3,4,q\n").toString());
        assertEquals(0, eval.code(), eval.both());
        assertTrue(eval.out().contains("data " + dir.resolve("renamed.csv") + ": 2 samples"), eval.out());

        String longName = "L".repeat(70_000);
        Path wide = write("long.csv", "a,b," + longName + "\n1,2,p\n3,4,q\n2,2,p\n0,1,q\n");
        Path saved = dir.resolve("long.vpm");
        CliRun t = CliRun.run("train", "--data", wide.toString(), "--epochs", "1", "-q", "--save", saved.toString());
        assertEquals(0, t.code(), t.both());
        assertTrue(t.err().contains(wide + ": line 1: the label column's name is 70000 bytes, more than a model file "
                + "holds (65535); the model will not keep it, and eval will find the label by its place"), t.err());
        assertEquals(java.util.Optional.empty(), ModelFile.load(saved).labelName());
    }

    /**
     * A class or a target whose name is longer than a model file holds would train, then fail to be saved:
     * refused before training, naming the file, the line and the name.
     */
    @Test
    void aClassOrTargetNameLongerThanAModelFileHoldsIsRefusedBeforeTraining() throws IOException {
        String longName = "c".repeat(70_000);
        Path classes = write("long-class.csv", "a,b,y\n1,2,p\n3,4," + longName + "\n2,2,p\n");
        Path saved = dir.resolve("long-class.vpm");
        CliRun t = CliRun.run("train", "--data", classes.toString(), "--epochs", "1", "-q", "--save", saved.toString());
        assertEquals(1, t.code(), t.both());
        assertEquals("vecprop train: " + classes + ": line 3: class '" + "c".repeat(37) + "...' is 70000 bytes, more "
                + "than a model file holds (65535) for a class's name; is the label in another column? (--label "
                + "COLUMN)\n", t.err());
        assertEquals("", t.out());
        Path targets = write("long-target.csv", "a,b," + longName + "\n1,2,3\n3,4,5\n2,2,6\n");
        t = CliRun.run("train", "--data", targets.toString(), "--targets", "2", "--epochs", "1", "-q");
        assertEquals(1, t.code(), t.both());
        assertEquals("vecprop train: " + targets + ": line 1: target column '" + "c".repeat(37) + "...' has a name of "
                + "70000 bytes, more than a model file holds (65535); rename it in the header\n", t.err());
        assertFalse(Files.exists(saved));
    }

    @Test
    void evalOfARegressorOnDataWithoutItsHeaderSaysTheHeaderIsNeeded() throws IOException {
        Path data = write("sums.csv", "a,b,sum\n1,2,3\n2,2,4\n0,1,1\n3,1,4\n");
        Path model = trained("sum.vpm", data, "--targets", "sum");
        Path bare = write("bare.csv", "1,2,3\n2,2,4\n");
        // eval has no --targets to give an index with: the old hint (an index from 0 to 2) could not be followed.
        assertEquals("vecprop eval: " + bare + ": line 1: the file has no header, and the model finds its target 'sum' "
                + "by name; give the data the header line its training data had", fails(1, "eval", "--model",
                model.toString(), "--data", bare.toString()));
    }

    @Test
    void trainRefusesToWriteAFileIntoItsOwnTable() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of("/dev/stdout"))
                && !Files.isSameFile(Path.of("/dev/stdout"), Path.of("/dev/null")), "a /dev/stdout that is not /dev/null");
        assertEquals("vecprop train: --log /dev/stdout is standard output, where train prints its table; name a file "
                + "(see vecprop train --help)", trainFails(2, "--log", "/dev/stdout"));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void missingFile() throws IOException {
        Path nope = dir.resolve("nope.csv");
        assertEquals("vecprop train: " + nope + ": no such file", trainFails(1, "--data", nope.toString()));
        assertEquals("vecprop eval: " + nope + ": no such file", fails(1, "eval", "--model", nope.toString(), "--data", good.toString()));
        // A name that says IDX is no reason to ask for the labels of a file that is not there, or is a folder.
        Path idx = dir.resolve("nope-idx3-ubyte");
        assertEquals("vecprop train: " + idx + ": no such file", trainFails(1, "--data", idx.toString()));
        Path folder = Files.createDirectories(dir.resolve("adir.idx"));
        assertEquals("vecprop train: " + folder + ": a folder, not a file", trainFails(1, "--data", folder.toString()));
    }

    @Test
    void raggedCsvRow() throws IOException {
        Path bad = write("ragged.csv", "a,b,kind\n1,2,x\n3,y\n");
        assertEquals("vecprop train: " + bad + ": line 3: 2 values; the header has 3", trainFails(1, "--data", bad.toString()));
    }

    @Test
    void nonNumericCsvValue() throws IOException {
        Path bad = write("text.csv", "a,b,kind\n1,2,x\n3,4,y\n3,four,x\n");
        assertEquals("vecprop train: " + bad + ": line 4: column 'b': 'four' is not a number",
                trainFails(1, "--data", bad.toString()));
    }

    @Test
    void nonFiniteValuesAreRefusedOrSkippedWithSkipBad() throws IOException {
        Path bad = write("bad.csv", "a,b,kind\n1,2,odd\nNaN,2,even\n3,-inf,odd\n4,5,even\n5,1,odd\n2,2,even\n");
        assertEquals("vecprop train: " + bad + ": line 3: column 'a': 'NaN' is not a finite number",
                trainFails(1, "--data", bad.toString()));
        CliRun r = CliRun.run("train", "--data", bad.toString(), "--epochs", "1", "-q", "--skip-bad");
        assertEquals(0, r.code(), r.both());
        assertEquals("vecprop train: " + bad + ": skipped 2 lines with a value that is not a finite number "
                + "(--skip-bad); the first: line 3: column 'a': 'NaN' is not a finite number", r.err().strip());
        CliRun eval = CliRun.run("eval", "--model", model.toString(), "--data", bad.toString(), "--skip-bad");
        assertEquals(0, eval.code(), eval.both());
        assertTrue(eval.out().contains("4 samples"), eval.out());
        assertTrue(eval.err().contains("skipped 2 lines"), eval.err());
    }

    /**
     * A label that is NaN (numpy's nan, pandas' NaN) is a missing label, not a class of its own: refused, or
     * skipped with --skip-bad, as a NaN feature is; an empty label is refused either way, as an empty feature is.
     */
    @Test
    void aLabelThatIsNaNIsRefusedOrSkippedWithSkipBad() throws IOException {
        Path bad = write("nan-label.csv", "a,b,y\n1,2,0\n3,4,1\n5,6,nan\n7,8,1\n2,2,0\n6,1,NaN\n");
        assertEquals("vecprop train: " + bad + ": line 4: the label (column 'y') is 'nan': a missing value, not a class",
                trainFails(1, "--data", bad.toString()));
        CliRun r = CliRun.run("train", "--data", bad.toString(), "--epochs", "1", "--skip-bad");
        assertEquals(0, r.code(), r.both());
        assertTrue(r.out().contains("4 samples, 2 features, 2 classes"), r.out());
        assertEquals("vecprop train: " + bad + ": skipped 2 lines with a value that is not a finite number "
                + "(--skip-bad); the first: line 4: the label (column 'y') is 'nan': a missing value, not a class",
                r.err().strip());
        // Among text classes too.
        Path text = write("nan-text.csv", "a,b,kind\n1,2,even\n3,4,NaN\n");
        assertEquals("vecprop eval: " + text + ": line 3: the label (column 'kind') is 'NaN': a missing value, not a "
                + "class", fails(1, "eval", "--model", model.toString(), "--data", text.toString()));
        CliRun eval = CliRun.run("eval", "--model", model.toString(), "--data", text.toString(), "--skip-bad");
        assertEquals(0, eval.code(), eval.both());
        assertTrue(eval.out().contains(": 1 sample\n"), eval.out());
        Path empty = write("empty-label.csv", "a,b,y\n1,2,0\n3,4,\n5,6,1\n");
        assertEquals("vecprop train: " + empty + ": line 3: the label (column 'y') is empty",
                trainFails(1, "--data", empty.toString(), "--skip-bad"));
    }

    @Test
    void truncatedIdxFile() throws IOException {
        byte[] images = IdxFiles.ubyte(new int[]{10, 2, 2}, new int[40]);
        Path cut = IdxFiles.write(dir.resolve("cut-images-idx3-ubyte"), Arrays.copyOf(images, images.length - 10));
        Path labels = IdxFiles.write(dir.resolve("labels-idx1-ubyte"), IdxFiles.ubyte(new int[]{10}, new int[]{0, 1, 0, 1, 0, 1, 0, 1, 0, 1}));
        assertEquals("vecprop train: " + cut + ": item 8 of 10: the file ends early; it is truncated (the header "
                        + "announces 10 x 2 x 2 elements of 1 byte, 56 bytes in all; the file has 46)",
                trainFails(1, "--data", cut.toString(), "--labels", labels.toString()));
    }

    @Test
    void theLabelsFileGivenAsTheImagesIsRefused() throws IOException {
        Path labels = IdxFiles.write(dir.resolve("same-labels-idx1-ubyte"), IdxFiles.ubyte(new int[]{4}, new int[]{0, 1, 0, 1}));
        Path link = Files.createSymbolicLink(dir.resolve("same-link"), labels);
        assertEquals("vecprop train: --labels names the same file as --data (" + link + "); give the images with --data "
                        + "and their labels file with --labels (see vecprop train --help)",
                trainFails(2, "--data", link.toString(), "--labels", labels.toString()));
    }

    @Test
    void truncatedGzipIdxFile() throws IOException {
        byte[] gz = IdxFiles.gzip(IdxFiles.ubyte(new int[]{10, 2, 2}, new java.util.Random(3).ints(40, 0, 256).toArray()));
        Path cut = IdxFiles.write(dir.resolve("images.gz"), Arrays.copyOf(gz, gz.length - 12));
        Path labels = IdxFiles.write(dir.resolve("labels"), IdxFiles.ubyte(new int[]{10}, new int[10]));
        String e = trainFails(1, "--data", cut.toString(), "--labels", labels.toString());
        assertTrue(e.startsWith("vecprop train: " + cut + ": ") && e.endsWith("truncated"), e);
    }

    @Test
    void wrongMagicIdxFile() throws IOException {
        Path images = IdxFiles.write(dir.resolve("images"), IdxFiles.ubyte(new int[]{2, 2}, new int[4]));
        Path labels = IdxFiles.write(dir.resolve("t10k-labels-idx1-ubyte"), new byte[]{0x1f, 0x00, 0x08, 0x01, 0, 0, 0, 2, 0, 1});
        assertEquals("vecprop train: " + labels + ": not an IDX file: it starts with 1F 00 08 01, not with two zero bytes",
                trainFails(1, "--data", images.toString(), "--labels", labels.toString()));
        Path text = write("x-labels-idx1-ubyte", "hello");
        assertEquals("vecprop train: " + text + ": not an IDX file: it starts with 68 65 6C 6C, not with two zero bytes",
                trainFails(1, "--data", images.toString(), "--labels", text.toString()));
    }

    @Test
    void corruptModelFile() throws IOException {
        byte[] bytes = Files.readAllBytes(model);
        bytes[bytes.length / 2] ^= 1;
        Path corrupt = Files.write(dir.resolve("corrupt.vpm"), bytes);
        String e = fails(1, "eval", "--model", corrupt.toString(), "--data", good.toString());
        assertTrue(e.startsWith("vecprop eval: " + corrupt + ": byte " + (bytes.length - 4) + ": checksum mismatch"), e);
        Path cut = Files.write(dir.resolve("cut.vpm"), Arrays.copyOf(bytes, 40));
        String t = fails(1, "predict", "--model", cut.toString(), "--data", good.toString(), "--out", predictions.toString());
        assertTrue(t.startsWith("vecprop predict: " + cut + ": byte 40: the file ends early") && t.endsWith("truncated"), t);
    }

    @Test
    void csvOptionsWithIdxDataAreUsageErrors() throws IOException {
        Path images = dir.resolve("images.idx");
        Path labels = dir.resolve("labels.idx");
        IdxFiles.write(images, IdxFiles.ubyte(new int[]{3, 2, 2}, new int[12]));
        IdxFiles.write(labels, IdxFiles.ubyte(new int[]{3}, new int[]{0, 1, 0}));
        assertEquals("vecprop train: --label is for CSV data; " + images + " is an IDX file, whose labels are --labels FILE "
                + "(see vecprop train --help)", trainFails(2, "--data", images.toString(), "--labels", labels.toString(),
                "--label", "3"));
        assertEquals("vecprop train: --header/--no-header is for CSV data; " + images + " is an IDX file, whose labels are "
                + "--labels FILE (see vecprop train --help)", trainFails(2, "--data", images.toString(), "--labels",
                labels.toString(), "--no-header"));
    }

    @Test
    void aFolderGivenAsTheModelIsNamed() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("models"));
        for (String command : new String[]{"eval", "predict"}) {
            assertEquals("vecprop " + command + ": " + folder + ": is a folder, not a model file",
                    fails(1, command, "--model", folder.toString(), "--data", good.toString(), "--label", "kind"));
        }
    }

    @Test
    void foreignModelFile() throws IOException {
        assertEquals("vecprop eval: " + good + ": not a vecprop model file (it does not start with the model file magic number)",
                fails(1, "eval", "--model", good.toString(), "--data", good.toString()));
    }

    @Test
    void layerSizesThatDoNotMatchTheData() throws IOException {
        assertEquals("vecprop train: --layers starts with 5 inputs, but " + good + " has 2 features per sample",
                trainFails(1, "--data", good.toString(), "--layers", "5,4,2"));
        assertEquals("vecprop train: --layers ends with 3 outputs, but " + good + " has 2 classes (even, odd), which need 2 outputs or 1",
                trainFails(1, "--data", good.toString(), "--layers", "2,4,3"));
        assertEquals("vecprop train: --layers ends with 11 outputs, but the embedded digits data has 10 classes "
                + "(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), which need 10 outputs", trainFails(1, "--layers", "64,11"));
        assertEquals("vecprop train: --layers ends with 1 output, but the embedded digits data has 10 classes "
                + "(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), which need 10 outputs", trainFails(1, "--layers", "64,1"));
        assertEquals("vecprop train: --layers starts with 1 input, but " + good + " has 2 features per sample",
                trainFails(1, "--data", good.toString(), "--layers", "1,4,2"));
        Path oneFeature = write("one.csv", "x,kind\n1,a\n2,b\n");
        assertEquals("vecprop train: --layers starts with 2 inputs, but " + oneFeature + " has 1 feature per sample",
                trainFails(1, "--data", oneFeature.toString(), "--layers", "2,4,2"));
    }

    @Test
    void evalDataThatDoesNotFitTheModel() throws IOException {
        Path wide = write("wide.csv", "a,x,c,kind\n1,2,3,even\n");
        assertEquals("vecprop eval: " + wide + ": line 1: the header names no column 'b', the model's feature 2 of 2"
                + " (the model finds its features by the names of its training data's header)", fails(1, "eval", "--model", model.toString(), "--data", wide.toString()));
        Path narrow = write("narrow.csv", "a,kind\n1,even\n");
        assertEquals("vecprop eval: " + narrow + ": line 1: the header names no column 'b', the model's feature 2 of 2"
                + " (the model finds its features by the names of its training data's header)", fails(1, "eval", "--model", model.toString(), "--data", narrow.toString()));
        // Without a header, a count.
        Path bareWide = write("bare-wide.csv", "1,2,3,even\n");
        assertEquals("vecprop eval: " + bareWide + ": 3 features per sample, but the model takes 2",
                fails(1, "eval", "--model", model.toString(), "--data", bareWide.toString()));
        Path other = write("other.csv", "a,b,kind\n1,2,even\n1,2,seven\n");
        assertEquals("vecprop eval: " + other + ": line 3: class 'seven' is not one of the 2 classes the model knows (even, odd)",
                fails(1, "eval", "--model", model.toString(), "--data", other.toString()));
        // More than one column away: refused at the header, before a column of text fails as not a number, by the
        // feature the header lacks.
        Path text = write("wide-text.csv", "w,x,y,z\n1,2,3,t\n");
        assertEquals("vecprop predict: " + text + ": line 1: the header names no column 'a', the model's feature 1 of 2 "
                + "(the model finds its features by the names of its training data's header)", fails(1, "predict", "--model", model.toString(), "--data", text.toString()));
        Path labelled = write("wide-label.csv", "w,x,y,z,kind\n1,2,3,t,even\n");
        assertEquals("vecprop eval: " + labelled + ": line 1: the header names no column 'a', the model's feature 1 of 2 "
                + "(the model finds its features by the names of its training data's header)",
                fails(1, "eval", "--model", model.toString(), "--data", labelled.toString()));
    }

    @Test
    void dataWhoseHeaderNamesOtherFeaturesIsRefusedByEvalPredictAndTrainTest() throws IOException {
        Path swapped = write("swapped.csv", "b,a,kind\n1,2,even\n");
        assertEquals("vecprop eval: " + swapped + ": line 1: feature 1 is 'b' where the model has 'a': the data has "
                        + "the model's features in another order (columns are matched by position, after any label "
                        + "column is taken out)",
                fails(1, "eval", "--model", model.toString(), "--data", swapped.toString()));
        Path renamed = write("renamed.csv", "a,c\n1,2\n");
        assertEquals("vecprop predict: " + renamed + ": line 1: the header names no column 'b', the model's feature 2 "
                        + "of 2 (the model finds its features by the names of its training data's header)", fails(1, "predict", "--model", model.toString(), "--data",
                        renamed.toString(), "--out", predictions.toString()));
        Path labelFirst = write("first.csv", "kind,b,a\neven,1,2\n");
        assertEquals("vecprop train: " + labelFirst + ": line 1: feature 1 is 'b' where the training data has 'a': "
                        + "the data has the training data's features in another order (columns are matched by "
                        + "position, after any label column is taken out)",
                trainFails(1, "--data", good.toString(), "--test", labelFirst.toString(), "--label", "kind"));
    }

    @Test
    void resumingOnTheSameValuesUnderOtherColumnNamesIsRefused() throws IOException {
        Path ck = dir.resolve("ck");
        CliRun first = CliRun.run("train", "--data", good.toString(), "--epochs", "1", "--checkpoint", ck.toString());
        assertEquals(0, first.code(), first.both());
        Path renamed = write("renamed-good.csv", Files.readString(good).replaceFirst("a,b,kind", "x,b,kind"));
        assertEquals("vecprop train: " + renamed + ": line 1: feature 1 is 'x' where the checkpoint has 'a': the "
                        + "checkpoint has no feature 'x' (columns are matched by position, after any label column is "
                        + "taken out)",
                fails(1, "train", "--data", renamed.toString(), "--epochs", "2", "--checkpoint", ck.toString(),
                        "--resume"));
    }

    @Test
    void aFeatureNameLongerThanAModelFileHoldsIsDroppedWithAWarningNotTheTraining() throws IOException {
        Path csv = write("long.csv", "a".repeat(70_000) + "," + Files.readString(good).substring(2));
        CliRun r = CliRun.run("train", "--data", csv.toString(), "--epochs", "1", "--save", saved.toString());
        assertEquals(0, r.code(), r.both());
        assertEquals("vecprop train: warning: " + csv + ": line 1: feature 1's name is 70000 bytes, more than a model "
                + "file holds (65535); the model will not keep the feature names, and eval and predict will match "
                + "its features by count alone", r.err().strip());
        assertEquals(List.of(), ModelFile.load(saved).featureNames());
    }

    @Test
    void aFileNameWithALineBreakStaysOnTheOneLineOfTheMessage() throws IOException {
        Path odd = write("two\nlines.csv", "a,b,kind\n1,2,odd\n1,x,even\n");
        String escaped = dir.resolve("two\\nlines.csv").toString();
        assertEquals("vecprop train: " + escaped + ": line 3: column 'b': 'x' is not a number",
                trainFails(1, "--data", odd.toString()));
        Path missing = dir.resolve("gone\r.csv");
        assertEquals("vecprop eval: " + dir.resolve("gone\\r.csv") + ": no such file",
                fails(1, "eval", "--model", model.toString(), "--data", missing.toString()));
    }

    @Test
    void predictLeavesNoOutputFileOnFailure() throws IOException {
        Path bad = write("bad.csv", "a,b\n1,2\n1,x\n");
        assertEquals("vecprop predict: " + bad + ": line 3: column 'b': 'x' is not a number",
                fails(1, "predict", "--model", model.toString(), "--data", bad.toString(), "--out", predictions.toString()));
        Path nowhere = dir.resolve("no/such/folder/p.csv");
        assertEquals("vecprop predict: " + nowhere + ": cannot be written: the folder " + nowhere.getParent() + " does not exist",
                fails(1, "predict", "--model", model.toString(), "--data", good.toString(), "--label", "kind",
                        "--out", nowhere.toString()));
    }

    /**
     * Java reads "" as the current folder and drops a trailing slash: --checkpoint '' would fill the current
     * folder, --save m.vpm/ would write the file m.vpm. Both are usage errors, before anything is read.
     */
    @Test
    void anEmptyPathOrAFileOutputEndingInASlashIsAUsageError() throws IOException {
        for (String[] c : new String[][]{{"train", "--save"}, {"train", "--log"}, {"train", "--checkpoint"},
                {"train", "--data"}, {"train", "--test"}, {"train", "--plugin-path"}, {"eval", "--model"},
                {"predict", "--out"}, {"predict", "--data"}}) {
            // picocli names the parameter of a list option too.
            String option = c[1] + (c[1].equals("--plugin-path") ? "' (DIR)" : "'");
            String problem = c[1].equals("--plugin-path") ? "an entry of the list is empty (a comma at the start, or two in a row)"
                    : "the path is empty";
            assertEquals("vecprop " + c[0] + ": Invalid value for option '" + option + ": " + problem + " (see vecprop "
                    + c[0] + " --help)", fails(2, c[0], c[1], ""), String.join(" ", c));
        }
        assertEquals("vecprop eval: Invalid value for option '--plugin-path' (DIR): an entry of the list is empty (a comma at "
                + "the start, or two in a row) (see vecprop eval --help)", fails(2, "eval", "--plugin-path", dir + ",," + dir));
        Path existing = Files.writeString(dir.resolve("existing.csv"), "kept\n");
        for (String[] c : new String[][]{{"train", "--save", saved + "/"}, {"train", "--log", dir.resolve("log.csv") + "/"},
                {"predict", "--out", existing + "/"}}) {
            List<String> args = new ArrayList<>(List.of(c[0], c[1], c[2], "--data", good.toString()));
            if (c[0].equals("predict")) {
                args.addAll(List.of("--model", model.toString(), "--label", "kind"));
            }
            assertEquals("vecprop " + c[0] + ": Invalid value for option '" + c[1] + "': '" + c[2] + "' ends with /, "
                    + "which names a folder; give the file's name (see vecprop " + c[0] + " --help)",
                    fails(2, args.toArray(String[]::new)), String.join(" ", c));
        }
        assertEquals("kept\n", Files.readString(existing));
        // '-', standard output to many tools, is not taken for a file of that name.
        for (String[] c : new String[][]{{"train", "--save"}, {"train", "--log"}, {"predict", "--out"}}) {
            List<String> args = new ArrayList<>(List.of(c[0], c[1], "-", "--data", good.toString()));
            if (c[0].equals("predict")) {
                args.addAll(List.of("--model", model.toString(), "--label", "kind"));
            }
            assertEquals("vecprop " + c[0] + ": Invalid value for option '" + c[1] + "': '-' is not standard output "
                    + "here; name a file (./- for one named '-')" + (c[0].equals("predict") ? "; without --out, predict "
                    + "writes to standard output" : "") + " (see vecprop " + c[0] + " --help)",
                    fails(2, args.toArray(String[]::new)), String.join(" ", c));
            assertFalse(Files.exists(Path.of("-")), String.join(" ", c));
        }
        assertEquals("vecprop train: Invalid value for option '--checkpoint': '-' is not standard output here; name a "
                + "folder (./- for one named '-') (see vecprop train --help)",
                fails(2, "train", "--checkpoint", "-", "--data", good.toString()));
        assertFalse(Files.exists(Path.of("-")));
        // Nor standard input: a data file is read more than once; a model may come from /dev/stdin.
        for (String[] c : new String[][]{{"train", "--data"}, {"train", "--test"}, {"train", "--labels"},
                {"train", "--test-labels"}, {"eval", "--data"}, {"predict", "--data"}}) {
            List<String> args = new ArrayList<>(List.of(c[0], c[1], "-"));
            if (!c[0].equals("train")) {
                args.addAll(List.of("--model", model.toString()));
            }
            assertEquals("vecprop " + c[0] + ": Invalid value for option '" + c[1] + "': '-' is not standard input "
                    + "here: vecprop reads a data file more than once, so save the data to a file and name that (./- "
                    + "for one named '-') (see vecprop " + c[0] + " --help)", fails(2, args.toArray(String[]::new)),
                    String.join(" ", c));
        }
        for (String command : new String[]{"eval", "predict"}) {
            assertEquals("vecprop " + command + ": Invalid value for option '--model': '-' is not standard input here; "
                    + "name the model file (./- for one named '-'), or /dev/stdin to read it from a pipe (see vecprop "
                    + command + " --help)", fails(2, command, "--model", "-", "--data", good.toString()));
        }
    }

    @Test
    void savingOrLoggingToAMissingFolderFailsBeforeTraining() {
        for (String option : new String[]{"--save", "--log"}) {
            Path nowhere = dir.resolve("missing/out" + option.substring(2));
            CliRun r = CliRun.run("train", "--data", good.toString(), option, nowhere.toString());
            assertEquals(1, r.code(), option);
            assertEquals("", r.out(), "nothing was trained");
            assertEquals("vecprop train: " + nowhere + ": cannot be written: the folder " + nowhere.getParent()
                    + " does not exist\n", r.err());
        }
    }

    @Test
    void anOutputUnderAFileSaysThatFileIsNotAFolder() throws IOException {
        // As --checkpoint says it: "does not exist" would send the user looking for a folder that is there.
        Path file = good.toAbsolutePath();
        for (String option : new String[]{"--save", "--log"}) {
            Path under = dir.resolve("good.csv/out" + option.substring(2));
            assertEquals("vecprop train: " + under + ": cannot be written: " + file + " is not a folder",
                    fails(1, "train", "--data", good.toString(), option, under.toString()));
        }
        Path under = dir.resolve("good.csv/p.csv");
        assertEquals("vecprop predict: " + under + ": cannot be written: " + file + " is not a folder",
                fails(1, "predict", "--model", model.toString(), "--data", good.toString(), "--label", "kind",
                        "--out", under.toString()));
    }

    /**
     * A folder that exists but takes no new file, whatever its permissions say (root may write anything by them;
     * /proc takes no file even from root): found before training by making a file there, not after it.
     */
    @Test
    void aFolderThatTakesNoNewFileIsFoundBeforeTraining() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "a Linux /proc");
        for (String[] c : new String[][]{{"--save", "/proc/out.vpm"}, {"--log", "/proc/out.csv"},
                {"--checkpoint", "/proc/vecprop-checkpoints"}}) {
            CliRun r = CliRun.run("train", "--data", good.toString(), c[0], c[1]);
            assertEquals(1, r.code(), r.both());
            assertEquals("", r.out(), "nothing was trained");
            assertTrue(r.err().startsWith("vecprop train: " + c[1] + ": cannot be " + (c[0].equals("--checkpoint")
                    ? "created" : "written") + ": the folder /proc "), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
        }
    }

    @Test
    void anOutputThatIsAlsoAnInputIsAUsageError() throws IOException {
        assertEquals("vecprop train: --log and --data name the same file, " + good + "; writing it would destroy what "
                + "the other holds (see vecprop train --help)", trainFails(2, "--data", good.toString(), "--log", good.toString()));
        assertEquals("vecprop train: --save and --data name the same file, " + good + "; writing it would destroy what "
                + "the other holds (see vecprop train --help)", fails(2, "train", "--data", good.toString(), "--save", good.toString()));
        assertEquals("vecprop train: --log and --save name the same file, " + saved + "; writing it would destroy what "
                + "the other holds (see vecprop train --help)", trainFails(2, "--log", saved.toString()));
    }

    @Test
    void divergedTrainingSavesNothing() throws IOException {
        String e = trainFails(1, "--data", good.toString(), "--lr", "1e30", "--loss", "mse",
                "--hidden", "identity", "--output", "identity", "--quiet");
        assertTrue(e.startsWith("vecprop train: training diverged in epoch 1, batch "), e);
    }

    @Test
    void unknownLossIsAUsageError() throws IOException {
        assertEquals("vecprop train: unknown loss 'hinge'; available: mse, binary-cross-entropy, softmax-cross-entropy "
                + "(see vecprop train --help)", trainFails(2, "--loss", "hinge"));
    }

    @Test
    void badOptionsAreUsageErrors() throws IOException {
        assertEquals("vecprop train: Unknown option: '--bogus' (see vecprop train --help)", trainFails(2, "--bogus"));
        // An option and its negation: not "specified only once", which it was.
        for (String[] both : new String[][]{{"--header", "--no-header"}, {"--no-header", "--header"},
                {"--header", "--header"}}) {
            assertEquals("vecprop train: give --header or --no-header once, not both or either twice (see vecprop train "
                    + "--help)", trainFails(2, "--data", good.toString(), both[0], both[1]), String.join(" ", both));
        }
        assertEquals("vecprop train: option '--epochs' (N) should be specified only once (see vecprop train --help)",
                trainFails(2, "--epochs", "2", "--epochs", "3"));
        assertEquals("vecprop train: Invalid value for option '--hidden': unknown activation 'swish'; known: sigmoid, "
                + "tanh, relu, identity, softmax (see vecprop train --help)", trainFails(2, "--hidden", "swish"));
        assertEquals("vecprop train: --layers takes positive whole numbers separated by commas, e.g. 64,32,10; '0' is "
                + "not one (see vecprop train --help)", trainFails(2, "--layers", "64,0,10"));
        // A list with an empty item is refused as typed, a trailing comma too (the option's split drops it).
        for (String targets : new String[]{"y,", ",y", "a,,y", "a, ,y"}) {
            assertEquals("vecprop train: --targets takes column names or 0-based indices separated by commas, e.g. "
                    + "y1,y2; '" + targets + "' has an empty one (see vecprop train --help)",
                    trainFails(2, "--targets", "a", "--targets", targets));
        }
        assertEquals("vecprop train: Invalid value for option '--epochs': 'many' is not an int (see vecprop train --help)",
                trainFails(2, "--epochs", "many"));
        assertEquals("vecprop train: the batch size must be at least 1, not 0 (see vecprop train --help)",
                trainFails(2, "--batch", "0"));
        // Numbers as the data files write them, shown as written, and never silently rounded to 0, infinity or 1.
        assertEquals("vecprop train: Invalid value for option '--lr': '1e-50' is too near 0 for a float, which would "
                + "make it 0 (the smallest magnitude above 0 is 1.4E-45) (see vecprop train --help)",
                trainFails(2, "--lr", "1e-50"));
        assertEquals("vecprop train: Invalid value for option '--test-split': '1e-400' is too near 0 for a double, which "
                + "would make it 0 (the smallest magnitude above 0 is 4.9E-324) (see vecprop train --help)",
                trainFails(2, "--test-split", "1e-400"));
        assertEquals("vecprop train: Invalid value for option '--lr': '1e-9999999999999999999' is too near 0 for a float, "
                + "which would make it 0 (the smallest magnitude above 0 is 1.4E-45) (see vecprop train --help)",
                trainFails(2, "--lr", "1e-9999999999999999999"));
        assertEquals("vecprop train: Invalid value for option '--momentum': '0.99999999999999999999' is below 1 but a "
                + "float rounds it to 1; the largest float below 1 is 0.99999994 (see vecprop train --help)",
                trainFails(2, "--momentum", "0.99999999999999999999"));
        assertEquals("vecprop train: Invalid value for option '--lr': '1e40' is beyond a float's range (a magnitude of "
                + "at most 3.4028235E38) (see vecprop train --help)", trainFails(2, "--lr", "1e40"));
        assertEquals("vecprop train: Invalid value for option '--lr': '-1e400' is beyond a float's range (a magnitude "
                + "of at most 3.4028235E38) (see vecprop train --help)", trainFails(2, "--lr", "-1e400"));
        assertEquals("vecprop train: Invalid value for option '--lr': '0.1f' is not a number (see vecprop train --help)",
                trainFails(2, "--lr", "0.1f"));
        assertEquals("vecprop train: the learning rate must be a positive number, not NaN (see vecprop train --help)",
                trainFails(2, "--lr", "nan"));
        assertEquals("vecprop train: the learning rate must be a positive number, not 0.0 (see vecprop train --help)",
                trainFails(2, "--lr", "-0"));
        assertEquals("vecprop train: Invalid value for option '--momentum': '0.99999999' is below 1 but a float rounds "
                + "it to 1; the largest float below 1 is 0.99999994 (see vecprop train --help)",
                trainFails(2, "--momentum", "0.99999999"));
        assertEquals("vecprop train: Invalid value for option '--test-split': '0.99999999999999999' is below 1 but a "
                + "double rounds it to 1; the largest double below 1 is 0.9999999999999999 (see vecprop train --help)",
                trainFails(2, "--test-split", "0.99999999999999999"));
        assertEquals("vecprop train: Invalid value for option '--test-split': '0,2' is not a number (see vecprop train "
                + "--help)", trainFails(2, "--test-split", "0,2"));
        assertEquals("vecprop train: Invalid value for option '--stop-at': '0x1p-1' is not a number (see vecprop train "
                + "--help)", trainFails(2, "--stop-at", "0x1p-1"));
        String pairing = trainFails(2, "--loss", "binary-cross-entropy", "--output", "identity");
        assertTrue(pairing.startsWith("vecprop train: loss binary-cross-entropy cannot be used with 10 identity outputs: "), pairing);
        assertEquals("vecprop eval: missing --model FILE (see vecprop eval --help)",
                fails(2, "eval", "--data", good.toString()));
        assertEquals("vecprop predict: missing --data FILE (see vecprop predict --help)",
                fails(2, "predict", "--model", model.toString()));
        assertEquals("vecprop: Unknown option: '--nope' (see vecprop --help)", fails(2, "--nope"));
        assertEquals("vecprop: unknown command 'nope'; the commands are train, eval, predict, bench, losses, gradcheck, "
                + "info (and help) (see vecprop --help)", fails(2, "nope"));
        assertEquals("vecprop: unknown command 'nope'; the commands are train, eval, predict, bench, losses, gradcheck, "
                + "info (and help) (see vecprop --help)", fails(2, "help", "nope"));
        assertEquals("vecprop train: unexpected argument '" + good + "': every input is given with its option, e.g. "
                + "--data FILE (see vecprop train --help)", fails(2, "train", good.toString()));
        // Also where picocli would first report the required --model as missing: it was given, without its name.
        assertEquals("vecprop predict: unexpected argument 'm.vpm': every input is given with its option, e.g. "
                + "--data FILE (see vecprop predict --help)", fails(2, "predict", "m.vpm", good.toString()));
        CliRun noCommand = CliRun.run("--verbose");
        assertEquals(2, noCommand.code());
        assertEquals("vecprop: missing a command: train, eval, predict, bench, losses, gradcheck or info (see vecprop --help)",
                noCommand.err().lines().findFirst().orElseThrow());
    }

    @Test
    void stopAtNeedsATestAccuracyToWatch() throws IOException {
        assertEquals("vecprop train: --stop-at must be a test accuracy above 0 and at most 1, e.g. 0.87, not 87 (see "
                + "vecprop train --help)", trainFails(2, "--stop-at", "87"));
        assertEquals("vecprop train: --stop-at must be a test accuracy above 0 and at most 1, e.g. 0.87, not 0 (see "
                + "vecprop train --help)", trainFails(2, "--stop-at", "0"));
        assertEquals("vecprop train: --stop-at needs test data: --test FILE or a --test-split FRACTION above 0 (see "
                + "vecprop train --help)", trainFails(2, "--data", good.toString(), "--stop-at", "0.9"));
        assertEquals("vecprop train: --stop-at needs test data: --test FILE or a --test-split FRACTION above 0 (see "
                + "vecprop train --help)", trainFails(2, "--test-split", "0", "--stop-at", "0.9"));
        assertEquals("vecprop train: --stop-at needs classes: regression --targets have no test accuracy (see vecprop "
                + "train --help)", trainFails(2, "--data", good.toString(), "--targets", "b", "--test-split", "0.2",
                "--stop-at", "0.9"));
    }

    @Test
    void valuesTooWideForRangeScalingNameTheFile() throws IOException {
        Path wide = write("wide.csv", "a,b,kind\n-3e38,0,x\n0,3e38,y\n-1,1,x\n");
        assertEquals("vecprop train: " + wide + ": the training values span 6.00e+38, more than a float holds once "
                + "the minimum is subtracted; range scaling cannot map them; --scale standard or none can",
                trainFails(1, "--data", wide.toString(), "--scale", "range"));
    }

    @Test
    void csvLabelsOptionIsAUsageError() throws IOException {
        assertEquals("vecprop train: --labels is for IDX images; " + good + " is read as CSV, whose labels are a column "
                + "(--data with --label) (see vecprop train --help)", trainFails(2, "--data", good.toString(), "--labels", good.toString()));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            give --test or --test-split, not both                                          | --data GOOD --test GOOD --test-split 0.2
            --test-labels needs --test (the IDX test images)                                | --data GOOD --test-labels GOOD
            --test-split must be a fraction from 0 (no test data) up to but not including 1, not -0.1 | --data GOOD --test-split -0.1
            --test-split must be a fraction from 0 (no test data) up to but not including 1, not 1    | --data GOOD --test-split 1
            --test-split must be a fraction from 0 (no test data) up to but not including 1, not 1.5  | --data GOOD --test-split 1.5
            give a class --label or regression --targets, not both                          | --data GOOD --label kind --targets b
            --epochs must be at least 1, not 0                                              | --epochs 0
            --epochs must be at least 1, not -1                                             | --epochs -1
            --layers needs at least two sizes, inputs and outputs, e.g. 64,32,10; not '64'  | --layers 64
            softmax is for the output layer only; choose another --hidden activation       | --hidden softmax
            --labels, --header and --test need --data                                       | --test GOOD
            """)
    void contradictoryOrOutOfRangeTrainOptionsAreUsageErrors(String message, String args) throws IOException {
        List<String> all = new ArrayList<>(List.of("train", "--save", saved.toString()));
        for (String a : args.split(" ")) {
            all.add(a.equals("GOOD") ? good.toString() : a);
        }
        assertEquals("vecprop train: " + message + " (see vecprop train --help)", fails(2, all.toArray(String[]::new)));
    }

    @Test
    void aHiddenActivationWithoutAHiddenLayerIsWarnedAbout() throws IOException {
        CliRun r = CliRun.run("train", "--data", good.toString(), "--layers", "2,2", "--hidden", "relu", "--epochs", "1",
                "--quiet");
        assertEquals(0, r.code(), r.both());
        assertEquals("vecprop train: warning: --hidden relu has no layer to apply to: --layers 2,2 has no hidden layer\n",
                r.err());
        CliRun quiet = CliRun.run("train", "--data", good.toString(), "--layers", "2,2", "--epochs", "1", "--quiet");
        assertEquals("", quiet.err());
    }

    /** Targets near a float's limit: the losses stay finite, but the trained network's outputs overflow. */
    @Test
    void aTrainedNetworkWhoseOutputsOverflowIsSavedWithAWarning() throws IOException {
        Path huge = write("huge.csv", "x,y\n1,1\n2,2\n3,3e38\n");
        // --lr given, as the default would draw a warning of the targets' size first.
        CliRun r = CliRun.run("train", "--data", huge.toString(), "--targets", "y", "--scale", "none", "--hidden", "relu",
                "--epochs", "1", "--quiet", "--save", saved.toString(), "--lr", "0.1");
        assertEquals(0, r.code(), r.both());
        assertEquals("vecprop train: warning: the trained network's outputs are not finite (they overflow a float) for "
                + "some samples of the training data, which eval and predict will refuse; a smaller --lr, or targets "
                + "scaled nearer 1, may help\n", r.err());
        assertTrue(Files.exists(saved));
    }

    @Test
    void aSingleClassIsRefusedNamingTheFile() throws IOException {
        Path one = write("one.csv", "a,b,kind\n1,2,odd\n3,4,odd\n5,6,odd\n");
        assertEquals("vecprop train: " + one + ": every training sample has class 'odd'; a classifier needs at least "
                + "two classes", trainFails(1, "--data", one.toString()));
        Path control = write("control.csv", "a,b,kind\n1,2,z\u000bw\n3,4,z\u000bw\n");
        assertEquals("vecprop train: " + control + ": every training sample has class 'z\\u000Bw'; a classifier needs "
                + "at least two classes", trainFails(1, "--data", control.toString()));
    }

    @Test
    void testDataWithAnotherNumberOfFeaturesNamesBothFiles() throws IOException {
        Path wide = write("wide-test.csv", "a,b,c,kind\n1,2,3,even\n4,5,6,odd\n");
        assertEquals("vecprop train: " + wide + ": 3 features, but " + good + " has 2",
                trainFails(1, "--data", good.toString(), "--test", wide.toString()));
    }

    @Test
    void predictWithSkipBadWritesAnEmptyRowForEachSkippedRecord() throws IOException {
        Path bad = write("bad.csv", "a,b\n1,2\nNaN,2\n3,4\n4,inf\n5,1\n");
        Path clean = write("clean.csv", "a,b\n1,2\n3,4\n5,1\n");
        assertEquals("vecprop predict: " + bad + ": line 3: column 'a': 'NaN' is not a finite number",
                fails(1, "predict", "--model", model.toString(), "--data", bad.toString(), "--out", predictions.toString()));
        CliRun skipped = CliRun.run("predict", "--model", model.toString(), "--data", bad.toString(), "--skip-bad",
                "--out", predictions.toString());
        assertEquals(0, skipped.code(), skipped.both());
        assertEquals("vecprop predict: " + bad + ": skipped 2 lines with a value that is not a finite number "
                + "(--skip-bad); the first: line 3: column 'a': 'NaN' is not a finite number\n"
                + "wrote 3 predictions and 2 empty rows (the lines skipped by --skip-bad) to " + predictions + "\n",
                skipped.err());
        // The rows of the three good lines, exactly as predicted from a file that holds only them, with an empty
        // row (class and two probabilities) in the place of each skipped line.
        CliRun expected = CliRun.run("predict", "--model", model.toString(), "--data", clean.toString());
        assertEquals(0, expected.code(), expected.both());
        List<String> rows = expected.out().lines().toList();
        assertEquals(4, rows.size(), expected.out());
        assertEquals(List.of(rows.get(0), rows.get(1), ",,", rows.get(2), ",,", rows.get(3)),
                Files.readAllLines(predictions));
    }

    /** A checkpoint of two epochs on {@link #good}, for the refusals of --checkpoint and --resume. */
    private Path checkpointOfTwoEpochs() {
        Path run = dir.resolve("run");
        CliRun r = CliRun.run("train", "--data", good.toString(), "--epochs", "2", "--checkpoint", run.toString(), "-q");
        assertEquals(0, r.code(), r.both());
        assertTrue(Checkpoint.exists(run));
        return run;
    }

    /** Every file of a folder, by name, with its bytes in hex. */
    private static Map<String, String> contents(Path folder) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (var s = Files.list(folder)) {
            for (Path p : s.toList()) {
                files.put(p.getFileName().toString(), HexFormat.of().formatHex(Files.readAllBytes(p)));
            }
        }
        return files;
    }

    @Test
    void aFolderThatHoldsATrainingIsNotStartedAfreshOver() throws IOException {
        Path run = checkpointOfTwoEpochs();
        Map<String, String> before = contents(run);
        assertEquals("vecprop train: --checkpoint " + run + " already holds a training; add --resume to continue it, "
                + "or choose another folder (see vecprop train --help)",
                trainFails(2, "--data", good.toString(), "--checkpoint", run.toString()));
        assertEquals(before, contents(run), "the checkpoint is unchanged, byte for byte");
    }

    /**
     * A checkpoint whose state file is of a format version above this vecprop's was written by a later
     * version, which resumes it: it is not called damaged, nor is moving it away advised; one of version 0,
     * which no vecprop writes, is.
     */
    @Test
    void aCheckpointOfANewerVecpropIsNotCalledDamaged() throws IOException {
        Path run = checkpointOfTwoEpochs();
        Path state = run.resolve(Checkpoint.STATE_FILE);
        byte[] real = Files.readAllBytes(state);
        int newer = Checkpoint.FORMAT_VERSION + 1;
        withVersion(state, real, newer);
        assertEquals("vecprop train: " + state + ": byte 4: checkpoint format version " + newer + " is newer than this "
                + "vecprop reads (it reads versions 1 to " + Checkpoint.FORMAT_VERSION + ")",
                fails(1, "train", "--data", good.toString(), "--epochs", "3", "--checkpoint", run.toString(),
                        "--resume", "--save", saved.toString()));
        withVersion(state, real, 0);
        assertEquals("vecprop train: " + state + ": byte 4: checkpoint format version 0 does not exist (it reads "
                + "versions 1 to " + Checkpoint.FORMAT_VERSION + "); the checkpoint cannot be resumed: train anew in "
                + "another --checkpoint folder, or move " + run + " away first",
                fails(1, "train", "--data", good.toString(), "--epochs", "3", "--checkpoint", run.toString(),
                        "--resume", "--save", saved.toString()));
        // Damaged whatever its words: a state file naming a model 'this vecprop reads' is not of a newer format.
        byte[] name = "this vecprop reads".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int oldLength = ((real[12] & 0xFF) << 8) | (real[13] & 0xFF);
        java.nio.ByteBuffer renamed = java.nio.ByteBuffer.allocate(real.length - oldLength + name.length);
        renamed.put(real, 0, 12).putShort((short) name.length).put(name)
                .put(real, 14 + oldLength, real.length - 14 - oldLength);
        withVersion(state, renamed.array(), Checkpoint.FORMAT_VERSION);
        assertEquals("vecprop train: " + state + ": names the model file 'this vecprop reads'; the checkpoint cannot "
                + "be resumed: train anew in another --checkpoint folder, or move " + run + " away first",
                fails(1, "train", "--data", good.toString(), "--epochs", "3", "--checkpoint", run.toString(),
                        "--resume", "--save", saved.toString()));
    }

    /** Writes {@code real} to {@code state} with its format version (bytes 4 to 7) set, its checksum made again. */
    private static void withVersion(Path state, byte[] real, int version) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(real.clone());
        b.putInt(4, version);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(b.array(), 0, real.length - 4);
        b.putInt(real.length - 4, (int) crc.getValue());
        Files.write(state, b.array());
    }

    @Test
    void resumeNeedsACheckpointFolderThatHoldsOne() throws IOException {
        assertEquals("vecprop train: --resume needs --checkpoint DIR, the folder of the interrupted run (see vecprop "
                + "train --help)", trainFails(2, "--data", good.toString(), "--resume"));
        Path missing = dir.resolve("missing");
        assertEquals("vecprop train: --resume: " + missing + " holds no checkpoint (" + Checkpoint.STATE_FILE
                + " is missing) (see vecprop train --help)",
                trainFails(2, "--data", good.toString(), "--checkpoint", missing.toString(), "--resume"));
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertEquals("vecprop train: --resume: " + empty + " holds no checkpoint (" + Checkpoint.STATE_FILE
                + " is missing) (see vecprop train --help)",
                trainFails(2, "--data", good.toString(), "--checkpoint", empty.toString(), "--resume"));
        assertEquals(Map.of(), contents(empty));
    }

    @Test
    void resumeRefusesOtherDataAndFewerEpochsThanDone() throws IOException {
        Path run = checkpointOfTwoEpochs();
        Map<String, String> before = contents(run);
        // good.csv with one value changed, inside each feature's range: the same scaling, other data.
        List<String> lines = new ArrayList<>(Files.readAllLines(good));
        assertEquals("3,3,odd", lines.get(4));
        lines.set(4, "2,3,odd");
        Path changed = Files.write(dir.resolve("changed.csv"), lines);
        assertEquals("vecprop train: " + run.resolve(Checkpoint.STATE_FILE) + ": the checkpoint was trained on other "
                + "data than " + changed + " with these options (other values in the file, or another --test-split, "
                + "--label, --targets, --drop, --labels, --header, --no-header or --skip-bad, choosing other samples)", fails(1, "train", "--data", changed.toString(),
                "--epochs", "3", "--checkpoint", run.toString(), "--resume", "--save", saved.toString()));
        for (String epochs : new String[]{"1", "2"}) {
            assertEquals("vecprop train: --resume: the checkpoint in " + run + " has done 2 epochs already; give a "
                    + "larger --epochs to train on (see vecprop train --help)", fails(2, "train", "--data",
                    good.toString(), "--epochs", epochs, "--checkpoint", run.toString(), "--resume",
                    "--save", saved.toString()));
        }
        // A column dropped now that was a feature then: other columns of the data, said as other data is, with
        // the options that choose them.
        String state = run.resolve(Checkpoint.STATE_FILE).toString();
        assertEquals("vecprop train: " + state + ": the checkpoint was trained on data of 2 features (a, b) and 2 "
                + "classes (even, odd); " + good + " gives 1 feature (b) and 2 classes (even, odd) (other data, or other "
                + "columns taken from it: --drop, --label, --targets)", fails(1, "train", "--data", good.toString(),
                "--epochs", "3", "--checkpoint", run.toString(), "--resume", "--drop", "a", "--save", saved.toString()));
        // Data of one class fewer, or of a column more: the same, not a refusal of the layer options.
        List<String> twoClasses = new ArrayList<>(Files.readAllLines(good));
        twoClasses.replaceAll(l -> l.replace(",odd", ",uneven"));
        twoClasses.set(1, twoClasses.get(1).replace(",even", ",zero"));
        Path threeClasses = Files.write(dir.resolve("three.csv"), twoClasses);
        assertEquals("vecprop train: " + state + ": the checkpoint was trained on data of 2 features (a, b) and 2 "
                + "classes (even, odd); " + threeClasses + " gives 2 features (a, b) and 3 classes (even, uneven, zero) "
                + "(other data, or other columns taken from it: --drop, --label, --targets)", fails(1, "train",
                "--data", threeClasses.toString(), "--epochs", "3", "--checkpoint", run.toString(), "--resume"));
        List<String> wider = new ArrayList<>(Files.readAllLines(good));
        wider.replaceAll(l -> l.startsWith("a,") ? "c," + l : "1," + l);
        Path threeFeatures = Files.write(dir.resolve("wider.csv"), wider);
        assertTrue(fails(1, "train", "--data", threeFeatures.toString(), "--epochs", "3", "--checkpoint",
                run.toString(), "--resume").endsWith("gives 3 features (c, a, b) and 2 classes (even, odd) (other data, "
                + "or other columns taken from it: --drop, --label, --targets)"));
        // Other layer options on the same data: still a usage error, the options named; so are two classes on one
        // output where the checkpoint had two.
        String layers = fails(2, "train", "--data", good.toString(), "--epochs", "3", "--checkpoint",
                run.toString(), "--resume", "--layers", "2,16,2");
        assertTrue(layers.contains(": the checkpoint holds a network ") && layers.endsWith(" (other --layers, "
                + "--hidden, --output or --no-bias) (see vecprop train --help)"), layers);
        Path one = dir.resolve("one-output");
        CliRun r = CliRun.run("train", "--data", good.toString(), "--epochs", "1", "--layers", "2,8,1", "--loss", "mse",
                "--checkpoint", one.toString(), "-q");
        assertEquals(0, r.code(), r.both());
        String outputs = fails(2, "train", "--data", good.toString(), "--epochs", "3", "--loss", "mse",
                "--checkpoint", one.toString(), "--resume");
        assertTrue(outputs.contains(": the checkpoint holds a network 2-8 sigmoid-1 sigmoid "), outputs);
        assertEquals(before, contents(run), "the checkpoint is unchanged, byte for byte");
        // The same data and more epochs: the checkpoint was fit to resume all along.
        CliRun resumed = CliRun.run("train", "--data", good.toString(), "--epochs", "3", "--checkpoint", run.toString(),
                "--resume", "-q");
        assertEquals(0, resumed.code(), resumed.both());
    }

    /**
     * A header that does not name the model's features, where the columns left are not its features by position
     * either, and a --label that names one of them: refused at the header, the feature named, not at the first row's
     * text as "not a number".
     */
    @Test
    void aHeaderWithoutTheModelsFeaturesIsRefusedAtTheHeader() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(good));
        lines.set(0, "x,b,kind");
        Path renamed = Files.write(dir.resolve("renamed.csv"), lines);
        String missing = ": line 1: the header names no column 'a', the model's feature 1 of 2 (the model finds its "
                + "features by the names of its training data's header)";
        assertEquals("vecprop predict: " + renamed + missing + "; column 'kind' held the model's labels in its training "
                + "data: drop it with --label kind", fails(1, "predict", "--model", model.toString(), "--data",
                renamed.toString(), "--out", predictions.toString()));
        lines.replaceAll(l -> l + (l.startsWith("x,") ? ",note" : ",n"));
        Path noted = Files.write(dir.resolve("noted.csv"), lines);
        assertEquals("vecprop eval: " + noted + missing, fails(1, "eval", "--model", model.toString(), "--data",
                noted.toString()));
        assertEquals("vecprop predict: " + noted + missing, fails(1, "predict", "--model", model.toString(), "--data",
                noted.toString(), "--label", "kind", "--out", predictions.toString()));
        for (String command : new String[]{"predict", "eval"}) {
            assertEquals("vecprop " + command + ": " + good + ": line 1: column 'a', which --label names, is one of the "
                    + "model's features; --label names the column that holds the labels", fails(1, command, "--model",
                    model.toString(), "--data", good.toString(), "--label", "a"));
        }
    }

    /** Data without its header: the label, last in the training data, is named by its place. */
    @Test
    void predictOnDataWithTheLabelLastAndNoHeaderSaysWhichColumnToDrop() throws IOException {
        List<String> lines = Files.readAllLines(good);
        Path bare = Files.write(dir.resolve("bare.csv"), lines.subList(1, lines.size()));
        assertEquals("vecprop predict: " + bare + ": line 1: column '2': 'even' is not a number (if line 1 is a header, "
                + "give --header); if column 2 holds labels, as the column after the features does in a CSV a "
                + "classifier is trained on, drop it with --label 2",
                fails(1, "predict", "--model", model.toString(), "--data", bare.toString()));
        CliRun r = CliRun.run("predict", "--model", model.toString(), "--data", bare.toString(), "--label", "2");
        assertEquals(0, r.code(), r.both());
    }

    @Test
    void verboseShowsTheStackTrace() {
        CliRun r = CliRun.run("train", "--data", dir.resolve("nope.csv").toString(), "--verbose");
        assertEquals(1, r.code());
        assertTrue(r.err().lines().findFirst().orElseThrow().endsWith("nope.csv: no such file"), r.err());
        assertTrue(r.err().contains("java.nio.file.NoSuchFileException"), r.err());
        assertTrue(r.err().contains("\tat "), r.err());
    }
}
