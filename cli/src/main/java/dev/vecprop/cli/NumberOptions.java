package dev.vecprop.cli;

import dev.vecprop.cli.data.CsvReader;
import picocli.CommandLine;

import java.util.Locale;

/**
 * Converters for the options that take a number: the decimal syntax of the data files (an optional sign,
 * digits with an optional point, an optional exponent; {@code nan} and {@code inf}), not Java's, which also
 * takes {@code 0.1f} and {@code 0x1p-3}, and messages that show the value as it was written. A value that a
 * float cannot hold is refused instead of taken as what it rounds to (0 or infinity); the options kept as
 * doubles, fractions all, take the same range.
 */
final class NumberOptions {

    private NumberOptions() {
    }

    /**
     * The value of {@code text}: a number as the data files write one ({@link CsvReader#decimal}), or
     * {@code nan}, {@code inf} and {@code infinity} with an optional sign; else a conversion error.
     */
    static double parse(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        String unsigned = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
        if (unsigned.equals("nan")) {
            return Double.NaN;
        }
        if (unsigned.equals("inf") || unsigned.equals("infinity")) {
            return s.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        CsvReader.Decimal exact = CsvReader.decimal(s);
        if (exact == null) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a number");
        }
        double v = Double.parseDouble(s);
        float f = (float) v;
        // Judged by the number as written: 1e-400 is not 0 although a double reads it so.
        if (Float.isInfinite(f)) {
            throw new CommandLine.TypeConversionException("'" + text + "' is beyond a float's range (a magnitude of "
                    + "at most " + Float.MAX_VALUE + ")");
        }
        if (f == 0 && !exact.digits().isEmpty()) {
            throw new CommandLine.TypeConversionException("'" + text + "' is too near 0 for a float, which would make "
                    + "it 0 (the smallest magnitude above 0 is " + Float.MIN_VALUE + ")");
        }
        return v;
    }

    /** A number a float can hold, kept as a double. */
    static final class DoubleValue implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            return parse(text);
        }
    }

    /** A number a float can hold, as a float. */
    static class FloatValue implements CommandLine.ITypeConverter<Float> {
        @Override
        public Float convert(String text) {
            return (float) parse(text);
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
