package dev.vecprop.core.internal;

/**
 * Text made safe for a one-line message: control characters, line separators, unpaired surrogates and
 * characters that print as nothing or as a plain space (format characters such as U+200B, spaces other than
 * U+0020 such as U+00A0) are written as {@code \n}, {@code \r}, {@code \t} or {@code \\uXXXX}, so that two
 * names that differ do not look the same. Error messages quote file names, column names and labels taken from
 * files, any of which may hold a line break.
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
            out.append(c).append(s.charAt(i + 1));
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
