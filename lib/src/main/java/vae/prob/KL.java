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
            s += lvp[j] - lvq[j] + (StrictMath.exp(lvq[j]) + d * d) * StrictMath.exp(-lvp[j]) - 1.0;
        }
        return 0.5 * s;
    }

    /**
     * KL of a diagonal Gaussian from the standard normal prior (Kingma and Welling 2014, appendix B):
     * {@code KL(q || N(0, I)) = -1/2 sum_j (1 + log sigma_j^2 - mu_j^2 - sigma_j^2)}.
     */
    public static double toStandardNormal(DiagonalGaussian q) {
        return toStandardNormal(q.mean(), q.logVar());
    }

    /** The same formula from the arrays a VAE encoder outputs: mean and log-variance. */
    public static double toStandardNormal(double[] mean, double[] logVar) {
        ArgumentChecks.length("logVar", logVar, mean.length);
        double s = 0.0;
        for (int j = 0; j < mean.length; j++) s += toStandardNormalTerm(mean[j], logVar[j], StrictMath.exp(logVar[j]));
        return -0.5 * s;
    }

    /**
     * The same formula over elements [from, to) of a float encoder output (one row of a batch,
     * or one dimension of one image), summed in double in index order:
     * {@code -1/2 sum_j (1 + logVar_j - mean_j^2 - exp(logVar_j))}. Nothing is modified.
     */
    public static double toStandardNormal(float[] mean, float[] logVar, int from, int to) {
        double s = 0.0;
        for (int c = from; c < to; c += Reparameterisation.CHUNK) {
            int n = Math.min(Reparameterisation.CHUNK, to - c);
            double[] variance = Reparameterisation.exps(logVar, c, 1.0, n);          // StrictMath.exp(logVar[j]), j = c + i
            for (int i = 0; i < n; i++) s += toStandardNormalTerm(mean[c + i], logVar[c + i], variance[i]);
        }
        return -0.5 * s;
    }

    /** One dimension's {@code 1 + logVar - mean^2 - exp(logVar)}: the KL is -1/2 times the sum of these. */
    private static double toStandardNormalTerm(double mean, double logVar, double expLogVar) {
        return 1.0 + logVar - mean * mean - expLogVar;
    }

    /**
     * Adds {@code weight} times the gradient of {@link #toStandardNormal KL(N(mean, e^logVar) || N(0, I))}
     * to {@code dMean} and {@code dLogVar} (both modified) over the first {@code len} elements:
     * <pre>
     *   d KL / d mean_j   = mean_j
     *   d KL / d logVar_j = (exp(logVar_j) - 1) / 2,   exp(logVar_j) taken as sigma_j^2, sigma_j = exp(logVar_j / 2)
     * </pre>
     * in float (sigma as {@link Reparameterisation#std} rounds it, so the sample and the KL see one sigma).
     */
    public static void addGradToStandardNormal(float weight, float[] mean, float[] logVar, float[] dMean, float[] dLogVar,
                                               int len) {
        addGradToStandardNormal(weight, mean, logVar, dMean, dLogVar, 0, len);
    }

    /** {@link #addGradToStandardNormal(float, float[], float[], float[], float[], int)} over the elements [from, to) only (a block of rows, for one thread). */
    public static void addGradToStandardNormal(float weight, float[] mean, float[] logVar, float[] dMean, float[] dLogVar,
                                               int from, int to) {
        for (int c = from; c < to; c += Reparameterisation.CHUNK) {
            int n = Math.min(Reparameterisation.CHUNK, to - c);
            double[] exps = Reparameterisation.exps(logVar, c, 0.5, n);              // (float) exps[i - c]: std(logVar[i])
            for (int i = c; i < c + n; i++) {
                float sigma = (float) exps[i - c];
                dMean[i] += weight * mean[i];
                dLogVar[i] += weight * 0.5f * (sigma * sigma - 1f);
            }
        }
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
