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
                + "petal_width for regression\n";
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
        assertEquals(warning + "vecprop train: --layers ends with 1 outputs, but " + iris + " has 22 classes (0.1, 0.2, "
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
                + "whole ('0.5'); if they are values to predict, not classes, give --targets 2 for regression\n", r.err());
        // A name that --targets would not take alone (another column has it, or the shell would split it).
        Path twice = write("twice.csv", "y,b,y\n1,2,0.5\n3,4,1.5\n");
        r = train("--data", twice.toString(), "--label", "2");
        assertEquals(0, r.code(), r.both());
        assertTrue(r.err().endsWith("give --targets 2 for regression\n"), r.err());
        Path spaced = write("spaced.csv", "a,b,the width\n1,2,0.5\n3,4,1.5\n");
        r = train("--data", spaced.toString(), "--label", "the width");
        assertEquals(0, r.code(), r.both());
        assertTrue(r.err().contains("column 'the width'") && r.err().endsWith("give --targets 2 for regression\n"),
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
}
