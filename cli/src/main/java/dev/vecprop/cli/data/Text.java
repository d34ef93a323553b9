package dev.vecprop.cli.data;

/** Text from a file or an argument, made safe to quote in a one-line message. */
final class Text {

    private Text() {
    }

    /**
     * {@code s} cut to its first 37 characters and "..." when longer than 40, with control characters, line
     * separators and unpaired surrogates written as {@code \n}, {@code \r}, {@code \t} or {@code \\uXXXX}: a
     * message stays one line whatever the file holds.
     */
    static String quote(String s) {
        int end = s.length();
        String tail = "";
        if (end > 40) {
            end = Character.isHighSurrogate(s.charAt(36)) ? 36 : 37;
            tail = "...";
        }
        StringBuilder b = new StringBuilder(end + 8);
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c == '\t') {
                b.append("\\t");
            } else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(c).append(s.charAt(++i));
            } else if (Character.isISOControl(c) || Character.isSurrogate(c) || c == '\u2028' || c == '\u2029') {
                b.append(String.format("\\u%04X", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append(tail).toString();
    }
}
