package dev.vecprop.cli.data;

/** Text from a file or an argument, made safe to quote in a one-line message. */
public final class Text {

    private Text() {
    }

    /** The longest quoted text kept whole; a longer one is cut to {@value #CUT} characters and "...". */
    private static final int MAX = 40;
    private static final int CUT = 37;

    /**
     * {@code s} with control characters, line separators and unpaired surrogates written as {@code \n},
     * {@code \r}, {@code \t} or {@code \\uXXXX}, so that a message stays one line whatever the file holds;
     * when that is longer than 40 characters, its first 37 (never half an escape or of a surrogate pair)
     * and "...". The limit counts the written characters, so a name of control characters, each written
     * as six, is cut as short as any other.
     */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder(MAX + 3);
        int cut = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String piece;
            if (c == '\n') {
                piece = "\\n";
            } else if (c == '\r') {
                piece = "\\r";
            } else if (c == '\t') {
                piece = "\\t";
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                piece = s.substring(i, i + 2);
                i++;
            } else if (Character.isISOControl(c) || Character.isSurrogate(c) || c == '\u2028' || c == '\u2029') {
                piece = String.format("\\u%04X", (int) c);
            } else {
                piece = String.valueOf(c);
            }
            if (b.length() + piece.length() > MAX) {
                b.setLength(cut);
                return b.append("...").toString();
            }
            b.append(piece);
            if (b.length() <= CUT) {
                cut = b.length();
            }
        }
        return b.toString();
    }
}
