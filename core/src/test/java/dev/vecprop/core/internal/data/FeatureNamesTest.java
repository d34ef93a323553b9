package dev.vecprop.core.internal.data;

import dev.vecprop.core.InvalidFileException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Samples.checkFeatureNames: which headers pass against a model's names, and what the refusal says. */
class FeatureNamesTest {

    private static final String END = " (columns are matched by position, after any label column is taken out)";

    private static Samples named(int headerLine, String... names) {
        return new Samples(Path.of("d.csv"), "line", new int[]{2}, names.length, List.of(names), headerLine,
                new float[names.length], null, null, null, null, List.of(), -1, -1, null);
    }

    private static String refusal(Samples s, String... expected) {
        return assertThrows(InvalidFileException.class, () -> s.checkFeatureNames(List.of(expected), "the model"))
                .getMessage();
    }

    @Test
    void theSameNamesInTheSameOrderPassAndSoDoesEitherSideWithoutNames() {
        assertDoesNotThrow(() -> named(1, "a", "b").checkFeatureNames(List.of("a", "b"), "the model"));
        assertDoesNotThrow(() -> named(0, "0", "1").checkFeatureNames(List.of("a", "b"), "the model"));
        assertDoesNotThrow(() -> named(1, "b", "a").checkFeatureNames(List.of(), "the model"));
    }

    @Test
    void eachKindOfDifferenceIsNamedAtTheFirstFeatureThatDiffers() {
        assertEquals("d.csv: line 3: feature 2 is 'c' where the model has 'b': the data has the model's features in "
                + "another order" + END, refusal(named(3, "a", "c", "b"), "a", "b", "c"));
        assertEquals("d.csv: line 1: feature 2 is 'b' where the model has 'a': the features differ" + END,
                refusal(named(1, "a", "b", "b"), "a", "a", "b"), "the same set, other counts: not a reordering");
        assertEquals("d.csv: line 1: feature 1 is 'z' where the model has 'a': the model has no feature 'z'" + END,
                refusal(named(1, "z", "b"), "a", "b"));
    }

    @Test
    void namesThatLookAlikeInTheMessageAreToldApart() {
        String x = "x".repeat(40);
        assertEquals("d.csv: line 1: feature 1 is '" + "x".repeat(37) + "...' where the model has '" + "x".repeat(37)
                        + "...': the model has no feature '" + "x".repeat(37) + "...', the names differing from "
                        + "character 42" + END,
                refusal(named(1, x + "_left"), x + "_right"));
        assertEquals("d.csv: line 1: feature 1 is 'a\\u200B' where the model has 'a': the model has no feature "
                + "'a\\u200B'" + END, refusal(named(1, "a\u200B"), "a"));
    }
}
