package vae.prob;

/**
 * A full-covariance Gaussian {@code N(mu, Sigma)} for small dimensions, via the Cholesky factor
 * {@code Sigma = L L^T}; immutable, inputs copied.
 *
 * <pre>
 *   sample:  z = mu + L eps,  eps ~ N(0, I)
 *   log N(z; mu, Sigma) = -d/2 log(2 pi) - 1/2 log det Sigma - 1/2 (z - mu)^T Sigma^{-1} (z - mu)
 *   H = d/2 (1 + log(2 pi)) + 1/2 log det Sigma
 * </pre>
 */
public final class MultivariateGaussian implements Distribution {
    private final double[] mean;
    private final double[][] cov;
    private final Cholesky chol;

    private MultivariateGaussian(double[] mean, double[][] cov, Cholesky chol) {
        this.mean = mean;
        this.cov = cov;
        this.chol = chol;
    }

    /**
     * {@code N(mean, cov)}; both copied. cov must be d x d, symmetric and positive definite.
     *
     * @throws IllegalArgumentException naming the shapes when they disagree
     */
    public static MultivariateGaussian of(double[] mean, double[][] cov) {
        if (mean == null || mean.length == 0) throw new IllegalArgumentException("mean must have at least one value");
        ArgumentChecks.finite("mean", mean);
        if (cov == null || cov.length != mean.length)
            throw new IllegalArgumentException("cov: expected " + mean.length + "x" + mean.length + " for a mean of length "
                    + mean.length + ", got " + (cov == null ? "null" : cov.length + " rows"));
        double[][] c = ArgumentChecks.square("cov", cov);
        return new MultivariateGaussian(mean.clone(), c, Cholesky.of(c));
    }

    /** The standard normal N(0, I_d). */
    public static MultivariateGaussian standard(int d) {
        if (d <= 0) throw new IllegalArgumentException("dimension must be positive, got " + d);
        double[][] id = new double[d][d];
        for (int i = 0; i < d; i++) id[i][i] = 1.0;
        return of(new double[d], id);
    }

    @Override
    public int dim() {
        return mean.length;
    }

    /** A copy of the mean. */
    public double[] mean() {
        return mean.clone();
    }

    /** A copy of the covariance matrix. */
    public double[][] covariance() {
        double[][] out = new double[cov.length][];
        for (int i = 0; i < cov.length; i++) out[i] = cov[i].clone();
        return out;
    }

    /** The marginal standard deviations {@code sqrt(Sigma_jj)}. */
    public double[] marginalStd() {
        double[] s = new double[cov.length];
        for (int j = 0; j < s.length; j++) s[j] = Math.sqrt(cov[j][j]);
        return s;
    }

    /** The Cholesky factorisation of the covariance. */
    public Cholesky cholesky() {
        return chol;
    }

    /** {@code log det Sigma}. */
    public double logDetCovariance() {
        return chol.logDet();
    }

    /** z = mu + L eps, eps ~ N(0, I). */
    @Override
    public double[] sample(Rng rng) {
        double[] eps = rng.gaussians(mean.length);
        double[] le = chol.multiplyLower(eps);
        for (int j = 0; j < le.length; j++) le[j] += mean[j];
        return le;
    }

    /** {@code log N(z; mu, Sigma) = -d/2 log(2 pi) - 1/2 log det Sigma - 1/2 ||L^{-1}(z - mu)||^2}. */
    @Override
    public double logDensity(double[] z) {
        ArgumentChecks.length("z", z, mean.length);
        double[] d = new double[z.length];
        for (int j = 0; j < d.length; j++) d[j] = z[j] - mean[j];
        return -0.5 * mean.length * Normal.LOG_2PI - 0.5 * chol.logDet() - 0.5 * chol.quadraticForm(d);
    }

    /** Differential entropy {@code H = d/2 (1 + log(2 pi)) + 1/2 log det Sigma}. */
    public double entropy() {
        return 0.5 * mean.length * (1.0 + Normal.LOG_2PI) + 0.5 * chol.logDet();
    }

    /** The diagonal Gaussian with the same mean and marginal variances (drops correlations). */
    public DiagonalGaussian diagonal() {
        return DiagonalGaussian.ofMeanStd(mean, marginalStd());
    }

    @Override
    public String toString() {
        return "MultivariateGaussian(dim=" + mean.length + ", mean=" + ArgumentChecks.format(mean) + ", marginalStd="
                + ArgumentChecks.format(marginalStd()) + ")";
    }
}
