package dev.vecprop.core.internal.data;

import dev.vecprop.core.internal.OneLine;

/** Text from a file or an argument, made safe to quote in a one-line message. */
public final class Text {

    private Text() {
    }

    /** A float as it would be typed, in its own shortest digits: 0.1 rather than 0.10000000149011612. */
    public static String plain(float v) {
        return Float.isFinite(v) ? new java.math.BigDecimal(Float.toString(v)).stripTrailingZeros().toPlainString()
                : Float.toString(v);
    }

    /**
     * "{@code number} is beyond a {@code type}'s range (a magnitude of at most {@code largest})": a number written
     * with digits that the type would make infinite, for a message.
     */
    public static String beyondRange(String number, String type, double largest) {
        return number + " is beyond a " + type + "'s range (a magnitude of at most "
                + (type.equals("float") ? Float.toString((float) largest) : Double.toString(largest)) + ")";
    }

    /** The longest quoted text kept whole; a longer one is cut to {@value #CUT} characters and "...". */
    private static final int MAX = 40;
    private static final int CUT = 37;

    /**
     * {@code items} for a message: "a", "a and b", "a, b and c", or past {@code most} the first {@code most}
     * and how many more ("a, b, c and 5 more").
     *
     * @param items at least one
     */
    public static String list(java.util.List<String> items, int most) {
        return list(items, most, " and ");
    }

    /**
     * As {@link #list(java.util.List, int)}, with {@code last} before the last item when they are {@code most}
     * or fewer (", " for "a, b, c": alternatives), and " and N more" past {@code most} all the same.
     */
    public static String list(java.util.List<String> items, int most, String last) {
        if (items.size() > most) {
            return String.join(", ", items.subList(0, most)) + " and " + (items.size() - most) + " more";
        }
        return items.size() == 1 ? items.getFirst()
                : String.join(", ", items.subList(0, items.size() - 1)) + last + items.getLast();
    }

    /**
     * {@code s} as one word of a POSIX shell's command line: as it is when it holds only letters, digits and
     * {@code _ . , : / = @ % + -}, else in single quotes, each single quote in it written {@code '\''}.
     */
    public static String shellWord(String s) {
        if (!s.isEmpty() && s.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || "_.,:/=@%+-".indexOf(c) >= 0))) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /**
     * The header name {@code name} as a column option's value in a message's hint, as {@link #shellWord} writes it;
     * {@code null} when the option would not find the column by it, or a message could not show it as it is: an
     * empty name, one with spaces at either end (an option's value is trimmed), one that {@link #quote} changes (a
     * control character, or over 40 characters), one that starts with {@code -} or {@code @} (the command line
     * would read an option, or a file of arguments), or with {@code list}, for {@code --drop} or {@code --targets}
     * (split at commas), one with a comma. The caller names the column by its index instead, and checks that the
     * header gives no other column that name.
     */
    public static String columnWord(String name, boolean list) {
        if (name.isEmpty() || !name.strip().equals(name) || !quote(name).equals(name) || list && name.indexOf(',') >= 0
                || name.charAt(0) == '-' || name.charAt(0) == '@') {
            return null;
        }
        return shellWord(name);
    }

    /**
     * {@code s} as one field of a CSV line (RFC 4180): as it is, or, when it holds a comma, a double quote or
     * a line break, in double quotes with each double quote doubled, so that CSV readers read back {@code s}.
     */
    public static String csvField(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return '"' + s.replace("\"", "\"\"") + '"';
            }
        }
        return s;
    }

    /**
     * {@code s} escaped by {@link OneLine#of}, so that a message stays one line whatever the file holds;
     * when that is longer than 40 characters, its first 37 (never half an escape or of a surrogate pair)
     * and "...". The limit counts the written characters, so a name of control characters, each written
     * as six, is cut as short as any other.
     */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder(MAX + 3);
        StringBuilder piece = new StringBuilder(6);
        int cut = 0;
        for (int i = 0; i < s.length(); ) {
            piece.setLength(0);
            i = OneLine.append(s, i, piece);
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

    /**
     * Why a model file cannot hold {@code name} ("70000 bytes, more than a model file holds (65535)"), or null
     * when it can: for the refusals and warnings that come before training, where saving would fail after it.
     */
    public static String tooLongForAModel(String name) {
        int bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        return bytes > dev.vecprop.core.ModelFile.MAX_STRING_BYTES ? bytes + " bytes, more than a model file holds ("
                + dev.vecprop.core.ModelFile.MAX_STRING_BYTES + ")" : null;
    }
}
