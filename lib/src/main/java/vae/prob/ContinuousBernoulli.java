package vae.prob;

/**
 * The continuous Bernoulli distribution (Loaiza-Ganem and Cunningham, 2019): the density on
 * [0, 1] proportional to the Bernoulli formula,
 * <pre>
 *   p(x | lambda) = C(lambda) lambda^x (1 - lambda)^(1 - x),      0 &lt;= x &lt;= 1,
 *   log C(lambda) = log( 2 atanh(1 - 2 lambda) / (1 - 2 lambda) ),  with the limit C(1/2) = 2,
 * </pre>
 * so that {@code integral_0^1 p(x | lambda) dx = 1}. It is what a Bernoulli decoder's formula
 * becomes when it is made a density for grey levels: {@code log p(x | lambda)} is the Bernoulli
 * "log-likelihood" {@link BernoulliLogits#logProb} plus {@code log C(lambda)}, always positive
 * (C &gt;= 2), which the grey-level protocol leaves out.
 *
 * <p>With the decoder's logit l, {@code lambda = sigmoid(l)} and {@code 1 - 2 lambda = -tanh(l / 2)},
 * {@code atanh(1 - 2 lambda) = -l / 2}, so the same constant reads {@code C = l / tanh(l / 2)}:
 * {@link #logNormaliserOfLogit} computes it that way, which stays exact where lambda rounds to 0
 * or 1 (|l| &gt; 37 in double).
 */
public final class ContinuousBernoulli {
    private ContinuousBernoulli() {}

    /** Below this |1 - 2 lambda| (or |l| / 2) the series replaces the ratio (its next term is below 1e-17). */
    private static final double SERIES_BELOW = 1e-4;

    /**
     * {@code log C(lambda) = log(2 atanh(1 - 2 lambda) / (1 - 2 lambda))} for lambda in (0, 1), with
     * {@code atanh(u) / u = 1 + u^2 / 3 + ...} near lambda = 1/2 (so {@code log C(1/2) = log 2}).
     */
    public static double logNormaliser(double lambda) {
        if (!(lambda > 0 && lambda < 1)) throw new IllegalArgumentException("lambda must be in (0, 1), got " + lambda);
        double u = 1 - 2 * lambda;
        if (Math.abs(u) < SERIES_BELOW) return StrictMath.log(2) + StrictMath.log1p(u * u / 3);
        double atanh = 0.5 * (StrictMath.log1p(-lambda) - StrictMath.log(lambda));   // atanh(u) = 1/2 log((1 + u) / (1 - u)) = 1/2 log((1 - lambda) / lambda)
        return StrictMath.log(2 * atanh / u);
    }

    /**
     * The same constant from the logit {@code l} ({@code lambda = sigmoid(l)}): {@code log(l / tanh(l / 2))},
     * with {@code l / tanh(l / 2) = 2 (1 + l^2 / 12 + ...)} near l = 0. Any finite l.
     */
    public static double logNormaliserOfLogit(double logit) {
        ArgumentChecks.finite("logit", logit);
        double a = Math.abs(logit);
        if (a / 2 < SERIES_BELOW) return StrictMath.log(2) + StrictMath.log1p(logit * logit / 12);
        return StrictMath.log(a / StrictMath.tanh(a / 2));   // even in l: l / tanh(l / 2) = |l| / tanh(|l| / 2)
    }

    /** {@code log p(x | sigmoid(l)) = x l - softplus(l) + log C}: the Bernoulli formula made a density on [0, 1]. */
    public static double logDensity(double x, double logit) {
        return BernoulliLogits.logProb(x, logit) + logNormaliserOfLogit(logit);
    }

    /** {@code sum_i log C(sigmoid(l_i))} over i in [from, to), in double in index order. */
    public static double sumLogNormaliser(float[] logits, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) s += logNormaliserOfLogit(logits[i]);
        return s;
    }
}
