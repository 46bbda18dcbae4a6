package vae.toy;

import vae.eval.SampleMean;

import vae.prob.ArgumentChecks;
import vae.prob.Distribution;
import vae.prob.LogSumExp;
import vae.prob.Rng;

/**
 * Estimators of the marginal likelihood {@code log p(x) = log int p(x, z) dz} and of its lower
 * bounds, all computed in log space with log-sum-exp. With log-weights
 * {@code log w_i = log p(x, z_i) - log q(z_i)}, {@code z_i ~ q}:
 * <pre>
 *   importance sampling  log p(x) ~ log (1/N) sum_i w_i              (q/q trick: p(x) = E_q[p(x,z)/q(z)])
 *   prior Monte Carlo    the same with q = p(z):  log (1/N) sum_i p(x|z_i)
 *   ELBO                 E_q[log w] ~ (1/N) sum_i log w_i             (Jensen: E[log w] <= log E[w])
 *   K-sample bound       L_K = E[ log (1/K) sum_{k=1..K} w_k ],  ELBO = L_1 <= L_K <= L_{K+1} -> log p(x)
 * </pre>
 * Standard errors: for means of log-weights {@code sd / sqrt(N)}; for {@code log} of a mean of
 * weights the delta method {@code sd(w) / (sqrt(N) mean(w))}, which is only trustworthy when the
 * effective sample size is large.
 */
public final class LogMarginalEstimators {
    private LogMarginalEstimators() {}

    /** {@code log w_i = log p(x, z_i) - log q(z_i)} for n draws {@code z_i ~ q}. */
    public static double[] logWeights(LatentModel model, double[] x, Distribution q, int n, Rng rng) {
        checkQ(model, q);
        ArgumentChecks.atLeast("number of samples N", n, 1);
        double[] lw = new double[n];
        for (int i = 0; i < n; i++) {
            double[] z = q.sample(rng);
            lw[i] = model.logJoint(x, z) - q.logDensity(z);
        }
        return lw;
    }

    /** Quadrature for a 1-D latent: {@code log p(x)} to about 1e-10 (the standard error holds the quadrature error estimate). */
    public static Estimate quadrature(LatentModel model, double[] x) {
        if (model.latentDim() != 1)
            throw new IllegalArgumentException("quadrature needs a 1-D latent, got latentDim=" + model.latentDim());
        ArgumentChecks.length("x", x, model.dataDim());
        Quadrature.Result r = Quadrature.logIntegral((zs, out) -> model.logJointAt(x, zs, out),
                -Quadrature.DEFAULT_HALF_WIDTH, Quadrature.DEFAULT_HALF_WIDTH, Quadrature.DEFAULT_TOLERANCE);
        return new Estimate("quadrature, " + r.points() + " points", r.logValue(), r.errorEstimate(), new double[0], new double[0]);
    }

    /** Simple Monte Carlo from the prior: {@code log p(x) ~ log (1/N) sum_i p(x | z_i)}, {@code z_i ~ p(z)}. */
    public static Estimate priorMonteCarlo(LatentModel model, double[] x, int n, Rng rng) {
        double[] lw = logWeights(model, x, model.prior(), n, rng);
        return new Estimate("prior Monte Carlo, N=" + n, LogSumExp.logMeanExp(lw), logMeanSe(lw), lw, new double[0]);
    }

    /** Importance sampling: {@code log p(x) ~ log (1/N) sum_i p(x, z_i) / q(z_i)}, {@code z_i ~ q}. */
    public static Estimate importanceSampling(LatentModel model, double[] x, Distribution q, int n, Rng rng) {
        double[] lw = logWeights(model, x, q, n, rng);
        return new Estimate("importance sampling, N=" + n, LogSumExp.logMeanExp(lw), logMeanSe(lw), lw, new double[0]);
    }

    /** Monte Carlo ELBO: {@code (1/N) sum_i [log p(x, z_i) - log q(z_i)]}, {@code z_i ~ q}; SE = sd / sqrt(N). */
    public static Estimate elbo(LatentModel model, double[] x, Distribution q, int n, Rng rng) {
        double[] lw = logWeights(model, x, q, n, rng);
        SampleMean ms = SampleMean.of(lw);
        return new Estimate("ELBO (Monte Carlo), N=" + n, ms.mean(), ms.standardError(), lw, lw);
    }

    /**
     * The K-sample importance-weighted bound (Burda et al. 2016), averaged over independent repeats:
     * {@code L_K ~ (1/R) sum_r log (1/K) sum_k w_rk}; SE = sd over repeats / sqrt(R). The log-weights
     * of all R*K samples are kept; the R values of the bound are the replicates.
     */
    public static Estimate importanceWeightedBound(LatentModel model, double[] x, Distribution q, int k, int repeats, Rng rng) {
        ArgumentChecks.atLeast("K", k, 1);
        ArgumentChecks.atLeast("repeats", repeats, 1);
        double[] all = new double[k * repeats];
        double[] bounds = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            double[] lw = logWeights(model, x, q, k, rng);
            System.arraycopy(lw, 0, all, r * k, k);
            bounds[r] = LogSumExp.logMeanExp(lw);
        }
        SampleMean ms = SampleMean.of(bounds);
        return new Estimate("importance-weighted bound, K=" + k + ", repeats=" + repeats, ms.mean(), ms.standardError(), all, bounds);
    }

    /** Delta-method SE of {@code log mean(w)}: {@code sd(w) / (sqrt(N) mean(w))}, weights rescaled by their max. */
    static double logMeanSe(double[] lw) {
        if (lw.length < 2) return Double.NaN;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : lw) max = Math.max(max, v);
        if (max == Double.NEGATIVE_INFINITY) return Double.NaN;
        double[] w = new double[lw.length];
        for (int i = 0; i < w.length; i++) w[i] = StrictMath.exp(lw[i] - max);
        SampleMean ms = SampleMean.of(w);
        return ms.standardError() / ms.mean();
    }

    private static void checkQ(LatentModel model, Distribution q) {
        if (q.dim() != model.latentDim())
            throw new IllegalArgumentException("proposal q must have the latent dimension " + model.latentDim() + ", got " + q.dim());
    }
}
