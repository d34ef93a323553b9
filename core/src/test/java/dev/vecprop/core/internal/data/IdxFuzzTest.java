package dev.vecprop.core.internal.data;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vecprop.core.InvalidFileException;
import dev.vecprop.testfiles.FuzzFiles;
import dev.vecprop.testfiles.IdxFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Coverage-guided fuzzing of the IDX reader through {@link DataFiles#readIdx}, images with or without a labels
 * file, plain or gzip. Without {@code JAZZER_FUZZ} it replays the committed inputs in
 * {@code src/test/resources/dev/vecprop/core/internal/data/IdxFuzzTestInputs/idx}; docs/reliability.md says how to fuzz.
 */
class IdxFuzzTest {

    private static final Path IMAGES = FuzzFiles.file("images.idx");
    private static final Path LABELS = FuzzFiles.file("labels.idx");

    @FuzzTest(maxDuration = "10s")
    void idx(FuzzedDataProvider data) throws IOException {
        boolean skipBad = data.consumeBoolean();
        boolean gzip = data.consumeBoolean();
        byte[] labels = data.consumeBoolean() ? data.consumeBytes(data.consumeInt(0, 64)) : null;
        byte[] images = data.consumeRemainingAsBytes();
        Files.write(IMAGES, gzip ? IdxFiles.gzip(images) : images);
        if (labels != null) {
            Files.write(LABELS, labels);
        }
        try {
            assertEquals(DataFiles.Format.IDX, DataFiles.detect(IMAGES), "an .idx name is IDX");
            Samples s = DataFiles.readIdx(IMAGES, labels == null ? null : LABELS,
                    skipBad ? BadValues.skip() : BadValues.refuse());
            ReaderChecks.consistent(s);
        } catch (InvalidFileException e) {
            ReaderChecks.validError(e, e.file().equals(LABELS.toString()) ? LABELS : IMAGES);
        }
    }
}
