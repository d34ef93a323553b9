package dev.vecprop.core.internal.data;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vecprop.core.InvalidFileException;
import dev.vecprop.testfiles.FuzzFiles;
import dev.vecprop.testfiles.IdxFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of the CSV reader through {@link DataFiles#readCsv}, plain and gzip, with every
 * kind of column choice, with columns dropped ({@code train --drop}) and for a model's features
 * ({@code predict}, {@code eval}), its refusals advising in the command line's words or the library's. Without {@code JAZZER_FUZZ} it replays the committed inputs in
 * {@code src/test/resources/dev/vecprop/core/internal/data/CsvFuzzTestInputs/csv}; docs/reliability.md says how to fuzz.
 */
class CsvFuzzTest {

    private static final Path FILE = FuzzFiles.file("fuzz.csv");

    @FuzzTest(maxDuration = "10s")
    void csv(FuzzedDataProvider data) throws IOException {
        CsvReader.Header header = data.pickValue(CsvReader.Header.values());
        CsvReader.Columns columns = switch (data.consumeInt(0, 2)) {
            // The label by --label, else as a model has it: by a name, else by a place.
            case 0 -> new CsvReader.LabelColumn(data.consumeBoolean() ? null : data.consumeString(8),
                    data.consumeInt(-1, 4), data.consumeBoolean() ? null : data.consumeString(6));
            case 1 -> {
                List<String> targets = new ArrayList<>();
                for (int i = data.consumeInt(1, 3); i > 0; i--) {
                    targets.add(data.consumeString(8));
                }
                yield new CsvReader.TargetColumns(targets);
            }
            default -> new CsvReader.FeaturesOnly(data.consumeBoolean() ? null : data.consumeString(8));
        };
        int wrap = data.consumeInt(0, 3);
        if ((wrap & 1) != 0) {
            columns = new CsvReader.Dropping(columns, strings(data, 0, 2));
        }
        if ((wrap & 2) != 0) {
            columns = new CsvReader.ForModel(columns, strings(data, 0, 3), data.consumeInt(-1, 4));
        }
        // Refusing, skipping, or skipping and keeping the places (predict's reader).
        int mode = data.consumeInt(0, 2);
        BadValues bad = mode == 0 ? BadValues.refuse() : mode == 1 ? BadValues.skip() : BadValues.skipMarking();
        boolean gzip = data.consumeBoolean();
        byte[] content = data.consumeRemainingAsBytes();
        Files.write(FILE, gzip ? IdxFiles.gzip(content) : content);
        // Advice in the command line's words or the library's, told by the content's length, so that the committed
        // inputs are read as they were when found.
        CsvReader.Advice advice = content.length % 2 == 0 ? CsvReader.Advice.COMMAND_LINE : CsvReader.Advice.LIBRARY;
        try {
            Samples s = DataFiles.readCsv(FILE, header, columns, bad, advice);
            if (s.rows() == 0) {
                // No samples only for a reader that keeps the places of skipped rows, when every row was skipped.
                assertTrue(bad.marking() && bad.skipped() > 0, "no samples, and " + bad.skipped() + " skipped");
                assertEquals(bad.skipped(), bad.takeSkipped(0), "every skipped row's place, before the first sample");
            } else {
                ReaderChecks.consistent(s);
            }
        } catch (InvalidFileException e) {
            ReaderChecks.validError(e, FILE);
        }
    }

    private static List<String> strings(FuzzedDataProvider data, int min, int max) {
        List<String> list = new ArrayList<>();
        for (int i = data.consumeInt(min, max); i > 0; i--) {
            list.add(data.consumeString(6));
        }
        return list;
    }
}
