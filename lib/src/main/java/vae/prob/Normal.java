package vae.prob;

/**
 * The univariate normal distribution N(mean, std^2): log-density, CDF and inverse CDF.
 *
 * <pre>
 *   log N(x; m, s^2) = -1/2 log(2 pi) - log s - (x - m)^2 / (2 s^2)
 *   Phi(x)           = 1/2 erfc(-x / sqrt 2)
 *   Phi^{-1}(p)      = Wichura's algorithm AS241 (PPND16), relative error about 1e-16
 * </pre>
 * All static; for a vector of independent normals see {@link DiagonalGaussian}.
 */
public final class Normal {
    private Normal() {}

    /** {@code log(2 pi)}. */
    public static final double LOG_2PI = StrictMath.log(2.0 * Math.PI);

    /** {@code log N(x; mean, std^2) = -1/2 log(2 pi) - log std - (x - mean)^2 / (2 std^2)}. */
    public static double logDensity(double x, double mean, double std) {
        ArgumentChecks.positive("std", std);
        double u = (x - mean) / std;
        return -0.5 * LOG_2PI - StrictMath.log(std) - 0.5 * u * u;
    }

    /** The same with the variance given as {@code logVar = log std^2}: {@code -1/2 (log 2pi + logVar + (x-mean)^2 e^{-logVar})}. */
    public static double logDensityLogVar(double x, double mean, double logVar) {
        ArgumentChecks.finite("logVar", logVar);
        return logDensityLogVar(x, mean, logVar, precision(logVar));
    }

    /**
     * The same with the precision {@code e^{-logVar}} given ({@link #precision}), for many x under
     * one Gaussian: the exponential once, not once per x (the same bits as the form above).
     */
    public static double logDensityLogVar(double x, double mean, double logVar, double precision) {
        double d = x - mean;
        return -0.5 * (LOG_2PI + logVar + d * d * precision);
    }

    /** The precision {@code 1 / std^2 = e^{-logVar}} ({@link StrictMath#exp}: the same bits on any machine). */
    public static double precision(double logVar) {
        return StrictMath.exp(-logVar);
    }

    /**
     * The isotropic Gaussian {@code log N(x; m, s^2 I)} in D dimensions, from the squared distance
     * {@code r^2 = ||x - m||^2}:
     * <pre>
     *   log N(x; m, s^2 I) = -D/2 (log(2 pi) + 2 log s) - r^2 / (2 s^2)
     * </pre>
     * The likelihood of the toy models' Gaussian decoders ({@code p(x|z) = N(f(z), s^2 I)}); D may
     * count several independent vectors at once (a batch: their r^2 and D add).
     */
    public static double logDensityIsotropic(double squaredDistance, int dim, double std) {
        ArgumentChecks.positive("std", std);
        return logDensityIsotropicGivenNormaliser(squaredDistance, std, isotropicLogNormaliser(dim, std));
    }

    /**
     * {@link #logDensityIsotropic(double, int, double)} with its first term given, as
     * {@link #isotropicLogNormaliser} computed it: for a caller that evaluates many points with one
     * {@code std} (the quadratures of the toy models, thousands of points per integral), without a
     * logarithm each.
     */
    public static double logDensityIsotropicGivenNormaliser(double squaredDistance, double std, double logNormaliser) {
        return logNormaliser - 0.5 * squaredDistance / (std * std);
    }

    /** {@code -D/2 (log(2 pi) + 2 log s)}, the first term of {@link #logDensityIsotropic(double, int, double)}. */
    public static double isotropicLogNormaliser(int dim, double std) {
        ArgumentChecks.positive("std", std);
        return -0.5 * dim * (LOG_2PI + 2.0 * StrictMath.log(std));
    }

    /** {@link #logDensityIsotropic(double, int, double)} of x around mean (same length, neither modified). */
    public static double logDensityIsotropic(double[] x, double[] mean, double std) {
        ArgumentChecks.length("x", x, mean.length);
        return logDensityIsotropic(squaredDistance(x, mean, 0), x.length, std);
    }

    /**
     * {@code ||x - m||^2} with m = {@code mean[meanFrom, meanFrom + x.length)}, summed over i increasing
     * (the order every isotropic log-density here uses, so a batch of means laid end to end gives the
     * same values as one mean at a time).
     */
    public static double squaredDistance(double[] x, double[] mean, int meanFrom) {
        double r2 = 0.0;
        for (int i = 0; i < x.length; i++) r2 += (x[i] - mean[meanFrom + i]) * (x[i] - mean[meanFrom + i]);
        return r2;
    }

    /** Standard normal {@code log N(x; 0, 1) = -1/2 log(2 pi) - x^2 / 2}. */
    public static double logDensityStandard(double x) {
        return -0.5 * LOG_2PI - 0.5 * x * x;
    }

    /**
     * Standard normal CDF {@code Phi(x) = 1/2 erfc(-x / sqrt 2)}; absolute error about 1e-16, relative about 1e-14
     * (series for small |x|, continued fraction in the tails).
     */
    public static double cdf(double x) {
        if (Double.isNaN(x)) return Double.NaN;
        return 0.5 * erfc(-x / Math.sqrt(2.0));
    }

    /** N(mean, std^2) CDF: {@code Phi((x - mean) / std)}. */
    public static double cdf(double x, double mean, double std) {
        ArgumentChecks.positive("std", std);
        return cdf((x - mean) / std);
    }

    /**
     * Complementary error function {@code erfc(x) = 2/sqrt(pi) int_x^inf e^{-t^2} dt}.
     * For |x| < 2: {@code erf(x) = 2/sqrt(pi) e^{-x^2} sum_n 2^n x^{2n+1} / (1*3*...*(2n+1))}
     * (all terms positive, no cancellation); for x >= 2 the continued fraction
     * {@code erfc(x) = e^{-x^2}/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...))))}.
     */
    public static double erfc(double x) {
        if (Double.isNaN(x)) return Double.NaN;
        if (x < 0) return 2.0 - erfc(-x);
        if (x < 2.0) {
            double term = x, sum = x, x2 = x * x;
            for (int n = 1; n < 200 && term > 1e-17 * sum; n++) {
                term *= 2.0 * x2 / (2 * n + 1);
                sum += term;
            }
            return 1.0 - 2.0 / Math.sqrt(Math.PI) * StrictMath.exp(-x2) * sum;
        }
        if (x > 27.3) return 0.0; // e^{-x^2} underflows
        // Modified Lentz evaluation of the continued fraction x + a1/(x + a2/(x + ...)), a_k = k/2.
        double tiny = 1e-300;
        double f = x, c = x, d = 0.0;
        for (int k = 1; k < 500; k++) {
            double a = k / 2.0;
            d = x + a * d;
            if (d == 0) d = tiny;
            c = x + a / c;
            if (c == 0) c = tiny;
            d = 1.0 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1.0) < 1e-16) break;
        }
        return StrictMath.exp(-x * x) / Math.sqrt(Math.PI) / f;
    }

    // AS241 (Wichura 1988, Applied Statistics 37:477-484), PPND16 coefficients.
    private static final double[] A = {3.3871328727963666080, 1.3314166789178437745e+2, 1.9715909503065514427e+3,
            1.3731693765509461125e+4, 4.5921953931549871457e+4, 6.7265770927008700853e+4, 3.3430575583588128105e+4,
            2.5090809287301226727e+3};
    private static final double[] B = {1.0, 4.2313330701600911252e+1, 6.8718700749205790830e+2,
            5.3941960214247511077e+3, 2.1213794301586595867e+4, 3.9307895800092710610e+4, 2.8729085735721942674e+4,
            5.2264952788528545610e+3};
    private static final double[] C = {1.42343711074968357734, 4.63033784615654529590, 5.76949722146069140550,
            3.64784832476320460504, 1.27045825245236838258, 2.41780725177450611770e-1, 2.27238449892691845833e-2,
            7.74545014278341407640e-4};
    private static final double[] D = {1.0, 2.05319162663775882187, 1.67638483018380384940,
            6.89767334985100004550e-1, 1.48103976427480074590e-1, 1.51986665636164571966e-2,
            5.47593808499534494600e-4, 1.05075007164441684324e-9};
    private static final double[] E = {6.65790464350110377720, 5.46378491116411436990, 1.78482653991729133580,
            2.96560571828504891230e-1, 2.65321895265761230930e-2, 1.24266094738807843860e-3,
            2.71155556874348757815e-5, 2.01033439929228813265e-7};
    private static final double[] F = {1.0, 5.99832206555887937690e-1, 1.36929880922735805310e-1,
            1.48753612908506148525e-2, 7.86869131145613259100e-4, 1.84631831751005468180e-5,
            1.42151175831644588870e-7, 2.04426310338993978564e-15};

    private static double poly(double[] c, double r) {
        double v = 0.0;
        for (int i = c.length - 1; i >= 0; i--) v = v * r + c[i];
        return v;
    }

    /**
     * Standard normal inverse CDF (quantile) {@code Phi^{-1}(p)} by AS241, relative error about
     * 1e-16. {@code p = 0} gives -infinity, {@code p = 1} gives +infinity.
     *
     * @throws IllegalArgumentException if p is NaN or outside [0, 1]
     */
    public static double inverseCdf(double p) {
        if (!(p >= 0.0 && p <= 1.0)) throw new IllegalArgumentException("p must be in [0, 1], got " + p);
        if (p == 0.0) return Double.NEGATIVE_INFINITY;
        if (p == 1.0) return Double.POSITIVE_INFINITY;
        double q = p - 0.5;
        if (Math.abs(q) <= 0.425) {
            double r = 0.180625 - q * q;
            return q * poly(A, r) / poly(B, r);
        }
        double r = q < 0 ? p : 1.0 - p;
        r = Math.sqrt(-StrictMath.log(r));
        double z;
        if (r <= 5.0) {
            r -= 1.6;
            z = poly(C, r) / poly(D, r);
        } else {
            r -= 5.0;
            z = poly(E, r) / poly(F, r);
        }
        return q < 0 ? -z : z;
    }

    /** N(mean, std^2) quantile: {@code mean + std * Phi^{-1}(p)}. */
    public static double inverseCdf(double p, double mean, double std) {
        ArgumentChecks.positive("std", std);
        return mean + std * inverseCdf(p);
    }

    /**
     * A latent grid of n standard-normal quantiles at equally spaced probabilities
     * {@code Phi^{-1}((i + 1/2) / n)}, i = 0..n-1 (as used to lay out decoded images on a grid).
     */
    public static double[] quantileGrid(int n) {
        if (n <= 0) throw new IllegalArgumentException("n must be positive, got " + n);
        double[] z = new double[n];
        for (int i = 0; i < n; i++) z[i] = inverseCdf((i + 0.5) / n);
        return z;
    }
}
