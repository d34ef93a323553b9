package dev.vecprop.core.internal.data;

import dev.vecprop.core.InvalidFileException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BadValuesTest {

    private static final Path FILE = Path.of("data.csv");

    @Test
    void refusingThrowsAtTheFirstRecordAndKeepsNoPlace() {
        BadValues refuse = BadValues.refuse();
        InvalidFileException e = assertThrows(InvalidFileException.class,
                () -> refuse.found(FILE, "line 3", "column 'a': 'NaN' is not a finite number", 1));
        assertEquals("line 3", e.record());
        assertEquals(0, refuse.skipped());
        assertNull(refuse.first());
        assertEquals(0, refuse.takeSkipped(Long.MAX_VALUE));
    }

    /**
     * Records skipped at random places (runs, gaps, many at one place), taken as a writer takes them (before each
     * kept record, a chunk of kept records at a time, the rest at the end), against a map of place to count.
     */
    @Test
    void skippedRecordsAreTakenAtTheirPlacesOnce() throws InvalidFileException {
        SplittableRandom random = new SplittableRandom(3);
        for (int trial = 0; trial < 200; trial++) {
            BadValues bad = BadValues.skipMarking();
            TreeMap<Long, Long> expected = new TreeMap<>();
            long kept = 0;
            long taken = 0;
            int records = random.nextInt(1, 3000);
            int chunk = random.nextInt(1, 300);
            int skipped = 0;
            for (int r = 0; r < records; r++) {
                if (random.nextInt(4) == 0) {
                    bad.found(FILE, "line " + (r + 1), "bad", kept);
                    expected.merge(kept, 1L, Long::sum);
                    skipped++;
                } else {
                    kept++;
                    if (kept % chunk == 0) {
                        // The writer's turn: the rows of this chunk, a take before each.
                        for (long w = taken; w < kept; w++) {
                            assertEquals(expected.getOrDefault(w, 0L), bad.takeSkipped(w), "before record " + w);
                        }
                        taken = kept;
                    }
                }
            }
            for (long w = taken; w < kept; w++) {
                assertEquals(expected.getOrDefault(w, 0L), bad.takeSkipped(w), "before record " + w);
            }
            assertEquals(expected.getOrDefault(kept, 0L), bad.takeSkipped(kept), "after the last");
            assertEquals(0, bad.takeSkipped(Long.MAX_VALUE), "each taken once");
            assertEquals(skipped, bad.skipped());
        }
    }

    /** Reading a whole file (train, eval) keeps no place per skipped record: every other line bad would keep one a line. */
    @Test
    void skippingWithoutMarkingKeepsNoPlaces() throws InvalidFileException {
        BadValues bad = BadValues.skip();
        for (int r = 0; r < 1000; r++) {
            bad.found(FILE, "line " + (2 * r + 1), "bad", r);
        }
        assertEquals(1000, bad.skipped());
        assertEquals("line 1: bad", bad.first());
        assertEquals(0, bad.placesHeld());
        assertThrows(IllegalStateException.class, () -> bad.takeSkipped(0));
        BadValues marking = BadValues.skipMarking();
        for (int r = 0; r < 1000; r++) {
            marking.found(FILE, "line " + (2 * r + 1), "bad", r);
        }
        assertEquals(1000, marking.placesHeld());
        assertEquals(500, marking.takeSkipped(499), "the places up to 499, not taken before");
        assertEquals(500, marking.placesHeld(), "taken places are let go");
    }
}
