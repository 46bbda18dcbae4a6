package vae.prob;

/**
 * Effective sample size of importance weights given in log space (Kish):
 * <pre>
 *   ESS = (sum_i w_i)^2 / sum_i w_i^2 = exp( 2 logsumexp(log w) - logsumexp(2 log w) )
 * </pre>
 * N for equal weights, 1 when one weight dominates; never overflows.
 */
public final class EffectiveSampleSize {
    private EffectiveSampleSize() {}

    /**
     * ESS of the weights {@code w_i = exp(logWeights[i])}.
     *
     * @throws IllegalArgumentException if empty, any log-weight is NaN or +infinity, or all are -infinity
     */
    public static double of(double[] logWeights) {
        if (logWeights == null || logWeights.length == 0)
            throw new IllegalArgumentException("ESS needs at least one log-weight, got 0");
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < logWeights.length; i++) {
            double lw = logWeights[i];
            if (Double.isNaN(lw) || lw == Double.POSITIVE_INFINITY)
                throw new IllegalArgumentException("logWeights[" + i + "] must be finite or -infinity, got " + lw);
            max = Math.max(max, lw);
        }
        if (max == Double.NEGATIVE_INFINITY)
            throw new IllegalArgumentException("all " + logWeights.length + " weights are zero (log-weights -infinity)");
        // Shift by the maximum first so that 2 log w cannot overflow (ESS is scale-invariant).
        double[] shifted = new double[logWeights.length];
        double[] twice = new double[logWeights.length];
        for (int i = 0; i < logWeights.length; i++) {
            shifted[i] = logWeights[i] - max;
            twice[i] = 2.0 * shifted[i];
        }
        return StrictMath.exp(2.0 * LogSumExp.logSumExp(shifted) - LogSumExp.logSumExp(twice));
    }

    /** ESS as a fraction of N, in (0, 1]. */
    public static double fraction(double[] logWeights) {
        return of(logWeights) / logWeights.length;
    }

    /** The normalised weights {@code w_i / sum_j w_j}, computed in log space. */
    public static double[] normalisedWeights(double[] logWeights) {
        double lse = LogSumExp.logSumExp(logWeights);
        double[] w = new double[logWeights.length];
        for (int i = 0; i < w.length; i++) w[i] = StrictMath.exp(logWeights[i] - lse);
        return w;
    }
}
