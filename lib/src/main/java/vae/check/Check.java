package vae.check;

import java.util.Locale;

/**
 * Comparisons with a stated tolerance for the notebooks' checks.
 * <pre>
 *   System.out.println(Check.close("quadrature against the closed form", exact, quad, 1e-8));
 *   System.out.println(Check.withinStandardErrors("prior Monte Carlo against the closed form", exact, mc, se, 4));
 * </pre>
 * Each method throws {@link CheckFailure} when the comparison fails (a NaN found value always fails), with a
 * message that gives the expected value, the found value and the tolerance; otherwise it returns a one-line
 * report of the same. Bad arguments (a NaN expected value, a negative or NaN tolerance) are
 * {@link IllegalArgumentException}s: they are mistakes in the check, not results.
 */
public final class Check {
    private Check() {}

    /** |found − expected| ≤ tolerance. */
    public static String close(String what, double expected, double found, double tolerance) {
        finite(what, "expected value", expected);
        tolerance(what, tolerance);
        double off = found - expected;
        String line = String.format(Locale.ROOT, "%s: expected %s ± %s, found %s (off by %s)",
                what, num(expected), num(tolerance), num(found), num(off));
        if (!(Math.abs(off) <= tolerance)) throw new CheckFailure("check failed, " + line);
        return line;
    }

    /** |found / expected − 1| ≤ relativeTolerance (expected must not be 0). */
    public static String relativelyClose(String what, double expected, double found, double relativeTolerance) {
        finite(what, "expected value", expected);
        if (expected == 0) throw new IllegalArgumentException(what + ": a relative comparison needs a non-zero expected value, got 0");
        tolerance(what, relativeTolerance);
        double ratio = found / expected;
        String line = String.format(Locale.ROOT, "%s: expected %s within %s %%, found %s (ratio %s)",
                what, num(expected), num(100 * relativeTolerance), num(found), num(ratio));
        if (!(Math.abs(ratio - 1) <= relativeTolerance)) throw new CheckFailure("check failed, " + line);
        return line;
    }

    /**
     * A Monte Carlo estimate against its exact (or independently computed) value: |estimate − expected| ≤ k·se.
     * For a Gaussian error this fails by chance with probability 2(1 − Φ(k)), e.g. 6.3e-5 for k = 4.
     */
    public static String withinStandardErrors(String what, double expected, double estimate, double standardError, double k) {
        finite(what, "expected value", expected);
        tolerance(what, standardError);
        if (!(k > 0)) throw new IllegalArgumentException(what + ": the number of standard errors must be positive, got " + k);
        double off = estimate - expected;
        String line = String.format(Locale.ROOT, "%s: expected %s, found %s ± %s (SE), off by %s = %s SE, tolerance %s SE",
                what, num(expected), num(estimate), num(standardError), num(off), num(off / standardError), num(k));
        if (!(Math.abs(off) <= k * standardError)) throw new CheckFailure("check failed, " + line);
        return line;
    }

    /** found ≤ bound. */
    public static String atMost(String what, double bound, double found) {
        finite(what, "bound", bound);
        String line = String.format(Locale.ROOT, "%s: expected at most %s, found %s", what, num(bound), num(found));
        if (!(found <= bound)) throw new CheckFailure("check failed, " + line);
        return line;
    }

    /** found ≥ bound. */
    public static String atLeast(String what, double bound, double found) {
        finite(what, "bound", bound);
        String line = String.format(Locale.ROOT, "%s: expected at least %s, found %s", what, num(bound), num(found));
        if (!(found >= bound)) throw new CheckFailure("check failed, " + line);
        return line;
    }

    /** Every found[i] within tolerance of expected[i]; reports the largest deviation. */
    public static String allClose(String what, double[] expected, double[] found, double tolerance) {
        if (expected == null || found == null)
            throw new IllegalArgumentException(what + ": expected and found arrays are needed, got "
                    + (expected == null ? "null" : expected.length + " values") + " and " + (found == null ? "null" : found.length + " values"));
        if (expected.length != found.length || expected.length == 0)
            throw new IllegalArgumentException(what + ": expected and found must have the same non-zero length, got "
                    + expected.length + " and " + found.length);
        tolerance(what, tolerance);
        int worst = 0;
        double worstOff = -1;
        for (int i = 0; i < expected.length; i++) {
            finite(what, "expected[" + i + "]", expected[i]);
            double off = Math.abs(found[i] - expected[i]);
            if (Double.isNaN(off)) off = Double.POSITIVE_INFINITY;   // a NaN found value is the worst there is
            if (off > worstOff) { worst = i; worstOff = off; }
        }
        double off = found[worst] - expected[worst];
        String line = String.format(Locale.ROOT, "%s: %d values, each expected within ± %s; the largest deviation is at [%d]: expected %s, found %s (off by %s)",
                what, expected.length, num(tolerance), worst, num(expected[worst]), num(found[worst]), num(off));
        if (!(Math.abs(off) <= tolerance)) throw new CheckFailure("check failed, " + line);
        return line;
    }

    /** Six significant digits (trailing zeros dropped), scientific notation outside [1e-3, 1e6). */
    static String num(double v) {
        if (v == 0) return "0";
        if (!Double.isFinite(v)) return String.valueOf(v);
        double a = Math.abs(v);
        return a >= 1e-3 && a < 1e6 ? String.format(Locale.ROOT, "%.6g", v).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "")
                : String.format(Locale.ROOT, "%.4e", v);
    }

    private static void finite(String what, String name, double v) {
        if (what == null || what.isBlank()) throw new IllegalArgumentException("a check needs a description of what it checks, got " + (what == null ? "null" : "\"\""));
        if (!Double.isFinite(v)) throw new IllegalArgumentException(what + ": the " + name + " must be a finite number, got " + v);
    }

    private static void tolerance(String what, double tolerance) {
        if (!(tolerance >= 0) || Double.isInfinite(tolerance))
            throw new IllegalArgumentException(what + ": the tolerance must be a finite number ≥ 0, got " + tolerance);
    }
}
