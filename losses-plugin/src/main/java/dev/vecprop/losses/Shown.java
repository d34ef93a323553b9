package dev.vecprop.losses;

/** Numbers in messages as their writer wrote them. */
final class Shown {

    private Shown() {
    }

    /**
     * {@code v} in Java's shortest form of the float it is, when it is one: a target read as the float 1.4
     * reaches a loss as the double 1.399999976158142, which no data file holds.
     *
     * @param v a value
     * @return the shortest decimal that reads back to {@code v} as a float if {@code v} is a float, else as a double
     */
    static String value(double v) {
        float f = (float) v;
        return f == v ? Float.toString(f) : Double.toString(v);
    }
}
