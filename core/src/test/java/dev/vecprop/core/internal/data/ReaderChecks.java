package dev.vecprop.core.internal.data;

import dev.vecprop.core.InvalidFileException;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every reader promises, whatever the input: a consistent result, or one documented error. */
final class ReaderChecks {

    private ReaderChecks() {
    }

    /** The one failure allowed: an {@link InvalidFileException} whose one-line message starts with the file. */
    static void validError(InvalidFileException e, Path file) {
        String m = e.getMessage();
        assertNotNull(m);
        assertTrue(m.startsWith(file + ": "), () -> "the message does not name the file " + file + ": " + m);
        assertFalse(m.contains("\n"), () -> "a message of more than one line: " + m);
        assertTrue(m.length() < 1000, () -> "a message of " + m.length() + " characters: " + m);
        assertFalse(e.problem().isBlank(), "the message names no problem");
    }

    /** Samples that hold together: as many values as rows times features, all finite, records ascending. */
    static void consistent(Samples s) {
        int rows = s.rows();
        assertTrue(rows > 0, "samples without rows");
        assertTrue(s.features() > 0, "samples without features");
        assertEquals((long) rows * s.features(), s.x().length, "values for " + rows + " rows of " + s.features());
        assertEquals(s.features(), s.featureNames().size(), "feature names");
        assertNotNull(s.unusedColumns(), "unused columns");
        for (int i = 0; i < s.x().length; i++) {
            float v = s.x()[i];
            int at = i;
            assertTrue(Float.isFinite(v), () -> "value " + at + " is " + v);
        }
        for (int r = 1; r < rows; r++) {
            assertTrue(s.records()[r] > s.records()[r - 1], "records out of order at row " + r);
        }
        if (s.hasLabels()) {
            assertEquals(rows, s.labels().length, "labels");
            for (String l : s.labels()) {
                assertFalse(l.isEmpty(), "an empty label");
                assertFalse(Double.isNaN(CsvReader.parse(l.strip())), () -> "a label that is NaN: " + l);
            }
        }
        if (s.hasTargets()) {
            assertEquals((long) rows * s.targetNames().size(), s.targets().length, "targets");
            for (float v : s.targets()) {
                assertTrue(Float.isFinite(v), "a target that is " + v);
            }
        }
    }
}
