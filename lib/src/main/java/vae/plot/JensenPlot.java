package vae.plot;

import java.awt.image.BufferedImage;
import java.util.function.DoubleUnaryOperator;

/**
 * The picture behind Jensen's inequality: a function f on [lo, hi], the chord between
 * (a, f(a)) and (b, f(b)), and the two points of the inequality at the mean of a two-point
 * distribution {@code X = a w.p. 1 - t, b w.p. t}:
 * <pre>
 *   f(E[X]) = f((1-t) a + t b)   on the curve
 *   E[f(X)] = (1-t) f(a) + t f(b) on the chord
 * </pre>
 * For the concave log the curve lies above the chord: {@code log E[X] >= E[log X]}.
 */
public final class JensenPlot {
    private JensenPlot() {}

    /**
     * Renders f, the chord from a to b and the points f(E[X]) and E[f(X)] at weight t in [0, 1].
     *
     * @param fName the curve's legend name, e.g. "log x"
     */
    public static BufferedImage of(String title, String fName, DoubleUnaryOperator f, double lo, double hi, double a, double b, double t) {
        if (!(lo < hi)) throw new IllegalArgumentException("need lo < hi, got " + lo + ", " + hi);
        if (!(a >= lo && a <= hi && b >= lo && b <= hi)) throw new IllegalArgumentException("a=" + a + " and b=" + b + " must lie in [" + lo + ", " + hi + "]");
        if (!(t >= 0 && t <= 1)) throw new IllegalArgumentException("t must be in [0, 1], got " + t);
        int n = 400;
        double[] x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = lo + (hi - lo) * i / (n - 1);
            y[i] = f.applyAsDouble(x[i]);
        }
        double mean = (1 - t) * a + t * b;
        double fMean = f.applyAsDouble(mean);
        double meanF = (1 - t) * f.applyAsDouble(a) + t * f.applyAsDouble(b);
        return LinePlot.create(title, "x", "f(x)")
                .series(fName, x, y)
                .dashedSeries("chord", new double[] {a, b}, new double[] {f.applyAsDouble(a), f.applyAsDouble(b)})
                .points(String.format("f(E[X]) = %.3f", fMean), new double[] {mean}, new double[] {fMean})
                .points(String.format("E[f(X)] = %.3f", meanF), new double[] {mean}, new double[] {meanF})
                .legend(org.knowm.xchart.style.Styler.LegendPosition.InsideSE)
                .image();
    }
}
