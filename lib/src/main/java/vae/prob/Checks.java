package vae.prob;

/** Argument checks shared by this package; messages carry the shapes and values. */
final class Checks {
    private Checks() {}

    static void length(String what, double[] a, int expected) {
        if (a == null) throw new IllegalArgumentException(what + " is null, expected " + expected + " values");
        if (a.length != expected)
            throw new IllegalArgumentException(what + ": expected " + expected + " values, got " + a.length);
    }

    static void finite(String what, double[] a) {
        for (int i = 0; i < a.length; i++)
            if (!Double.isFinite(a[i]))
                throw new IllegalArgumentException(what + "[" + i + "] must be finite, got " + a[i]);
    }

    static void finite(String what, double v) {
        if (!Double.isFinite(v)) throw new IllegalArgumentException(what + " must be finite, got " + v);
    }

    static void positive(String what, double v) {
        if (!(v > 0) || v == Double.POSITIVE_INFINITY)
            throw new IllegalArgumentException(what + " must be positive and finite, got " + v);
    }

    static double[][] square(String what, double[][] m) {
        if (m == null || m.length == 0) throw new IllegalArgumentException(what + " must be a non-empty square matrix");
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

    static String format(double[] a) {
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
