package dev.vecprop.core;

import dev.vecprop.core.internal.OneLine;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file whose content cannot be read as what it should be: a data file with a ragged or non-numeric row, an
 * IDX file with the wrong magic number, a model file that is truncated or corrupt. The message names the
 * file, the record (a line, an item, a byte offset) and the problem, in one line:
 * {@code train.csv: line 17: 63 values; the header has 65}. Whatever the file's name and the problem hold,
 * the message is one line: line breaks and other control characters in them are escaped ({@code \n},
 * {@code \u0000}).
 */
public final class InvalidFileException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Kept as a string: {@link Path} is not serializable. */
    private final String file;
    /** Where in the file, or {@code null} for the whole file. */
    private final String record;
    /** What is wrong, without the file and record. */
    private final String problem;
    /** Whether the file is of a format version newer than this vecprop reads. */
    private final boolean newerFormat;

    /**
     * An exception with the message {@code file: record: problem} (or {@code file: problem} without a record)
     * and no cause.
     *
     * @param file    the file
     * @param record  where in it, such as "line 17", "item 3" or "byte 40", or {@code null} for the whole file
     * @param problem what is wrong, in words
     */
    public InvalidFileException(Path file, String record, String problem) {
        this(file, record, problem, null);
    }

    /**
     * An exception with the message {@code file: record: problem} (or {@code file: problem} without a record)
     * and the failure that revealed the problem (a parser's exception, say).
     *
     * @param file    the file
     * @param record  where in it, such as "line 17", "item 3" or "byte 40", or {@code null} for the whole file
     * @param problem what is wrong, in words
     * @param cause   the underlying failure, or {@code null} when there is none
     */
    public InvalidFileException(Path file, String record, String problem, Throwable cause) {
        this(file, record, problem, cause, false);
    }

    private InvalidFileException(Path file, String record, String problem, Throwable cause, boolean newerFormat) {
        super(OneLine.of(file + ": " + (record == null ? "" : record + ": ") + problem), cause);
        this.file = String.valueOf(file);
        this.record = record;
        this.problem = problem;
        this.newerFormat = newerFormat;
    }

    /**
     * The refusal of a file written in a format version newer than this vecprop reads: a file a later version
     * wrote, not a damaged one ({@link #newerFormat()} is true).
     *
     * @param file    the file
     * @param record  where the version is, such as "byte 8"
     * @param problem the version found and the versions read, in words
     * @return the exception, with the message {@code file: record: problem}
     */
    public static InvalidFileException newerFormat(Path file, String record, String problem) {
        return new InvalidFileException(file, record, problem, null, true);
    }

    /**
     * The file, as given.
     *
     * @return the path's {@link Path#toString()}, as the constructor received it (relative if it was)
     */
    public String file() {
        return file;
    }

    /**
     * Where in the file.
     *
     * @return the record, such as "line 17" or "byte 40", or {@code null} when the problem is with the file as
     *         a whole
     */
    public String record() {
        return record;
    }

    /**
     * What is wrong, without the file and record.
     *
     * @return the problem in words, as given to the constructor
     */
    public String problem() {
        return problem;
    }

    /**
     * Whether the file is of a format version newer than this vecprop reads: written by a later version, which
     * reads it, rather than damaged.
     *
     * @return true for an exception made by {@link #newerFormat(Path, String, String)}
     */
    public boolean newerFormat() {
        return newerFormat;
    }
}
