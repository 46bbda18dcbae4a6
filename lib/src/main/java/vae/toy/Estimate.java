package vae.toy;

import vae.prob.EffectiveSampleSize;

/**
 * An estimate of a log-quantity (log p(x), an ELBO, a bound) with its standard error and the
 * log-weights {@code log w_i = log p(x, z_i) - log q(z_i)} it was computed from, so a notebook can
 * plot their histogram. Immutable; arrays are copied in and out.
 */
public final class Estimate {
    private final String method;
    private final double value;
    private final double standardError;
    private final double[] logWeights;
    private final double[] replicates;

    /**
     * @param method        a short description, e.g. "importance sampling, N=1000"
     * @param value         the estimate
     * @param standardError its standard error (0 when exact)
     * @param logWeights    the log importance weights used (may be empty)
     * @param replicates    independent replicate values whose mean is {@code value} (may be empty)
     */
    public Estimate(String method, double value, double standardError, double[] logWeights, double[] replicates) {
        this.method = method;
        this.value = value;
        this.standardError = standardError;
        this.logWeights = logWeights.clone();
        this.replicates = replicates.clone();
    }

    /** An exact value (standard error 0, no weights). */
    public static Estimate exact(String method, double value) {
        return new Estimate(method, value, 0.0, new double[0], new double[0]);
    }

    public String method() {
        return method;
    }

    public double value() {
        return value;
    }

    public double standardError() {
        return standardError;
    }

    /** A copy of the log-weights. */
    public double[] logWeights() {
        return logWeights.clone();
    }

    /** A copy of the replicate values (for the K-sample bound: one per repeat). */
    public double[] replicates() {
        return replicates.clone();
    }

    /** Number of log-weights. */
    public int sampleCount() {
        return logWeights.length;
    }

    /** Effective sample size {@code (sum w)^2 / sum w^2} of the log-weights (NaN if there are none). */
    public double ess() {
        return logWeights.length == 0 ? Double.NaN : EffectiveSampleSize.of(logWeights);
    }

    @Override
    public String toString() {
        String s = String.format("%s: %.6f +- %.6f", method, value, standardError);
        if (logWeights.length > 0) s += String.format(" (N=%d, ESS=%.1f)", logWeights.length, ess());
        return s;
    }
}
