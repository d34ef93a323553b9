package dev.vecprop.core.internal;

/** Counts in messages: "1 epoch", "2 epochs". */
public final class Words {

    private Words() {
    }

    /**
     * {@code n} and {@code noun}, with an "s" unless {@code n} is 1: {@code count(1, "epoch")} is "1 epoch",
     * {@code count(0, "byte")} "0 bytes".
     *
     * @param n    the count
     * @param noun the noun in the singular, whose plural adds an "s"
     * @return the count and the noun, separated by a space
     */
    public static String count(long n, String noun) {
        return n + " " + noun(n, noun);
    }

    /**
     * {@code noun} for a count of {@code n}: with an "s" unless {@code n} is 1 ("the lines skipped").
     *
     * @param n    the count
     * @param noun the noun in the singular, whose plural adds an "s"
     * @return the noun, in the plural unless {@code n} is 1
     */
    public static String noun(long n, String noun) {
        return noun + (n == 1 ? "" : "s");
    }
}
