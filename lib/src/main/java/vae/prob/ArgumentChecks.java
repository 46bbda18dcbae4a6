package vae.prob;

/**
 * The library's argument checks (used by {@code vae.prob} and {@code vae.toy}): each throws an
 * {@link IllegalArgumentException} whose message names the argument and says what was expected
 * and what was found.
 */
public final class ArgumentChecks {
    private ArgumentChecks() {}

    public static void length(String what, double[] a, int expected) {
        if (a == null) throw new IllegalArgumentException(what + " is null, expected " + expected + " values");
        if (a.length != expected)
            throw new IllegalArgumentException(what + ": expected " + expected + " values, got " + a.length);
    }

    public static void finite(String what, double[] a) {
        for (int i = 0; i < a.length; i++)
            if (!Double.isFinite(a[i]))
                throw new IllegalArgumentException(what + "[" + i + "] must be finite, got " + a[i]);
    }

    public static void finite(String what, double v) {
        if (!Double.isFinite(v)) throw new IllegalArgumentException(what + " must be finite, got " + v);
    }

    public static void atLeast(String what, int v, int min) {
        if (v < min) throw new IllegalArgumentException(what + " must be >= " + min + ", got " + v);
    }

    public static void positive(String what, double v) {
        if (!(v > 0) || v == Double.POSITIVE_INFINITY)
            throw new IllegalArgumentException(what + " must be positive and finite, got " + v);
    }

    public static double[][] square(String what, double[][] m) {
        if (m == null) throw new IllegalArgumentException(what + " is null, expected a non-empty square matrix");
        if (m.length == 0) throw new IllegalArgumentException(what + " has 0 rows, expected a non-empty square matrix");
        int n = m.length;
        double[][] copy = new double[n][];
        for (int i = 0; i < n; i++) {
            if (m[i] == null || m[i].length != n)
                throw new IllegalArgumentException(what + ": expected a " + n + "x" + n + " matrix, row " + i + " has "
                        + (m[i] == null ? "null" : m[i].length + " columns"));
            copy[i] = m[i].clone();
            finite(what + "[" + i + "]", copy[i]);
        }
        return copy;
    }

    public static String format(double[] a) {
        StringBuilder sb = new StringBuilder("[");
        int shown = Math.min(a.length, 6);
        for (int i = 0; i < shown; i++) {
            if (i > 0) sb.append(", ");
            sb.append(String.format("%.4g", a[i]));
        }
        if (a.length > shown) sb.append(", ... (").append(a.length).append(" values)");
        return sb.append("]").toString();
    }
}
