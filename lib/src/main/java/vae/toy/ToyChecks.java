package vae.toy;

/** Argument checks for this package; messages carry shapes and values. */
final class ToyChecks {
    private ToyChecks() {}

    static void length(String what, double[] a, int expected) {
        if (a == null) throw new IllegalArgumentException(what + " is null, expected " + expected + " values");
        if (a.length != expected)
            throw new IllegalArgumentException(what + ": expected " + expected + " values, got " + a.length);
    }

    static void finite(String what, double[] a) {
        for (int i = 0; i < a.length; i++)
            if (!Double.isFinite(a[i])) throw new IllegalArgumentException(what + "[" + i + "] must be finite, got " + a[i]);
    }

    static void positive(String what, double v) {
        if (!(v > 0) || v == Double.POSITIVE_INFINITY)
            throw new IllegalArgumentException(what + " must be positive and finite, got " + v);
    }

    static void atLeast(String what, int v, int min) {
        if (v < min) throw new IllegalArgumentException(what + " must be >= " + min + ", got " + v);
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
