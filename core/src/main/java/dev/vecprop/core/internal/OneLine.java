package dev.vecprop.core.internal;

/**
 * Text made safe for a one-line message: control characters, line separators, unpaired surrogates and
 * characters that print as nothing or as a plain space (format characters such as U+200B, spaces other than
 * U+0020 such as U+00A0; supplementary ones such as the tag characters too) are written as {@code \n},
 * {@code \r}, {@code \t} or {@code \\uXXXX}, so that a message stays one line and no invisible character
 * hides in a name. Error messages quote file names, column names and labels taken from files, any of which may
 * hold a line break. A backslash is kept as it is, so that escaping a message twice changes nothing; a name
 * that holds a backslash and an {@code n} therefore reads like one that held a line break.
 */
public final class OneLine {

    private OneLine() {
    }

    /**
     * {@code s} with every character that would break a line, or print as nothing, escaped; other text,
     * backslashes included, is kept as it is, so escaping an escaped text changes nothing.
     *
     * @param s any text
     * @return the text, escaped
     */
    public static String of(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            i = append(s, i, b);
        }
        return b.toString();
    }

    /**
     * Appends the character of {@code s} at {@code i}, escaped, to {@code out}; a surrogate pair is appended
     * whole.
     *
     * @return the index of the next character
     */
    public static int append(String s, int i, StringBuilder out) {
        char c = s.charAt(i);
        if (c == '\n') {
            out.append("\\n");
        } else if (c == '\r') {
            out.append("\\r");
        } else if (c == '\t') {
            out.append("\\t");
        } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            char low = s.charAt(i + 1);
            if (Character.getType(Character.toCodePoint(c, low)) == Character.FORMAT) {
                out.append(String.format("\\u%04X\\u%04X", (int) c, (int) low));
            } else {
                out.append(c).append(low);
            }
            return i + 2;
        } else if (Character.isISOControl(c) || Character.isSurrogate(c) || c == '\u2028' || c == '\u2029'
                || Character.getType(c) == Character.FORMAT || Character.isSpaceChar(c) && c != ' ') {
            out.append(String.format("\\u%04X", (int) c));
        } else {
            out.append(c);
        }
        return i + 1;
    }
}
