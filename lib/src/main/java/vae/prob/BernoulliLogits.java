package vae.prob;

/**
 * The Bernoulli likelihood parameterised by a logit l (the decoder's output before the sigmoid):
 * {@code p = sigmoid(l) = 1 / (1 + exp(-l))} and
 * <pre>
 *   log p(x | l) = x log sigmoid(l) + (1 - x) log(1 - sigmoid(l)) = x l - softplus(l)
 * </pre>
 * with {@code softplus(l) = log(1 + exp(l)) = max(l, 0) + log1p(exp(-|l|))}, which never
 * overflows: at l = 1e4 it is 1e4 + log1p(0) exactly. For x in [0, 1] (grey levels, as in the
 * reference) this is minus the binary cross-entropy. Its derivative:
 * <pre>
 *   d/dl [-log p(x | l)] = sigmoid(l) - x
 * </pre>
 * Float methods compute in double and round once at the end. exp and log1p are {@link StrictMath}'s,
 * so the results are the same bits on every JVM and CPU.
 */
public final class BernoulliLogits {
    private BernoulliLogits() {}

    /** {@code softplus(l) = log(1 + e^l) = max(l, 0) + log1p(e^-|l|)}, stable for any l. */
    public static double softplus(double l) {
        return Math.max(l, 0.0) + StrictMath.log1p(StrictMath.exp(-Math.abs(l)));
    }

    /** {@code sigmoid(l) = 1 / (1 + e^-l)}, computed from e^-|l| so it never overflows. */
    public static double sigmoid(double l) {
        if (l >= 0) return 1.0 / (1.0 + StrictMath.exp(-l));
        double e = StrictMath.exp(l);
        return e / (1.0 + e);
    }

    /** {@code log p(x | l) = x l - softplus(l)}. */
    public static double logProb(double x, double logit) {
        return x * logit - softplus(logit);
    }

    /** {@code log p(x | l)} in float (computed in double). */
    public static float logProb(float x, float logit) {
        return (float) logProb((double) x, (double) logit);
    }

    /** {@code d/dl [-log p(x | l)] = sigmoid(l) - x}. */
    public static double gradNegLogProb(double x, double logit) {
        return sigmoid(logit) - x;
    }

    /** {@code sigmoid(l) - x} in float (computed in double). */
    public static float gradNegLogProb(float x, float logit) {
        return (float) (sigmoid(logit) - x);
    }

    /**
     * {@code sum_i log p(x_i | l_i)} over i in [from, to), accumulated in double in index order.
     */
    public static double sumLogProb(float[] x, float[] logits, int from, int to) {
        if (x.length != logits.length) {
            throw new IllegalArgumentException("x and logits must have the same length, got "
                    + x.length + " and " + logits.length);
        }
        double s = 0.0;
        for (int i = from; i < to; i++) s += logProb((double) x[i], (double) logits[i]);
        return s;
    }
}
