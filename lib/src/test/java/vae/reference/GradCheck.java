package vae.reference;

import java.util.function.DoubleSupplier;

/** Central finite differences in double, and the error measure the gradient tests use. */
public final class GradCheck {
    private GradCheck() {}

    /** (f(v + h) - f(v - h)) / 2h for entry i of {@code values} (restored afterwards). */
    public static double centralDifference(double[] values, int i, double h, DoubleSupplier f) {
        double saved = values[i];
        values[i] = saved + h;
        double plus = f.getAsDouble();
        values[i] = saved - h;
        double minus = f.getAsDouble();
        values[i] = saved;
        return (plus - minus) / (2 * h);
    }

    /**
     * |a - n| / max(|a|, |n|, floor): relative error, turning absolute (times 1/floor) for
     * gradients smaller than floor, where a relative error means nothing.
     */
    public static double error(double analytic, double numeric, double floor) {
        return Math.abs(analytic - numeric) / Math.max(floor, Math.max(Math.abs(analytic), Math.abs(numeric)));
    }
}
