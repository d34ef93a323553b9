package dev.vecprop.cli;

import picocli.CommandLine;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Converters for the options that take a number: the decimal syntax of the data files (an optional sign,
 * digits with an optional point, an optional exponent; {@code nan} and {@code inf}), not Java's, which also
 * takes {@code 0.1f} and {@code 0x1p-3}, and messages that show the value as it was written. A float option
 * refuses a value that a float cannot hold instead of taking what it rounds to (0 or infinity).
 */
final class NumberOptions {

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private NumberOptions() {
    }

    /** The value of {@code text}, or a conversion error saying it is not a number. */
    static double parse(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        String unsigned = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
        if (unsigned.equals("nan")) {
            return Double.NaN;
        }
        if (unsigned.equals("inf") || unsigned.equals("infinity")) {
            return s.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (!DECIMAL.matcher(s).matches()) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a number");
        }
        return Double.parseDouble(s);
    }

    /** A number kept as a double. */
    static final class DoubleValue implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            return parse(text);
        }
    }

    /** A number kept as a float, refused when it is beyond a float's range or so small it would be 0. */
    static class FloatValue implements CommandLine.ITypeConverter<Float> {
        @Override
        public Float convert(String text) {
            double v = parse(text);
            float f = (float) v;
            if (Double.isFinite(v) && Float.isInfinite(f)) {
                throw new CommandLine.TypeConversionException("'" + text + "' is beyond the largest float, "
                        + Float.MAX_VALUE);
            }
            if (v != 0 && f == 0) {
                throw new CommandLine.TypeConversionException("'" + text + "' is below the smallest float above 0, "
                        + Float.MIN_VALUE + ", and would be 0");
            }
            return f;
        }
    }

    /** A momentum: as a float, and refused when a value below 1 would round to 1, which no momentum may be. */
    static final class Momentum extends FloatValue {
        @Override
        public Float convert(String text) {
            float f = super.convert(text);
            if (f == 1f && parse(text) < 1) {
                throw new CommandLine.TypeConversionException("'" + text + "' is below 1 but a float rounds it to 1; "
                        + "the largest float below 1 is " + Math.nextDown(1f));
            }
            return f;
        }
    }
}
