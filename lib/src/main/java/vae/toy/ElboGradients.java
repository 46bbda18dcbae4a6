package vae.toy;

import vae.eval.SampleMean;
import vae.prob.ArgumentChecks;
import vae.prob.DiagonalGaussian;
import vae.prob.Rng;

/**
 * Monte Carlo gradients of {@code ELBO(q) = E_q[log p(x, z) - log q(z)]} with respect to the
 * parameters of a diagonal Gaussian {@code q = N(mu, diag(sigma^2))}, taken as (mu, log sigma).
 *
 * <pre>
 * reparameterised (pathwise):  z = mu + sigma * eps,  eps ~ N(0, I),  g = grad_z log p(x, z)
 *   ELBO = E_eps[log p(x, mu + sigma eps)] + H[q],   H[q] = sum_j log sigma_j + const
 *   d/d mu_j        = E[g_j]
 *   d/d log sigma_j = E[g_j sigma_j eps_j] + 1          (the +1 is dH/d log sigma_j, exact)
 *
 * score function (REINFORCE):  f(z) = log p(x, z) - log q(z)
 *   grad = E_q[f(z) grad log q(z)]                      (E_q[grad log q] = 0 absorbs -grad log q)
 *   d/d mu_j        log q = (z_j - mu_j) / sigma_j^2 = eps_j / sigma_j
 *   d/d log sigma_j log q = eps_j^2 - 1
 * </pre>
 * Both are unbiased; the score-function estimator ignores the model's gradient and typically has
 * far larger variance.
 */
public final class ElboGradients {
    private ElboGradients() {}

    /** Which estimator. */
    public enum Estimator {
        /** Pathwise gradient through z = mu + sigma * eps. */
        REPARAMETERIZED,
        /** Score-function / REINFORCE gradient. */
        SCORE_FUNCTION
    }

    /**
     * A gradient estimate with respect to (mu, log sigma): the mean over N samples, its standard
     * error per component, and the per-sample gradients (N rows of 2d: mu first, then log sigma).
     */
    public static final class GradientEstimate {
        private final Estimator estimator;
        private final int d;
        private final double[][] perSample;
        private final double[] mean;
        private final double[] se;

        GradientEstimate(Estimator estimator, int d, double[][] perSample) {
            this.estimator = estimator;
            this.d = d;
            this.perSample = perSample;
            int p = 2 * d;
            mean = new double[p];
            se = new double[p];
            for (int k = 0; k < p; k++) {   // each component's mean and standard error over the N samples
                final int component = k;
                SampleMean m = SampleMean.of(java.util.Arrays.stream(perSample).mapToDouble(row -> row[component]).toArray());
                mean[k] = m.mean();
                se[k] = m.standardError();
            }
        }

        public Estimator estimator() {
            return estimator;
        }

        /** Number of samples N. */
        public int sampleCount() {
            return perSample.length;
        }

        /** The estimate of dELBO/dmu (length d). */
        public double[] gradMean() {
            return java.util.Arrays.copyOfRange(mean, 0, d);
        }

        /** The estimate of dELBO/dlog sigma (length d). */
        public double[] gradLogStd() {
            return java.util.Arrays.copyOfRange(mean, d, 2 * d);
        }

        /** Both, concatenated: (dmu, dlog sigma), length 2d. */
        public double[] gradient() {
            return mean.clone();
        }

        /** Standard error of each component of {@link #gradient()}: sd / sqrt(N). */
        public double[] standardError() {
            return se.clone();
        }

        /** Per-sample variance of each component of the gradient: {@code N * SE^2}. */
        public double[] perSampleVariance() {
            double[] v = new double[se.length];
            for (int k = 0; k < v.length; k++) v[k] = se[k] * se[k] * perSample.length;
            return v;
        }

        /** A copy of the single-sample gradients, N rows of 2d (for histograms of the estimator). */
        public double[][] perSample() {
            double[][] out = new double[perSample.length][];
            for (int i = 0; i < out.length; i++) out[i] = perSample[i].clone();
            return out;
        }

        @Override
        public String toString() {
            return "GradientEstimate(" + estimator + ", N=" + perSample.length + ", dmu=" + ArgumentChecks.format(gradMean())
                    + ", dlogStd=" + ArgumentChecks.format(gradLogStd()) + ")";
        }
    }

    /** The estimate of the chosen kind. */
    public static GradientEstimate estimate(Estimator estimator, LatentModel model, double[] x, DiagonalGaussian q, int n, Rng rng) {
        return estimator == Estimator.REPARAMETERIZED ? reparameterized(model, x, q, n, rng) : scoreFunction(model, x, q, n, rng);
    }

    /** Reparameterised gradient from N samples (see the class comment). */
    public static GradientEstimate reparameterized(LatentModel model, double[] x, DiagonalGaussian q, int n, Rng rng) {
        int d = check(model, x, q, n);
        double[] sigma = q.std();
        double[][] rows = new double[n][2 * d];
        for (int i = 0; i < n; i++) {
            double[] eps = rng.gaussians(d);
            double[] z = q.reparameterize(eps);               // z = mu + sigma * eps
            double[] g = model.gradLogJointZ(x, z);           // grad_z log p(x, z)
            for (int j = 0; j < d; j++) {
                rows[i][j] = g[j];                            // d/dmu_j
                rows[i][d + j] = g[j] * sigma[j] * eps[j] + 1.0; // d/dlog sigma_j, +1 from the entropy
            }
        }
        return new GradientEstimate(Estimator.REPARAMETERIZED, d, rows);
    }

    /** Score-function (REINFORCE) gradient from N samples (see the class comment). */
    public static GradientEstimate scoreFunction(LatentModel model, double[] x, DiagonalGaussian q, int n, Rng rng) {
        return scoreFunction(model, x, q, n, rng, 0.0);
    }

    /**
     * Score-function gradient with a constant baseline b: {@code (f(z) - b) grad log q(z)}. Since
     * {@code E_q[grad log q] = 0}, any constant b leaves the estimate unbiased; a b near the typical f (e.g. the
     * ELBO) removes the variance that a large mean of f contributes through the zero-mean score.
     */
    public static GradientEstimate scoreFunction(LatentModel model, double[] x, DiagonalGaussian q, int n, Rng rng, double baseline) {
        if (!Double.isFinite(baseline)) throw new IllegalArgumentException("baseline must be finite, got " + baseline);
        int d = check(model, x, q, n);
        double[] sigma = q.std();
        double[][] rows = new double[n][2 * d];
        for (int i = 0; i < n; i++) {
            double[] eps = rng.gaussians(d);
            double[] z = q.reparameterize(eps);
            double f = model.logJoint(x, z) - q.logDensity(z) - baseline;   // f(z) - b, f(z) = log p(x,z) - log q(z)
            for (int j = 0; j < d; j++) {
                rows[i][j] = f * eps[j] / sigma[j];                // f * dlog q / dmu_j
                rows[i][d + j] = f * (eps[j] * eps[j] - 1.0);      // f * dlog q / dlog sigma_j
            }
        }
        return new GradientEstimate(Estimator.SCORE_FUNCTION, d, rows);
    }

    private static int check(LatentModel model, double[] x, DiagonalGaussian q, int n) {
        ArgumentChecks.length("x", x, model.dataDim());
        if (q.dim() != model.latentDim())
            throw new IllegalArgumentException("q must have the latent dimension " + model.latentDim() + ", got " + q.dim());
        ArgumentChecks.atLeast("number of samples N", n, 1);
        return q.dim();
    }
}
