package dev.vecprop.core;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class InvalidFileExceptionTest {

    @Test
    void theMessageIsFileRecordAndProblem() {
        InvalidFileException e = new InvalidFileException(Path.of("train.csv"), "line 17", "63 values; the header has 65");
        assertEquals("train.csv: line 17: 63 values; the header has 65", e.getMessage());
        InvalidFileException whole = new InvalidFileException(Path.of("m.vpm"), null, "not a model");
        assertEquals("m.vpm: not a model", whole.getMessage());
        assertNull(whole.record());
    }

    @Test
    void lineBreaksAndControlCharactersInTheNameOrProblemAreEscapedInTheMessageOnly() {
        Path odd = Path.of("two\nlines\u2028.csv");
        InvalidFileException e = new InvalidFileException(odd, "line 2", "label 'a\tb\u0000' \\n stays");
        assertEquals("two\\nlines\\u2028.csv: line 2: label 'a\\tb\\u0000' \\n stays", e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        assertEquals(odd.toString(), e.file());
        assertEquals("label 'a\tb\u0000' \\n stays", e.problem());
    }
}
