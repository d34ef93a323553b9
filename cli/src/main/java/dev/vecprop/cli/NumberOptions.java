package dev.vecprop.cli;

import dev.vecprop.core.internal.data.CsvReader;
import dev.vecprop.core.internal.data.Text;
import picocli.CommandLine;

import java.util.Locale;

/**
 * Converters for the options that take a number: the decimal syntax of the data files (an optional sign,
 * digits with an optional point, an optional exponent; {@code nan} and {@code inf}), not Java's, which also
 * takes {@code 0.1f} and {@code 0x1p-3}, and messages that show the value as it was written. A value that its
 * type cannot hold is refused instead of taken as what it rounds to (0 or infinity).
 */
final class NumberOptions {

    private NumberOptions() {
    }

    /**
     * {@code text} stripped and in lower case when it is a number as the data files write one
     * ({@link CsvReader#isNumber}), or {@code nan}, {@code inf} or {@code infinity} with an optional sign, in the
     * form Java's parsers read; else a conversion error.
     */
    private static String number(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (!CsvReader.isNumber(s)) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a number");
        }
        String unsigned = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
        return unsigned.equals("nan") ? "NaN"
                : unsigned.equals("inf") || unsigned.equals("infinity") ? (s.startsWith("-") ? "-" : "") + "Infinity"
                : s;
    }

    /** Whether the number {@code s} (as {@link #number} gives it) is written with a digit other than 0. */
    private static boolean nonzero(String s) {
        int e = s.indexOf('e');
        return (e < 0 ? s : s.substring(0, e)).chars().anyMatch(c -> c >= '1' && c <= '9');
    }

    /** A number judged as written: refused when the type would make it 0 or infinite. */
    private static CommandLine.TypeConversionException outOfRange(String text, boolean tooLarge, String type,
                                                                  double largest, String smallest) {
        return new CommandLine.TypeConversionException(tooLarge
                ? Text.beyondRange("'" + text + "'", type, largest)
                : "'" + text + "' is too near 0 for a " + type + ", which would make it 0 (the smallest magnitude "
                + "above 0 is " + smallest + ")");
    }

    /** The float nearest {@code text}, as the data files' reader takes it ({@link Float#parseFloat}). */
    static float toFloat(String text) {
        String s = number(text);
        float f = Float.parseFloat(s);
        if (Float.isInfinite(f) && !s.endsWith("Infinity") || f == 0 && nonzero(s)) {
            throw outOfRange(text, f != 0, "float", Float.MAX_VALUE, Float.toString(Float.MIN_VALUE));
        }
        return f == 0 ? 0f : f;   // -0 is 0, as the run's header shows it
    }

    /** The double nearest {@code text}. */
    static double toDouble(String text) {
        String s = number(text);
        double v = Double.parseDouble(s);
        if (Double.isInfinite(v) && !s.endsWith("Infinity") || v == 0 && nonzero(s)) {
            throw outOfRange(text, v != 0, "double", Double.MAX_VALUE, Double.toString(Double.MIN_VALUE));
        }
        return v == 0 ? 0.0 : v;
    }

    /** A number kept as a double. */
    static class DoubleValue implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            return toDouble(text);
        }
    }

    /** A number kept as a float. */
    static class FloatValue implements CommandLine.ITypeConverter<Float> {
        @Override
        public Float convert(String text) {
            return toFloat(text);
        }
    }

    private static final CsvReader.Decimal ONE = CsvReader.decimal("1");

    /**
     * A refusal of {@code text} when it is below 1 as written and {@code rounded}, its value in the option's
     * type, is 1: an option that takes values below 1 only would otherwise say "not 1" of what was not written 1.
     */
    private static void refuseIfRoundedToOne(String text, double rounded, String type, String largestBelow) {
        CsvReader.Decimal exact = CsvReader.decimal(text);
        if (rounded == 1 && exact != null && exact.compareTo(ONE) < 0) {
            throw new CommandLine.TypeConversionException("'" + text + "' is below 1 but a " + type + " rounds it to 1; "
                    + "the largest " + type + " below 1 is " + largestBelow);
        }
    }

    /** A momentum: as a float, and refused when a value below 1 would round to 1, which no momentum may be. */
    static final class Momentum extends FloatValue {
        @Override
        public Float convert(String text) {
            float f = super.convert(text);
            refuseIfRoundedToOne(text, f, "float", Float.toString(Math.nextDown(1f)));
            return f;
        }
    }

    /** A fraction below 1 (a test split): as a double, and refused when a value below 1 would round to 1. */
    static final class BelowOne extends DoubleValue {
        @Override
        public Double convert(String text) {
            double v = super.convert(text);
            refuseIfRoundedToOne(text, v, "double", Double.toString(Math.nextDown(1.0)));
            return v;
        }
    }
}
