package vae.prob;

import java.util.Arrays;

/**
 * A Gaussian with diagonal covariance, {@code N(mu, diag(sigma^2))}, in double precision;
 * immutable. Stored as mean and log-variance (the encoder's outputs in a VAE).
 *
 * <pre>
 *   sample:   z = mu + sigma * eps,  eps ~ N(0, I)          (the reparameterisation)
 *   log q(z)  = -d/2 log(2 pi) - sum_j log sigma_j - 1/2 sum_j ((z_j - mu_j) / sigma_j)^2
 *   H[q]      = d/2 (1 + log(2 pi)) + sum_j log sigma_j
 * </pre>
 * Factories copy their inputs: {@link #ofMeanLogVar}, {@link #ofMeanStd}, {@link #standard}.
 */
public final class DiagonalGaussian implements Distribution {
    private final double[] mean;
    private final double[] logVar;
    private final double[] std;

    private DiagonalGaussian(double[] mean, double[] logVar) {
        this.mean = mean;
        this.logVar = logVar;
        this.std = new double[mean.length];
        for (int j = 0; j < std.length; j++) std[j] = StrictMath.exp(0.5 * logVar[j]);
    }

    /** {@code N(mean, diag(exp(logVar)))}; inputs are copied and must be finite and of equal length. */
    public static DiagonalGaussian ofMeanLogVar(double[] mean, double[] logVar) {
        if (mean == null || mean.length == 0) throw new IllegalArgumentException("mean must have at least one value");
        ArgumentChecks.length("logVar", logVar, mean.length);
        ArgumentChecks.finite("mean", mean);
        ArgumentChecks.finite("logVar", logVar);
        return new DiagonalGaussian(mean.clone(), logVar.clone());
    }

    /** {@code N(mean, diag(std^2))}; std must be positive and finite. Inputs are copied. */
    public static DiagonalGaussian ofMeanStd(double[] mean, double[] std) {
        if (mean == null || mean.length == 0) throw new IllegalArgumentException("mean must have at least one value");
        ArgumentChecks.length("std", std, mean.length);
        ArgumentChecks.finite("mean", mean);
        double[] logVar = new double[std.length];
        for (int j = 0; j < std.length; j++) {
            ArgumentChecks.positive("std[" + j + "]", std[j]);
            logVar[j] = 2.0 * StrictMath.log(std[j]);
        }
        return new DiagonalGaussian(mean.clone(), logVar);
    }

    /** {@code N(mean, diag(variance))}; variance must be positive and finite. Inputs are copied. */
    public static DiagonalGaussian ofMeanVariance(double[] mean, double[] variance) {
        if (mean == null || mean.length == 0) throw new IllegalArgumentException("mean must have at least one value");
        ArgumentChecks.length("variance", variance, mean.length);
        double[] logVar = new double[variance.length];
        for (int j = 0; j < variance.length; j++) {
            ArgumentChecks.positive("variance[" + j + "]", variance[j]);
            logVar[j] = StrictMath.log(variance[j]);
        }
        ArgumentChecks.finite("mean", mean);
        return new DiagonalGaussian(mean.clone(), logVar);
    }

    /** The 1-D Gaussian N(mean, std^2). */
    public static DiagonalGaussian of1D(double mean, double std) {
        return ofMeanStd(new double[] {mean}, new double[] {std});
    }

    /** The standard normal N(0, I_d). */
    public static DiagonalGaussian standard(int d) {
        if (d <= 0) throw new IllegalArgumentException("dimension must be positive, got " + d);
        return new DiagonalGaussian(new double[d], new double[d]);
    }

    @Override
    public int dim() {
        return mean.length;
    }

    /** A copy of the mean mu. */
    public double[] mean() {
        return mean.clone();
    }

    /** A copy of the log-variances {@code log sigma_j^2}. */
    public double[] logVar() {
        return logVar.clone();
    }

    /** A copy of the standard deviations sigma_j. */
    public double[] std() {
        return std.clone();
    }

    /** A copy of the log standard deviations {@code log sigma_j = logVar_j / 2}. */
    public double[] logStd() {
        double[] out = new double[logVar.length];
        for (int j = 0; j < out.length; j++) out[j] = 0.5 * logVar[j];
        return out;
    }

    /** A copy of the variances sigma_j^2. */
    public double[] variance() {
        double[] out = new double[std.length];
        for (int j = 0; j < out.length; j++) out[j] = std[j] * std[j];
        return out;
    }

    /** mu_j. */
    public double mean(int j) {
        return mean[j];
    }

    /** sigma_j. */
    public double std(int j) {
        return std[j];
    }

    /** z = mu + sigma * eps with eps ~ N(0, I) drawn from rng. */
    @Override
    public double[] sample(Rng rng) {
        double[] z = new double[mean.length];
        for (int j = 0; j < z.length; j++) z[j] = Reparameterisation.sample(mean[j], std[j], rng.nextGaussian());
        return z;
    }

    /** The reparameterisation {@code z = mu + sigma * eps} for a given eps (not modified). */
    public double[] reparameterize(double[] eps) {
        ArgumentChecks.length("eps", eps, mean.length);
        double[] z = new double[mean.length];
        for (int j = 0; j < z.length; j++) z[j] = Reparameterisation.sample(mean[j], std[j], eps[j]);
        return z;
    }

    /** {@code log q(z) = sum_j [-1/2 log(2 pi) - log sigma_j - 1/2 ((z_j - mu_j)/sigma_j)^2]}. */
    @Override
    public double logDensity(double[] z) {
        ArgumentChecks.length("z", z, mean.length);
        double s = 0.0;
        for (int j = 0; j < z.length; j++) {
            double u = (z[j] - mean[j]) / std[j];
            s += -0.5 * Normal.LOG_2PI - 0.5 * logVar[j] - 0.5 * u * u;
        }
        return s;
    }

    /** Differential entropy {@code H[q] = d/2 (1 + log(2 pi)) + 1/2 sum_j logVar_j}. */
    public double entropy() {
        double s = 0.5 * mean.length * (1.0 + Normal.LOG_2PI);
        for (double lv : logVar) s += 0.5 * lv;
        return s;
    }

    /** The same distribution as a full-covariance {@link MultivariateGaussian}. */
    public MultivariateGaussian toMultivariate() {
        double[][] cov = new double[mean.length][mean.length];
        for (int j = 0; j < mean.length; j++) cov[j][j] = std[j] * std[j];
        return MultivariateGaussian.of(mean, cov);
    }

    @Override
    public String toString() {
        return "DiagonalGaussian(dim=" + mean.length + ", mean=" + ArgumentChecks.format(mean) + ", std=" + ArgumentChecks.format(std) + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DiagonalGaussian g && Arrays.equals(mean, g.mean) && Arrays.equals(logVar, g.logVar);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(logVar);
    }
}
