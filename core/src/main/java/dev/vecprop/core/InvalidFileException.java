package dev.vecprop.core;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file whose content cannot be read as what it should be: a data file with a ragged or non-numeric row, an
 * IDX file with the wrong magic number, a model file that is truncated or corrupt. The message names the
 * file, the record (a line, an item, a byte offset) and the problem, in one line:
 * {@code train.csv: line 17: 63 values, the header has 65 columns}.
 */
public final class InvalidFileException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Kept as a string: {@link Path} is not serializable. */
    private final String file;
    private final String record;
    private final String problem;

    /**
     * @param file    the file
     * @param record  where in it, such as "line 17", "item 3" or "byte 40", or {@code null} for the whole file
     * @param problem what is wrong, in words
     */
    public InvalidFileException(Path file, String record, String problem) {
        this(file, record, problem, null);
    }

    public InvalidFileException(Path file, String record, String problem, Throwable cause) {
        super(file + ": " + (record == null ? "" : record + ": ") + problem, cause);
        this.file = String.valueOf(file);
        this.record = record;
        this.problem = problem;
    }

    /** The file, as given. */
    public String file() {
        return file;
    }

    /** Where in the file, or {@code null} when the problem is with the file as a whole. */
    public String record() {
        return record;
    }

    /** What is wrong, without the file and record. */
    public String problem() {
        return problem;
    }
}
