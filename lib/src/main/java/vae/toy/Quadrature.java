package vae.toy;

import java.util.function.DoubleUnaryOperator;
import vae.prob.LogSumExp;

/**
 * One-dimensional integrals of densities given in log space, by the trapezoid rule on a
 * uniform grid with step halving:
 * <pre>
 *   log int_lo^hi exp(f(z)) dz  ~  log( h * sum_i c_i exp(f(z_i)) ),  c_i = 1/2 at the ends, else 1
 * </pre>
 * computed with log-sum-exp so nothing underflows. For a smooth integrand that is negligible at
 * both ends (a Gaussian prior times a smooth likelihood on [-12, 12]) the trapezoid rule converges
 * faster than any power of h, so the change between the last two refinements is a conservative
 * bound on the error; the grid is halved until that change is below the requested tolerance.
 */
public final class Quadrature {
    private Quadrature() {}

    /** The default latent range [-12, 12]: the N(0, 1) prior puts less than 4e-33 of its mass outside. */
    public static final double DEFAULT_HALF_WIDTH = 12.0;
    /** Default absolute tolerance on the log of the integral. */
    public static final double DEFAULT_TOLERANCE = 1e-10;
    private static final int START_INTERVALS = 256;
    private static final int MAX_INTERVALS = 1 << 21;

    /**
     * The result: {@code logValue = log int exp(f)}, {@code errorEstimate} = |change| at the last
     * halving (in log units, i.e. relative error of the integral), and the final grid with the
     * values f(z_i) there.
     */
    public static final class Result {
        private final double logValue;
        private final double errorEstimate;
        private final double[] grid;
        private final double[] logIntegrand;

        Result(double logValue, double errorEstimate, double[] grid, double[] logIntegrand) {
            this.logValue = logValue;
            this.errorEstimate = errorEstimate;
            this.grid = grid;
            this.logIntegrand = logIntegrand;
        }

        /** {@code log int exp(f(z)) dz}. */
        public double logValue() {
            return logValue;
        }

        /** |difference| between the last two refinements, in log units. */
        public double errorEstimate() {
            return errorEstimate;
        }

        /** Number of grid points of the final rule. */
        public int points() {
            return grid.length;
        }

        /** A copy of the grid z_i. */
        public double[] grid() {
            return grid.clone();
        }

        /** A copy of the values f(z_i). */
        public double[] logIntegrand() {
            return logIntegrand.clone();
        }

        /** The normalised density {@code exp(f(z_i) - logValue)} on the grid (a posterior when f = log p(x, z)). */
        public double[] normalisedDensity() {
            double[] p = new double[grid.length];
            for (int i = 0; i < p.length; i++) p[i] = StrictMath.exp(logIntegrand[i] - logValue);
            return p;
        }

        @Override
        public String toString() {
            return String.format("Quadrature.Result(logValue=%.12g, errorEstimate=%.2g, points=%d, range=[%.3g, %.3g])",
                    logValue, errorEstimate, grid.length, grid[0], grid[grid.length - 1]);
        }
    }

    /** {@code log int_lo^hi exp(logF(z)) dz} to the default tolerance 1e-10 (absolute, in log units). */
    public static Result logIntegral(DoubleUnaryOperator logF, double lo, double hi) {
        return logIntegral(logF, lo, hi, DEFAULT_TOLERANCE);
    }

    /**
     * {@code log int_lo^hi exp(logF(z)) dz}, halving the step (from 256 intervals up to 2^21) until
     * two successive results differ by less than {@code tolerance} in log units.
     *
     * @throws IllegalArgumentException for a bad range or tolerance
     * @throws IllegalStateException if logF gives NaN or +infinity, or the integral is zero on the grid
     */
    public static Result logIntegral(DoubleUnaryOperator logF, double lo, double hi, double tolerance) {
        return logIntegral((zs, out) -> {
            for (int i = 0; i < zs.length; i++) out[i] = logF.applyAsDouble(zs[i]);
        }, lo, hi, tolerance);
    }

    /** The log-integrand at many points at once: {@code out[i] = f(zs[i])}. */
    @FunctionalInterface
    public interface LogIntegrand {
        void evaluate(double[] zs, double[] out);
    }

    /**
     * As {@link #logIntegral(DoubleUnaryOperator, double, double, double)}, with the log-integrand
     * evaluated at all of a refinement's new points in one call: an integrand that computes several
     * points in one pass (a decoder's log p(x, z), {@link LatentModel#logJointAt}) saves most of its
     * time. The same points, the same result.
     */
    public static Result logIntegral(LogIntegrand logF, double lo, double hi, double tolerance) {
        if (!(Double.isFinite(lo) && Double.isFinite(hi) && lo < hi))
            throw new IllegalArgumentException("need finite lo < hi, got lo=" + lo + ", hi=" + hi);
        if (!(tolerance > 0)) throw new IllegalArgumentException("tolerance must be positive, got " + tolerance);
        int n = START_INTERVALS;
        double[] f = evaluate(logF, lo, hi, n, null);
        double previous = trapezoid(f, (hi - lo) / n);
        while (true) {
            int m = 2 * n;
            f = evaluate(logF, lo, hi, m, f);
            double current = trapezoid(f, (hi - lo) / m);
            double change = Math.abs(current - previous);
            if (current == Double.NEGATIVE_INFINITY)
                throw new IllegalStateException("the integrand is zero (log -infinity) at all " + (m + 1)
                        + " grid points of [" + lo + ", " + hi + "]");
            if (change < tolerance || m >= MAX_INTERVALS) {
                double[] z = new double[m + 1];
                for (int i = 0; i <= m; i++) z[i] = lo + (hi - lo) * i / m;
                return new Result(current, change, z, f);
            }
            previous = current;
            n = m;
        }
    }

    /** f on the m+1 points of [lo, hi]; reuses the even points from the coarser grid (m/2 intervals) if given. */
    private static double[] evaluate(LogIntegrand logF, double lo, double hi, int m, double[] coarse) {
        double[] f = new double[m + 1];
        int step = coarse == null ? 1 : 2, first = coarse == null ? 0 : 1;    // the new points: all, or the odd ones
        double[] zs = new double[(m - first) / step + 1], values = new double[zs.length];
        for (int k = 0; k < zs.length; k++) zs[k] = lo + (hi - lo) * (first + k * step) / m;
        logF.evaluate(zs, values);
        for (int k = 0; k < zs.length; k++) {
            double v = values[k];
            if (Double.isNaN(v) || v == Double.POSITIVE_INFINITY)
                throw new IllegalStateException("log-integrand is " + v + " at z=" + zs[k]);
            f[first + k * step] = v;
        }
        if (coarse != null) for (int i = 0; i <= m; i += 2) f[i] = coarse[i / 2];
        return f;
    }

    /** {@code log(h * (f_0/2 + f_1 + ... + f_{m-1} + f_m/2))} in log space. */
    private static double trapezoid(double[] logF, double h) {
        double[] t = logF.clone();
        t[0] += StrictMath.log(0.5);
        t[t.length - 1] += StrictMath.log(0.5);
        return LogSumExp.logSumExp(t) + StrictMath.log(h);
    }
}
