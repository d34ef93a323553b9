package dev.vecprop.core.internal.data;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Quoting text from files in one-line messages: escaped, and short however it is escaped. */
class TextTest {

    @Test
    void aCsvFieldIsQuotedOnlyWhenItMustBe() {
        assertEquals("setosa", Text.csvField("setosa"));
        assertEquals("with space", Text.csvField("with space"));
        assertEquals("\"5\"\" bolt\"", Text.csvField("5\" bolt"));
        assertEquals("\"\"\"set osa\"", Text.csvField("\"set osa"));
        assertEquals("\"a,b\"", Text.csvField("a,b"));
        assertEquals("\"a\nb\"", Text.csvField("a\nb"));
        assertEquals("\"a\rb\"", Text.csvField("a\rb"));
    }

    @Test
    void aShellWordIsQuotedOnlyWhenItMustBe() {
        assertEquals("petal_width", Text.shellWord("petal_width"));
        assertEquals("id,date:2024/01=x@1%+-.", Text.shellWord("id,date:2024/01=x@1%+-."));
        assertEquals("'Unnamed: 0'", Text.shellWord("Unnamed: 0"));
        assertEquals("'it'\\''s'", Text.shellWord("it's"), "a single quote ends the quotes, is escaped, and reopens them");
        assertEquals("'$HOME'", Text.shellWord("$HOME"));
        assertEquals("'caf\u00e9'", Text.shellWord("caf\u00e9"), "letters beyond ASCII are quoted, as some shells split them");
        assertEquals("''", Text.shellWord(""));
    }

    @Test
    void aColumnWordIsNullWhereAnOptionWouldNotFindTheColumnByIt() {
        assertEquals("species", Text.columnWord("species", false));
        assertEquals("'a b'", Text.columnWord("a b", true));
        assertEquals("a,b", Text.columnWord("a,b", false), "--label takes a comma");
        assertNull(Text.columnWord("a,b", true), "--drop and --targets split at commas");
        assertNull(Text.columnWord(" a", false), "option values are trimmed");
        assertNull(Text.columnWord("", false));
        assertNull(Text.columnWord("a\tb", false), "a control character cannot be shown as it is");
        assertNull(Text.columnWord("x".repeat(41), false), "a message would cut it");
        assertEquals("x".repeat(40), Text.columnWord("x".repeat(40), false));
        assertNull(Text.columnWord("-q", false), "the command line would read an option");
        assertNull(Text.columnWord("@ids", true), "the command line would read a file of arguments");
        assertEquals("a-b@c", Text.columnWord("a-b@c", false));
    }

    @Test
    void shortTextIsKeptAndControlCharactersAreEscaped() {
        assertEquals("species", Text.quote("species"));
        assertEquals("a\\tb\\nc\\u0000", Text.quote("a\tb\nc\0"));
        assertEquals("x".repeat(40), Text.quote("x".repeat(40)));
    }

    @Test
    void charactersThatPrintAsNothingOrAsAPlainSpaceAreEscaped() {
        assertEquals("a\\u200B", Text.quote("a\u200B"), "zero-width space");
        assertEquals("a\\u00A0b", Text.quote("a\u00A0b"), "no-break space");
        assertEquals("a b\\u2028", Text.quote("a b\u2028"), "a plain space stays");
        assertEquals("a\\uDB40\\uDC41", Text.quote("a\uDB40\uDC41"), "a supplementary format character (tag A)");
        assertEquals("a\uD83D\uDE00", Text.quote("a\uD83D\uDE00"), "a visible supplementary character stays");
        assertEquals("back\\slash", Text.quote("back\\slash"), "a backslash is kept, so escaping twice changes nothing");
    }

    @Test
    void longTextIsCutTo37CharactersAndAnEllipsis() {
        assertEquals("x".repeat(37) + "...", Text.quote("x".repeat(41)));
        assertEquals("x".repeat(37) + "...", Text.quote("x".repeat(100_000)));
    }

    @Test
    void theLimitCountsEscapesAsWritten() {
        // Six NULs are 36 written characters; a seventh would pass 37, so the cut falls before it.
        assertEquals("\\u0000".repeat(6) + "...", Text.quote("\0".repeat(7)));
        assertEquals("\\u0000".repeat(6) + "...", Text.quote("\0".repeat(10_000)));
        assertEquals("ab" + "\\u0001".repeat(6), Text.quote("ab" + "\u0001".repeat(6)));
    }

    @Test
    void aSurrogatePairIsNeverCut() {
        String pair = "\uD83D\uDE00";
        assertEquals("x".repeat(36) + "...", Text.quote("x".repeat(36) + pair + "y".repeat(10)));
        assertEquals("x".repeat(35) + pair + "...", Text.quote("x".repeat(35) + pair + "y".repeat(10)));
    }
}
