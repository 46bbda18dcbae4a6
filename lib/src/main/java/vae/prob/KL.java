package vae.prob;

/**
 * Closed-form Kullback-Leibler divergences {@code KL(q || p) = E_q[log q(z) - log p(z)]}
 * between Gaussians, in nats. Always >= 0, and 0 exactly when q = p.
 */
public final class KL {
    private KL() {}

    /**
     * KL between diagonal Gaussians, summed over dimensions:
     * {@code KL = 1/2 sum_j [ log(s_pj^2 / s_qj^2) + (s_qj^2 + (mu_qj - mu_pj)^2) / s_pj^2 - 1 ]}.
     */
    public static double diagonal(DiagonalGaussian q, DiagonalGaussian p) {
        sameDim(q.dim(), p.dim());
        double[] mq = q.mean(), mp = p.mean(), lvq = q.logVar(), lvp = p.logVar();
        double s = 0.0;
        for (int j = 0; j < mq.length; j++) {
            double d = mq[j] - mp[j];
            s += lvp[j] - lvq[j] + (Math.exp(lvq[j]) + d * d) * Math.exp(-lvp[j]) - 1.0;
        }
        return 0.5 * s;
    }

    /**
     * KL of a diagonal Gaussian from the standard normal prior (Kingma and Welling 2014, appendix B):
     * {@code KL(q || N(0, I)) = -1/2 sum_j (1 + log sigma_j^2 - mu_j^2 - sigma_j^2)}.
     */
    public static double toStandardNormal(DiagonalGaussian q) {
        double[] mu = q.mean(), lv = q.logVar();
        double s = 0.0;
        for (int j = 0; j < mu.length; j++) s += 1.0 + lv[j] - mu[j] * mu[j] - Math.exp(lv[j]);
        return -0.5 * s;
    }

    /** The same formula from the arrays a VAE encoder outputs: mean and log-variance. */
    public static double toStandardNormal(double[] mean, double[] logVar) {
        Checks.length("logVar", logVar, mean.length);
        double s = 0.0;
        for (int j = 0; j < mean.length; j++) s += 1.0 + logVar[j] - mean[j] * mean[j] - Math.exp(logVar[j]);
        return -0.5 * s;
    }

    /**
     * KL between full-covariance Gaussians:
     * {@code KL = 1/2 [ tr(S_p^{-1} S_q) + (mu_p - mu_q)^T S_p^{-1} (mu_p - mu_q) - d + log det S_p - log det S_q ]}.
     */
    public static double full(MultivariateGaussian q, MultivariateGaussian p) {
        sameDim(q.dim(), p.dim());
        int d = q.dim();
        Cholesky lp = p.cholesky();
        double[][] lq = q.cholesky().lower();
        // tr(S_p^{-1} S_q) = ||L_p^{-1} L_q||_F^2, column by column of L_q.
        double trace = 0.0;
        for (int c = 0; c < d; c++) {
            double[] col = new double[d];
            for (int r = 0; r < d; r++) col[r] = lq[r][c];
            trace += lp.quadraticForm(col);
        }
        double[] mq = q.mean(), mp = p.mean();
        double[] diff = new double[d];
        for (int j = 0; j < d; j++) diff[j] = mp[j] - mq[j];
        double maha = lp.quadraticForm(diff);
        return 0.5 * (trace + maha - d + lp.logDet() - q.logDetCovariance());
    }

    /** KL of a diagonal q from a full-covariance p (e.g. a mean-field q against an exact posterior p(z|x)). */
    public static double diagonalToFull(DiagonalGaussian q, MultivariateGaussian p) {
        return full(q.toMultivariate(), p);
    }

    private static void sameDim(int dq, int dp) {
        if (dq != dp) throw new IllegalArgumentException("KL needs equal dimensions, got q of dim " + dq + " and p of dim " + dp);
    }
}
