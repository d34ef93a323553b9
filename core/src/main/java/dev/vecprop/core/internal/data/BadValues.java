package dev.vecprop.core.internal.data;

import dev.vecprop.core.InvalidFileException;

import java.nio.file.Path;

/**
 * What a reader does with a record that holds a value which is not a finite number (NaN, an infinity, or a
 * number too large for a float): refuse the file, naming the record, or skip the record and count it
 * ({@code --skip-bad}). Any other problem (a value that is not a number at all, a ragged row) refuses the file
 * either way. One instance serves one file.
 */
public final class BadValues {

    private final boolean skip;
    /** Whether the places of skipped records are kept for {@link #takeSkipped}. */
    private final boolean marking;
    private int skipped;
    private String first;
    /**
     * Where the skipped records fell (when marking), not yet taken by {@link #takeSkipped}: runs of records
     * skipped after the same number of kept ones, {@code places[2i]} that number and {@code places[2i + 1]} how many, from
     * {@code head} to {@code tail}. A run per kept record at most, so a reader that is drained as it goes (predict,
     * a chunk at a time) holds a chunk's worth.
     */
    private long[] places = new long[8];
    private int head;
    private int tail;

    private BadValues(boolean skip, boolean marking) {
        this.skip = skip;
        this.marking = marking;
    }

    /** Refuse the file at the first value that is not finite. */
    public static BadValues refuse() {
        return new BadValues(false, false);
    }

    /** Skip each record holding a value that is not finite, and count it. */
    public static BadValues skip() {
        return new BadValues(true, false);
    }

    /**
     * Skip and count as {@link #skip()} does, and keep where each skipped record fell until {@link #takeSkipped}
     * takes it: for a reader drained as it goes, since a whole file read this way keeps a place per run of
     * skipped records.
     */
    public static BadValues skipMarking() {
        return new BadValues(true, true);
    }

    /**
     * Reports a value that is not finite in a record that comes after {@code kept} kept records of the file:
     * throws when refusing, else counts the record, which the reader then leaves out. Call at most once per record.
     */
    void found(Path file, String record, String problem, long kept) throws InvalidFileException {
        if (!skip) {
            throw new InvalidFileException(file, record, problem);
        }
        if (skipped++ == 0) {
            first = record + ": " + problem;
        }
        if (!marking) {
            return;
        }
        if (tail > head && places[tail - 2] == kept) {
            places[tail - 1]++;
            return;
        }
        if (tail == places.length) {
            if (head > 0) {
                System.arraycopy(places, head, places, 0, tail - head);
                tail -= head;
                head = 0;
            }
            if (tail == places.length) {
                places = java.util.Arrays.copyOf(places, 2 * places.length);
            }
        }
        places[tail++] = kept;
        places[tail++] = 1;
    }

    /**
     * Takes the skipped records that came before kept record {@code kept} (counted from 0 in the file), or after
     * the last one when {@code kept} is the number of records kept: so that a writer can give each skipped
     * record its place among the kept ones. Records taken once are not returned again.
     *
     * @return how many records were skipped there and not taken before
     * @throws IllegalStateException unless made by {@link #skipMarking()} or {@link #refuse()} (which skips nothing)
     */
    public long takeSkipped(long kept) {
        if (skip && !marking) {
            throw new IllegalStateException("the places of skipped records are kept only by BadValues.skipMarking()");
        }
        long n = 0;
        while (head < tail && places[head] <= kept) {
            n += places[head + 1];
            head += 2;
        }
        return n;
    }

    /** The runs of skipped records whose places are held, not yet taken. */
    int placesHeld() {
        return (tail - head) / 2;
    }

    /** Whether the places of skipped records are kept: the reader's caller writes a row per record (predict). */
    boolean marking() {
        return marking;
    }

    /** The records skipped so far. */
    public int skipped() {
        return skipped;
    }

    /** The first record skipped and why ("line 17: column 'a': 'NaN' is not a finite number"), or null. */
    public String first() {
        return first;
    }
}
