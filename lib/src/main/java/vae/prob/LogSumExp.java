package vae.prob;

/**
 * Log-sum-exp and log-mean-exp, computed stably by factoring out the maximum:
 * {@code log sum_i exp(a_i) = m + log sum_i exp(a_i - m)} with {@code m = max_i a_i},
 * so no term overflows and at least one term is exactly 1.
 */
public final class LogSumExp {
    private LogSumExp() {}

    /** {@code log sum_i exp(a[from..to))}; -infinity for an empty range or all -infinity. */
    public static double logSumExp(double[] a, int from, int to) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
            if (Double.isNaN(a[i])) return Double.NaN;
            if (a[i] > max) max = a[i];
        }
        if (max == Double.NEGATIVE_INFINITY) return Double.NEGATIVE_INFINITY;
        if (max == Double.POSITIVE_INFINITY) return Double.POSITIVE_INFINITY;
        double sum = 0.0;
        for (int i = from; i < to; i++) sum += StrictMath.exp(a[i] - max);
        return max + StrictMath.log(sum);
    }

    /** {@code log sum_i exp(a_i)} over the whole array. */
    public static double logSumExp(double... a) {
        return logSumExp(a, 0, a.length);
    }

    /** {@code log (1/n) sum_i exp(a_i)}: the log of a mean of weights given in log space. */
    public static double logMeanExp(double... a) {
        if (a.length == 0) throw new IllegalArgumentException("logMeanExp needs at least one value, got 0");
        return logSumExp(a) - StrictMath.log(a.length);
    }
}
