package dev.vecprop.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Data that train takes but that is most likely not what was meant: a warning on standard error, once, before
 * training, and the training as asked.
 */
class DataWarningsTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static CliRun train(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "train";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--epochs";
        all[args.length + 2] = "1";
        return CliRun.run(all);
    }

    /** iris without its species, and without --targets: petal_width's 22 values become 22 classes. */
    @Test
    void classesThatAreNumbersNotAllWholeSuggestTargets() throws IOException {
        String numeric = Files.readString(CommandsTest.IRIS).lines()
                .map(l -> l.substring(0, l.lastIndexOf(','))).collect(Collectors.joining("\n", "", "\n"));
        Path iris = write("iris-numeric.csv", numeric);
        String warning = "vecprop train: warning: " + iris + ": the 22 classes of column 'petal_width' are numbers, "
                + "and some not whole ('0.1'); if they are values to predict, not classes, give --targets "
                + "petal_width for regression; if the classes are in another column, give --label COLUMN\n";
        CliRun r = train("--data", iris.toString());
        assertEquals(0, r.code(), r.both());
        assertEquals(warning, r.err());
        assertTrue(r.out().contains("150 samples, 3 features, 22 classes"), r.out());
        // Once with test data too, and before training: a run refused before its first epoch has it.
        CliRun tested = train("--data", iris.toString(), "--test", iris.toString());
        assertEquals(0, tested.code(), tested.both());
        assertEquals(warning, tested.err());
        CliRun refused = train("--data", iris.toString(), "--layers", "3,8,1");
        assertEquals(1, refused.code(), refused.both());
        assertEquals(warning + "vecprop train: --layers ends with 1 output, but " + iris + " has 22 classes (0.1, 0.2, "
                + "0.3, 0.4, 0.5, 0.6, 1.0, 1.1, 1.2, 1.3, ... 2.5), which need 22 outputs\n", refused.err());
        // With --targets, no warning.
        CliRun regression = train("--data", iris.toString(), "--targets", "petal_width");
        assertEquals(0, regression.code(), regression.both());
        assertEquals("", regression.err());
    }

    @Test
    void theColumnIsSuggestedByNameOrByIndex() throws IOException {
        Path noHeader = write("no-header.csv", "1,2,0.5\n3,4,1.5\n5,6,0.5\n");
        CliRun r = train("--data", noHeader.toString());
        assertEquals(0, r.code(), r.both());
        assertEquals("vecprop train: warning: " + noHeader + ": the 2 classes of column '2' are numbers, and some not "
                + "whole ('0.5'); if they are values to predict, not classes, give --targets 2 for regression; if the "
                + "classes are in another column, give --label COLUMN\n", r.err());
        // A name that --targets would not take alone (another column has it, or the shell would split it).
        Path twice = write("twice.csv", "y,b,y\n1,2,0.5\n3,4,1.5\n");
        r = train("--data", twice.toString(), "--label", "2");
        assertEquals(0, r.code(), r.both());
        assertTrue(r.err().endsWith("give --targets 2 instead of --label for regression\n"), r.err());
        Path spaced = write("spaced.csv", "a,b,the width\n1,2,0.5\n3,4,1.5\n");
        r = train("--data", spaced.toString(), "--label", "the width");
        assertEquals(0, r.code(), r.both());
        assertTrue(r.err().contains("column 'the width'") && r.err().endsWith("give --targets 2 instead of --label for regression\n"),
                r.err());
    }

    /** Whole numbers (1.0 as pandas writes 1), text among the numbers, or IDs: classes, said nothing about. */
    @Test
    void classesThatAreWholeNumbersOrTextHaveNoWarning() throws IOException {
        for (String labels : new String[]{"1.0,2.0,1.0", "1,2,1e1", "0.5,a,0.5", "-3,0,2"}) {
            String[] l = labels.split(",");
            Path f = write("whole.csv", "a,b,y\n1,2," + l[0] + "\n3,4," + l[1] + "\n5,6," + l[2] + "\n");
            CliRun r = train("--data", f.toString());
            assertEquals(0, r.code(), r.both());
            assertEquals("", r.err(), labels);
        }
    }

    /**
     * A regression target of whole numbers (load_diabetes as pandas writes it: 151.0, 75.0, ...), or a feature
     * or an ID taken for the label: almost as many classes as samples, so that the classifier learns nothing.
     */
    @Test
    void manyClassesForFewSamplesSuggestTargetsOrAnotherLabel() throws IOException {
        StringBuilder whole = new StringBuilder("a,b,target\n");
        StringBuilder ids = new StringBuilder("id,a,kind\n");
        for (int r = 0; r < 60; r++) {
            whole.append(r % 7).append(',').append(r % 5).append(',').append(25 + 3 * r).append(".0\n");
            ids.append("W").append(r).append(',').append(r % 7).append(r < 30 ? ",0\n" : ",1\n");
        }
        Path diabetes = write("diabetes.csv", whole.toString());
        CliRun r = train("--data", diabetes.toString());
        assertEquals(0, r.code(), r.both());
        assertEquals("vecprop train: warning: " + diabetes + ": column 'target' has 60 classes for 60 training samples, "
                + "fewer than 3 a class; if its values are to be predicted as numbers, give --targets target for "
                + "regression; if the classes are in another column, give --label COLUMN\n", r.err());
        Path id = write("ids.csv", ids.toString());
        r = train("--data", id.toString(), "--label", "id");
        assertEquals(0, r.code(), r.both());
        assertEquals("vecprop train: warning: " + id + ": column 'id' has 60 classes for 60 training samples, fewer "
                + "than 3 a class; if the classes are in another column, give --label COLUMN\n", r.err());
        // Counted on the training part: before a test split's refusal of a class only it holds.
        r = train("--data", diabetes.toString(), "--test-split", "0.25");
        assertEquals(1, r.code(), r.both());
        assertTrue(r.err().startsWith("vecprop train: warning: " + diabetes + ": column 'target' has 45 classes for 45 "
                + "training samples"), r.err());
        // Many classes with enough samples each, or few classes: nothing to say.
        r = train("--data", diabetes.toString(), "--label", "a");
        assertEquals(0, r.code(), r.both());
        assertEquals("", r.err());
        StringBuilder three = new StringBuilder("a,b,kind\n");
        for (int r3 = 0; r3 < 60; r3++) {
            three.append(r3 % 7).append(',').append(r3 % 5).append(',').append(r3 % 20).append('\n');
        }
        r = train("--data", write("three.csv", three.toString()).toString());
        assertEquals(0, r.code(), r.both());
        assertEquals("", r.err());
    }

    /** Regression targets far from 1 at the default learning rate: the updates grow with them. */
    @Test
    void largeTargetsAtTheDefaultLearningRateAreWarnedOf() throws IOException {
        StringBuilder large = new StringBuilder("a,b,y,target\n");
        for (int r = 0; r < 40; r++) {
            large.append(r % 7).append(',').append(r % 5).append(',').append(r % 3).append(',').append(25 + 8.1 * r)
                    .append('\n');
        }
        Path data = write("large.csv", large.toString());
        CliRun r = train("--data", data.toString(), "--targets", "y,target");
        assertEquals(0, r.code(), r.both());
        assertEquals("vecprop train: warning: " + data + ": the targets reach 340.9 (column 'target'); at the default "
                + "--lr 0.1 the updates grow with errors of that size, and the loss may jump from epoch to epoch or "
                + "diverge: give a smaller --lr, such as 0.001, or targets scaled near 1\n", r.err());
        // A learning rate given is a choice; targets near 1 need none.
        r = train("--data", data.toString(), "--targets", "y,target", "--lr", "0.1");
        assertEquals("", r.err());
        r = train("--data", data.toString(), "--targets", "y");
        assertEquals("", r.err());
    }

    /** A CSV of n rows sorted by class, with pandas' index column first when {@code index} says so. */
    private static String sorted(int n, boolean index, String indexName) {
        StringBuilder b = new StringBuilder(index ? indexName + ",a,b,kind\n" : "a,b,kind\n");
        for (int r = 0; r < n; r++) {
            b.append(index ? r + "," : "").append(r % 7).append(',').append(r % 5).append(r < n / 2 ? ",p\n" : ",q\n");
        }
        return b.toString();
    }

    /** pandas' to_csv() without index=False: an unnamed first column of row numbers, a feature that leaks the class. */
    @Test
    void anUnnamedColumnOfRowNumbersIsNamedAsPandasIndex() throws IOException {
        Path indexed = write("indexed.csv", sorted(40, true, ""));
        String warning = "vecprop train: warning: " + indexed + ": line 1: feature 1 has no name and holds the row numbers "
                + "(0, 1, 2, ...): it looks like the index column of pandas' to_csv(), and would be trained on as a "
                + "feature (on data sorted by label, it gives the answer away); leave it out with --drop 0, or write "
                + "the file without it (to_csv(..., index=False))\n";
        CliRun r = train("--data", indexed.toString());
        assertEquals(0, r.code(), r.both());
        assertEquals(warning, r.err());
        assertTrue(r.out().contains("40 samples, 3 features, 2 classes"), r.out());
        // Once, before training: with test data, and before a refusal of the layers.
        CliRun tested = train("--data", indexed.toString(), "--test", indexed.toString());
        assertEquals(warning, tested.err());
        CliRun refused = train("--data", indexed.toString(), "--layers", "2,8,2");
        assertEquals(1, refused.code(), refused.both());
        assertTrue(refused.err().startsWith(warning + "vecprop train: --layers starts with 2 inputs"), refused.err());
        // Rows that pandas dropped (dropna) or that --skip-bad leaves out leave gaps in the numbers.
        Path gaps = write("gaps.csv", ",a,b,kind\n1,1,2,p\n2,2,2,p\n4,1,1,q\n5,nan,1,q\n6,3,3,q\n");
        r = train("--data", gaps.toString(), "--skip-bad");
        assertEquals(0, r.code(), r.both());
        // After the --skip-bad report, made as the file is read.
        assertEquals(2, r.err().lines().count(), r.err());
        assertTrue(r.err().lines().toList().get(1).startsWith("vecprop train: warning: " + gaps + ": line 1: feature 1 "
                + "has no name and holds the row numbers (1, 2, 4, ...)"), r.err());
        // Read back by read_csv and written again: the index column is named "Unnamed: 0".
        Path again = write("again.csv", sorted(40, true, "Unnamed: 0"));
        r = train("--data", again.toString());
        assertEquals(0, r.code(), r.both());
        assertTrue(r.err().startsWith("vecprop train: warning: " + again + ": line 1: feature 1 ('Unnamed: 0') holds the "
                + "row numbers (0, 1, 2, ...): it looks like the index column of pandas' to_csv()"), r.err());
        assertTrue(r.err().contains("leave it out with --drop 'Unnamed: 0', or"), r.err());
        // Left out as the warning says: no warning, one feature less.
        r = train("--data", indexed.toString(), "--drop", "0");
        assertEquals(0, r.code(), r.both());
        assertEquals("", r.err());
        assertTrue(r.out().contains("40 samples, 2 features, 2 classes"), r.out());
        r = train("--data", again.toString(), "--drop", "Unnamed: 0");
        assertEquals("", r.err());
    }

    /**
     * pandas' to_csv() of a DataFrame whose feature columns have no names: a header of their numbers and the label's
     * name, which has numbers in it and so is read as a row, of a class of its own.
     */
    @Test
    void aFirstLineOfColumnNumbersAndALoneClassIsWarnedOfAsAHeader() throws IOException {
        Path numbered = write("numbered.csv", sorted(40, false, null).replaceFirst("a,b,kind", "0,1,kind"));
        CliRun r = train("--data", numbered.toString());
        assertEquals(0, r.code(), r.both());
        assertEquals("vecprop train: warning: " + numbered + ": line 1 holds the numbers of its columns and the label 'kind', "
                + "which no other line has: it looks like a header of column numbers (as pandas' to_csv() writes for "
                + "columns without names), and is trained on as a sample of class 'kind'; if it is a header, give "
                + "--header\n", r.err());
        assertTrue(r.out().contains("41 samples, 2 features, 3 classes"), r.out());
        // The label's column first or between the numbered ones, which are numbered in order or by place.
        for (String[] file : new String[][]{{"kind,0,1\np,1,2\nq,3,4\n", "0"}, {"0,kind,1\n1,p,2\n3,q,4\n", "1"},
                {"0,kind,2\n1,p,2\n3,q,4\n", "1"}}) {
            r = train("--data", write("placed.csv", file[0]).toString(), "--label", file[1]);
            assertTrue(r.err().startsWith("vecprop train: warning: "), file[0] + r.both());
        }
        // Told so, or with its label a class of other rows too, or other numbers: nothing to say.
        r = train("--data", numbered.toString(), "--header");
        assertEquals("", r.err());
        assertTrue(r.out().contains("40 samples, 2 features, 2 classes"), r.out());
        for (String first : new String[]{"0,1,p", "1,2,kind", "0,2,kind", "0,1.5,kind", "1,0,kind"}) {
            r = train("--data", write("other.csv", sorted(40, false, null).replaceFirst("a,b,kind", first)).toString());
            assertEquals(0, r.code(), r.both());
            assertEquals("", r.err(), first);
        }
    }

    /** A named column, or values that are not row numbers, or the column taken for the label: nothing to say. */
    @Test
    void otherColumnsAreNotTakenForAnIndex() throws IOException {
        Path named = write("named.csv", sorted(20, true, "id"));
        CliRun r = train("--data", named.toString());
        assertEquals(0, r.code(), r.both());
        assertEquals("", r.err());
        for (String values : new String[]{"0 2 1 3", "0 1 1 2", "0 0.5 1 2", "-1 0 1 2"}) {
            String[] v = values.split(" ");
            Path f = write("unnamed.csv", ",a,kind\n" + v[0] + ",1,p\n" + v[1] + ",2,p\n" + v[2] + ",3,q\n" + v[3]
                    + ",4,q\n");
            r = train("--data", f.toString());
            assertEquals(0, r.code(), r.both());
            assertEquals("", r.err(), values);
        }
        Path label = write("label.csv", ",a,b\n0,1,2\n1,3,4\n");
        r = train("--data", label.toString(), "--label", "0");
        assertEquals(0, r.code(), r.both());
        assertEquals("", r.err());
    }
}
