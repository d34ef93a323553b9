package dev.vecprop.cli.data;

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
    private int skipped;
    private String first;

    private BadValues(boolean skip) {
        this.skip = skip;
    }

    /** Refuse the file at the first value that is not finite. */
    public static BadValues refuse() {
        return new BadValues(false);
    }

    /** Skip each record holding a value that is not finite, and count it. */
    public static BadValues skip() {
        return new BadValues(true);
    }

    /**
     * Reports a value that is not finite: throws when refusing, else counts the record, which the reader then
     * leaves out. Call at most once per record.
     */
    void found(Path file, String record, String problem) throws InvalidFileException {
        if (!skip) {
            throw new InvalidFileException(file, record, problem);
        }
        if (skipped++ == 0) {
            first = record + ": " + problem;
        }
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
