package dev.vecprop.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * predict reads, predicts and writes a CSV file {@link PredictCommand#CHUNK} samples at a time, so that a file
 * of any size takes the memory of one chunk: the predictions must not depend on where the chunks fall, and a
 * bad line after the first chunk must still leave no --out file.
 */
class PredictStreamingTest {

    @TempDir
    Path dir;

    Path model;

    @BeforeEach
    void trainAModel() throws IOException {
        Path data = CliRun.writeEvenOdd(dir.resolve("train.csv"));
        model = dir.resolve("model.vpm");
        CliRun r = CliRun.run("train", "--data", data.toString(), "--epochs", "2", "--save", model.toString());
        assertEquals(0, r.code(), r.both());
    }

    /** {@code rows} samples of the model's two features, with a header, and a blank line now and then. */
    private static List<String> rows(int rows, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> lines = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            lines.add(random.nextInt(7) + "," + random.nextInt(5) + (random.nextInt(3) == 0 ? ".5" : ""));
        }
        return lines;
    }

    private Path csv(String name, List<String> rows) throws IOException {
        return Files.writeString(dir.resolve(name), "a,b\n" + String.join("\n", rows) + "\n");
    }

    /**
     * A chunk of one row (the last of a file of 4,096 n + 1 rows) is predicted as a row of a batch, as in any
     * other chunk: the per-sample products of one sample sum in another order, and gave other last bits.
     */
    @Test
    void aRowPredictedAloneIsTheRowPredictedInABatch() throws IOException {
        // Wide rows: a product over many inputs, where the per-sample kernels' order of summing shows.
        int width = 784;
        SplittableRandom random = new SplittableRandom(3);
        List<String> rows = new ArrayList<>();
        for (int r = 0; r < 80; r++) {
            StringBuilder row = new StringBuilder();
            for (int j = 0; j < width; j++) {
                row.append(j == 0 ? "" : ",").append(random.nextInt(256));
            }
            rows.add(row.toString());
        }
        Path train = Files.writeString(dir.resolve("wide-train.csv"), String.join("\n", rows.stream()
                .map(l -> l + "," + Math.floorMod(l.hashCode(), 10)).toList()) + "\n");
        Path wide = dir.resolve("wide.vpm");
        CliRun t = CliRun.run("train", "--data", train.toString(), "--layers", width + ",128,10", "--epochs", "1",
                "--save", wide.toString(), "--quiet");
        assertEquals(0, t.code(), t.both());
        Path all = Files.writeString(dir.resolve("wide-all.csv"), String.join("\n", rows) + "\n");
        CliRun whole = CliRun.run("predict", "--model", wide.toString(), "--data", all.toString());
        assertEquals(0, whole.code(), whole.both());
        List<String> out = whole.out().lines().toList();
        for (int r = 0; r < 20; r++) {
            Path one = Files.writeString(dir.resolve("wide-one.csv"), rows.get(r) + "\n");
            CliRun p = CliRun.run("predict", "--model", wide.toString(), "--data", one.toString());
            assertEquals(out.get(1 + r), p.out().lines().toList().get(1), "row " + r);
        }
    }

    @Test
    void predictionsOfAFileOfManyChunksAreThoseOfItsPartsPredictedAlone() throws IOException {
        int n = 2 * PredictCommand.CHUNK + 1234;
        List<String> rows = rows(n, 5);
        CliRun whole = CliRun.run("predict", "--model", model.toString(), "--data", csv("all.csv", rows).toString(),
                "--threads", "2");
        assertEquals(0, whole.code(), whole.both());
        List<String> out = whole.out().lines().toList();
        assertEquals(n + 1, out.size());
        // Parts of 1,000 rows, each read in one chunk, give the same lines.
        List<String> parts = new ArrayList<>();
        for (int from = 0; from < n; from += 1000) {
            Path part = csv("part.csv", rows.subList(from, Math.min(n, from + 1000)));
            CliRun p = CliRun.run("predict", "--model", model.toString(), "--data", part.toString());
            assertEquals(0, p.code(), p.both());
            List<String> lines = p.out().lines().toList();
            assertEquals(out.getFirst(), lines.getFirst());
            parts.addAll(lines.subList(1, lines.size()));
        }
        assertEquals(out.subList(1, out.size()), parts);
        // And --out holds what standard output showed.
        Path written = dir.resolve("predictions.csv");
        CliRun toFile = CliRun.run("predict", "--model", model.toString(), "--data", dir.resolve("all.csv").toString(),
                "--out", written.toString());
        assertEquals(0, toFile.code(), toFile.both());
        assertEquals(whole.out(), Files.readString(written));
        assertEquals("wrote " + n + " predictions to " + written, toFile.err().strip());
    }

    @Test
    void aBadLineInALaterChunkLeavesNoOutFileAndStopsStandardOutputThere() throws IOException {
        int bad = PredictCommand.CHUNK + 100;
        List<String> rows = new ArrayList<>(rows(PredictCommand.CHUNK + 500, 6));
        rows.set(bad, "1,x");
        Path data = csv("bad.csv", rows);
        String error = "vecprop predict: " + data + ": line " + (bad + 2) + ": column 'b': 'x' is not a number";
        Path written = dir.resolve("predictions.csv");
        CliRun toFile = CliRun.run("predict", "--model", model.toString(), "--data", data.toString(), "--out",
                written.toString());
        assertEquals(1, toFile.code(), toFile.both());
        assertEquals(error, toFile.err().strip());
        assertFalse(Files.exists(written), "no --out file");
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary file");
        }
        // On standard output the first chunk's rows are out before the bad line is read; the exit code says so.
        CliRun toStdout = CliRun.run("predict", "--model", model.toString(), "--data", data.toString());
        assertEquals(1, toStdout.code(), toStdout.both());
        assertEquals(error, toStdout.err().strip());
        assertEquals(1 + PredictCommand.CHUNK, toStdout.out().lines().count());
    }

    @Test
    void aFirstChunkThatIsRefusedLeavesStandardOutputEmpty() throws IOException {
        // Features trained on 0 to 0.5: 3e38 is beyond a float once scaled, refused before any row is written.
        Path small = Files.writeString(dir.resolve("small.csv"), "a,b,kind\n0,0.5,x\n0.5,0,y\n0.25,0.25,x\n0.5,0.5,y\n");
        Path smallModel = dir.resolve("small.vpm");
        CliRun t = CliRun.run("train", "--data", small.toString(), "--epochs", "1", "-q", "--save", smallModel.toString());
        assertEquals(0, t.code(), t.both());
        List<String> rows = new ArrayList<>(rows(100, 8));
        rows.set(50, "3e38,1");
        CliRun r = CliRun.run("predict", "--model", smallModel.toString(), "--data", csv("far.csv", rows).toString());
        assertEquals(1, r.code(), r.both());
        assertTrue(r.err().contains(": line 52: "), r.err());
        assertEquals("", r.out(), "not even the header");
    }

    @Test
    void skippedLinesOfEveryChunkAreCountedOnceAtTheEnd() throws IOException {
        List<String> rows = new ArrayList<>(rows(2 * PredictCommand.CHUNK, 7));
        rows.set(10, "1,NaN");
        rows.set(PredictCommand.CHUNK + 10, "Infinity,2");
        Path data = csv("nan.csv", rows);
        CliRun r = CliRun.run("predict", "--model", model.toString(), "--data", data.toString(), "--skip-bad");
        assertEquals(0, r.code(), r.both());
        assertEquals(1 + 2 * PredictCommand.CHUNK, r.out().lines().count(), "a row for each line, skipped or not");
        assertEquals("vecprop predict: " + data + ": skipped 2 lines with a value that is not a finite number "
                + "(--skip-bad); the first: line 12: column 'b': 'NaN' is not a finite number", r.err().strip());
    }

    /**
     * A line that --skip-bad skips gets a row of empty fields, so that row N of the output is line N of the data:
     * skipped lines first, in runs, right after the last sample of a chunk, and last; blank lines are no records
     * and get no row. The other rows are the predictions of the good lines alone.
     */
    @Test
    void aSkippedLineGetsAnEmptyRowInItsPlace() throws IOException {
        int n = 2 * PredictCommand.CHUNK + 300;
        List<String> rows = new ArrayList<>(rows(n, 9));
        // Line 4101 (0-based) follows the first chunk's last sample: 4,096 samples and the five skipped before it.
        int[] bad = {0, 1, 500, 501, 502, PredictCommand.CHUNK + 5, PredictCommand.CHUNK + 6, 2 * PredictCommand.CHUNK + 7,
                n - 2, n - 1};
        List<String> good = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (Arrays.binarySearch(bad, i) >= 0) {
                rows.set(i, i % 2 == 0 ? "NaN,1" : "2,-Infinity");
            } else {
                good.add(rows.get(i));
            }
        }
        List<String> withBlanks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            withBlanks.add(rows.get(i));
            if (i % 1000 == 3 || i == n - 1) {
                withBlanks.add("");
            }
        }
        Path data = csv("gaps.csv", withBlanks);
        CliRun alone = CliRun.run("predict", "--model", model.toString(), "--data", csv("good.csv", good).toString());
        assertEquals(0, alone.code(), alone.both());
        List<String> predictions = alone.out().lines().toList();
        List<String> expected = new ArrayList<>(List.of(predictions.getFirst()));
        for (int i = 0, g = 1; i < n; i++) {
            expected.add(Arrays.binarySearch(bad, i) >= 0 ? ",," : predictions.get(g++));
        }
        CliRun r = CliRun.run("predict", "--model", model.toString(), "--data", data.toString(), "--skip-bad");
        assertEquals(0, r.code(), r.both());
        assertEquals(expected, r.out().lines().toList());
        Path written = dir.resolve("aligned.csv");
        CliRun toFile = CliRun.run("predict", "--model", model.toString(), "--data", data.toString(), "--skip-bad",
                "--out", written.toString());
        assertEquals(0, toFile.code(), toFile.both());
        assertEquals(r.out(), Files.readString(written));
        assertEquals("wrote " + good.size() + " predictions and " + bad.length + " empty rows (the lines skipped by "
                + "--skip-bad) to " + written, toFile.err().lines().toList().getLast());
    }

    /**
     * A file whose every line is skipped is its header and a row of empty fields a line, as any other: a
     * pipeline predicting chunk files gets one for each. eval has nothing to report on such a file, and refuses it.
     */
    @Test
    void aFileOfSkippedLinesAloneGetsAnEmptyRowForEach() throws IOException {
        Path data = csv("all-bad.csv", List.of("NaN,1", "2,-Infinity", "Infinity,3"));
        CliRun r = CliRun.run("predict", "--model", model.toString(), "--data", data.toString(), "--skip-bad");
        assertEquals(0, r.code(), r.both());
        List<String> lines = r.out().lines().toList();
        assertEquals(4, lines.size(), r.out());
        assertTrue(lines.getFirst().startsWith("class,"), r.out());
        assertEquals(List.of(",,", ",,", ",,"), lines.subList(1, 4));
        assertTrue(r.err().contains("skipped 3 lines with a value that is not a finite number"), r.err());
        CliRun refused = CliRun.run("predict", "--model", model.toString(), "--data", data.toString());
        assertEquals(1, refused.code(), refused.both());
        Path labelled = Files.writeString(dir.resolve("all-bad-labelled.csv"), "a,b,kind\nNaN,1,odd\n2,Infinity,even\n");
        CliRun eval = CliRun.run("eval", "--model", model.toString(), "--data", labelled.toString(), "--skip-bad");
        assertEquals(1, eval.code(), eval.both());
        assertTrue(eval.err().contains(labelled + ": no data rows after the header (2 skipped for values that are not "
                + "finite numbers)"), eval.err());
    }

    /** The same for IDX items, and for a model with one output, whose rows have a single field. */
    @Test
    void aSkippedItemGetsAnEmptyRowInItsPlaceAndASingleFieldIsQuoted() throws IOException {
        Path train = Files.writeString(dir.resolve("line.csv"), "a,b,y\n0,0,0\n1,0,1\n0,1,1\n1,1,2\n");
        Path regressor = dir.resolve("line.vpm");
        CliRun t = CliRun.run("train", "--data", train.toString(), "--targets", "y", "--epochs", "1", "-q", "--save",
                regressor.toString());
        assertEquals(0, t.code(), t.both());
        float[] values = {0, 0, Float.NaN, 1, 0.5f, 0.5f, 1, Float.POSITIVE_INFINITY, 1, 1};
        Path idx = dev.vecprop.testfiles.IdxFiles.write(dir.resolve("x.idx"),
                dev.vecprop.testfiles.IdxFiles.floats(new int[]{5, 2}, values));
        CliRun r = CliRun.run("predict", "--model", regressor.toString(), "--data", idx.toString(), "--skip-bad");
        assertEquals(0, r.code(), r.both());
        List<String> lines = r.out().lines().toList();
        assertEquals(6, lines.size(), r.out());
        assertEquals("y", lines.get(0));
        assertEquals("\"\"", lines.get(2), "item 2 was skipped");
        assertEquals("\"\"", lines.get(4), "item 4 was skipped");
        for (int i : new int[]{1, 3, 5}) {
            Float.parseFloat(lines.get(i));
        }
    }
}
