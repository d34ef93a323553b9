package dev.vecprop.core;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vecprop.spi.Activation;
import dev.vecprop.testfiles.FuzzFiles;
import dev.vecprop.testfiles.IdxFiles;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of the library's face of the readers, {@link DataFile}: a file or a stream, every
 * choice of its builder and every reading (a label, targets, features, for a model of either kind), then what
 * a caller does with the result (its names, classes, warnings, samples, data sets, the model named by it). Each
 * call either gives results that hold together or throws what {@code DataFile} documents, with a one-line
 * message: never a {@link NullPointerException}, an index out of bounds or another exception nobody promised.
 * Without {@code JAZZER_FUZZ} it replays the committed inputs in {@code
 * src/test/resources/dev/vecprop/core/DataFileFuzzTestInputs/dataFile}; docs/reliability.md says how to fuzz.
 */
class DataFileFuzzTest {

    private static final Path FILE = FuzzFiles.file("data-file.csv");

    /** A classifier of two features named a and b, its label column 'y' at 2, and classes 'x', '1' and '2'. */
    private static final Model CLASSIFIER = Model.classifier(FeedForwardNetwork.builder(2)
                    .layer(3, Activation.SOFTMAX).seed(1).build(), "softmax-cross-entropy", FeatureScaling.none(2),
            List.of("x", "1", "2")).withFeatureNames(List.of("a", "b")).withLabelColumn(2).withLabelName("y");

    /** A regressor of two unnamed features and a target named t. */
    private static final Model REGRESSOR = Model.regressor(FeedForwardNetwork.builder(2)
            .layer(1, Activation.IDENTITY).seed(1).build(), "mse", FeatureScaling.none(2), List.of("t"));

    @FuzzTest(maxDuration = "10s")
    void dataFile(FuzzedDataProvider data) throws IOException {
        boolean stream = data.consumeBoolean();
        int header = data.consumeInt(0, 2);
        List<String> drop = strings(data, 0, 2);
        boolean skipBad = data.consumeBoolean();
        int reading = data.consumeInt(0, 5);
        String column = data.consumeBoolean() ? null : data.consumeString(6);
        List<String> targets = strings(data, 1, 2);
        boolean gzip = data.consumeBoolean();
        byte[] content = data.consumeRemainingAsBytes();
        byte[] bytes = gzip ? IdxFiles.gzip(content) : content;
        Files.write(FILE, bytes);

        DataFile.Csv csv = stream ? DataFile.csv(new ByteArrayInputStream(bytes), FILE.toString()) : DataFile.csv(FILE);
        if (header > 0) {
            csv = csv.header(header == 1);
        }
        if (!drop.isEmpty()) {
            csv = csv.drop(drop.toArray(String[]::new));
        }
        if (skipBad) {
            csv = csv.skipBad();
        }
        Model model = reading == 4 && data.remainingBytes() % 2 == 0 ? REGRESSOR : CLASSIFIER;
        DataFile d;
        try {
            d = switch (reading) {
                case 0 -> csv.label(column);
                case 1 -> csv.targets(targets);
                case 2 -> csv.features();
                case 3 -> csv.forModel(content.length % 2 == 0 ? CLASSIFIER : REGRESSOR, null);
                case 4 -> csv.forModel(model, model.isClassifier() ? column : null);
                default -> csv.featuresForModel(content.length % 2 == 0 ? CLASSIFIER : REGRESSOR, column);
            };
        } catch (InvalidFileException e) {
            validError(e);
            return;
        } catch (IllegalStateException e) {
            // drop(...) for data read for a model, whose columns are found by name.
            assertTrue(reading >= 3 && !drop.isEmpty(), () -> "refused: " + e.getMessage());
            oneLine(e);
            return;
        }
        consistent(d, stream);
        use(d);
    }

    /** What a reading gives holds together: sizes, names, labels, skipped rows, warnings. */
    private static void consistent(DataFile d, boolean stream) {
        assertEquals(FILE.toString(), d.source().toString(), "the source, from a stream by its name");
        assertTrue(d.size() > 0, "no samples");
        assertTrue(d.featureCount() > 0, "no features");
        assertTrue(d.featureNames().isEmpty() || d.featureNames().size() == d.featureCount(), "feature names");
        for (int r : new int[]{0, d.size() - 1}) {
            float[] x = d.features(r);
            assertEquals(d.featureCount(), x.length);
            for (float v : x) {
                assertTrue(Float.isFinite(v), "a feature that is " + v);
            }
            if (d.hasLabels()) {
                assertNotNull(d.label(r));
            }
        }
        assertEquals(d.hasLabels(), !d.classNames().isEmpty(), "classes when there are labels");
        assertTrue(d.skipped() >= 0);
        assertEquals(d.skipped() > 0, d.firstSkipped().isPresent(), "the first skipped row when one was");
        for (String w : d.warnings()) {
            assertTrue(w.startsWith(FILE + ": "), () -> "a warning that does not name the file: " + w);
            assertFalse(w.contains("\n"), () -> "a warning of more than one line: " + w);
        }
        assertNotNull(d.unusedColumns());
        assertNotNull(d.toString());
        assertTrue(stream || d.source().equals(FILE));
    }

    /** A caller's uses of the samples: each gives a data set of their size, or a documented refusal. */
    private static void use(DataFile d) throws IOException {
        attempt(() -> assertEquals(d.size(), d.dataset().size()));
        if (d.classNames().size() >= 2 && new java.util.HashSet<>(d.classNames()).size() == d.classNames().size()) {
            attempt(() -> assertEquals(d.size(), d.dataset(d.classNames(), d.classNames().size()).size()));
        }
        attempt(() -> assertEquals(d.size(), d.dataset(CLASSIFIER).size()));
        attempt(() -> assertEquals(d.size(), d.dataset(REGRESSOR).size()));
        if (d.featureCount() == 2) {
            attempt(() -> {
                Model named = d.name(CLASSIFIER);
                assertTrue(named.featureNames().isEmpty() || named.featureNames().equals(d.featureNames()));
            });
        }
    }

    /** A use of the samples. */
    @FunctionalInterface
    private interface Use {
        void run() throws IOException;
    }

    /** Runs {@code use}, which may be refused only as {@code DataFile} documents, in one line. */
    private static void attempt(Use use) throws IOException {
        try {
            use.run();
        } catch (InvalidFileException e) {
            validError(e);
        } catch (IllegalStateException | IllegalArgumentException e) {
            oneLine(e);
        }
    }

    private static void validError(InvalidFileException e) {
        String m = e.getMessage();
        assertTrue(m.startsWith(FILE + ": "), () -> "the message does not name the file: " + m);
        oneLine(e);
    }

    private static void oneLine(Exception e) {
        String m = e.getMessage();
        assertNotNull(m, () -> "no message: " + e);
        assertFalse(m.contains("\n"), () -> "a message of more than one line: " + m);
        assertFalse(m.isBlank(), "a blank message");
    }

    private static List<String> strings(FuzzedDataProvider data, int min, int max) {
        List<String> list = new ArrayList<>();
        for (int i = data.consumeInt(min, max); i > 0; i--) {
            list.add(data.consumeString(6));
        }
        return list;
    }
}
