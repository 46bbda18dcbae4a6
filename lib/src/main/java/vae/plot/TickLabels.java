package vae.plot;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.function.Function;

/**
 * How the axes' tick values are written: round numbers with a leading zero ({@code 0.05}, not
 * {@code .05}), no digits beyond what separates the ticks (float noise such as
 * {@code 0.30000000000000004} is rounded off), {@code 1e6} style beyond 10^5 or below 10^-3, and on
 * an integer axis (epochs, dimensions, K) labels only at whole numbers.
 * <p>
 * XChart places the ticks at multiples of a step 1, 2 or 5 x 10^n (its general tick calculator);
 * this class only writes them, given the span of the axis, so that a multiple of the step needs
 * at most a few significant digits.
 */
final class TickLabels {
    private TickLabels() {}

    /** Digits kept below the span's leading digit: a step is at least span / 100, so 4 are enough to write it. */
    private static final int DIGITS_BELOW_SPAN = 4;

    /** A formatter for an axis spanning {@code span} (max - min of the values shown); {@code integer} hides non-integer ticks. */
    static Function<Double, String> formatter(double span, boolean integer) {
        return v -> integer ? integerLabel(v) : label(v, span);
    }

    /** A tick value written for an axis of the given span. */
    static String label(double v, double span) {
        if (!Double.isFinite(v)) return String.valueOf(v);
        double scale = span > 0 && Double.isFinite(span) ? span : Math.max(Math.abs(v), 1);
        int spanExp = (int) Math.floor(StrictMath.log10(scale));
        double resolution = StrictMath.pow(10, spanExp - DIGITS_BELOW_SPAN);
        if (Math.abs(v) < resolution / 2) return "0";
        int valueExp = (int) Math.floor(StrictMath.log10(Math.abs(v)));
        int significant = Math.max(1, valueExp - (spanExp - DIGITS_BELOW_SPAN));
        BigDecimal b = new BigDecimal(v).round(new MathContext(significant)).stripTrailingZeros();
        double a = Math.abs(v);
        if (a >= 1e5 || a < 1e-3) {
            String s = String.format("%." + Math.max(0, b.precision() - 1) + "e", b.doubleValue());
            // 2.50e+06 -> 2.5e6
            String mantissa = s.substring(0, s.indexOf('e')), exp = s.substring(s.indexOf('e') + 1);
            if (mantissa.contains(".")) mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
            return mantissa + "e" + Integer.parseInt(exp);
        }
        return b.toPlainString();
    }

    /** The label of an integer axis: the whole number, or nothing between whole numbers. */
    static String integerLabel(double v) {
        long r = Math.round(v);
        return Math.abs(v - r) < 1e-9 * Math.max(1, Math.abs(v)) ? Long.toString(r) : "";
    }

    /** True if every value is a whole number (within 1e-9), so the axis counts something. */
    static boolean allIntegers(Iterable<double[]> values) {
        boolean any = false;
        for (double[] vs : values)
            for (double v : vs) {
                if (!Double.isFinite(v) || Math.abs(v - Math.rint(v)) > 1e-9 * Math.max(1, Math.abs(v))) return false;
                any = true;
            }
        return any;
    }
}
