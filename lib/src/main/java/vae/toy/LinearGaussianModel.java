package vae.toy;

import vae.prob.ArgumentChecks;
import vae.prob.Cholesky;
import vae.prob.DiagonalGaussian;
import vae.prob.Distribution;
import vae.prob.KL;
import vae.prob.MultivariateGaussian;
import vae.prob.Normal;
import vae.prob.Rng;

/**
 * The linear-Gaussian latent model (probabilistic PCA), where every quantity of the lecture has
 * a closed form:
 * <pre>
 *   z ~ N(0, I_d),   x | z ~ N(W z + b, s^2 I_D)             W is D x d
 *   p(x)     = N(x; b, W W^T + s^2 I_D)                        (the marginal likelihood)
 *   p(z | x) = N(z; m, S),  S = (I + W^T W / s^2)^{-1},  m = S W^T (x - b) / s^2
 *   grad_z log p(x, z) = -z + W^T (x - W z - b) / s^2
 * </pre>
 * and for a Gaussian q(z) = N(mu, Sigma) the ELBO in closed form:
 * <pre>
 *   E_q[log p(x|z)] = -D/2 log(2 pi s^2) - (||x - W mu - b||^2 + tr(W Sigma W^T)) / (2 s^2)
 *   ELBO(q) = E_q[log p(x|z)] - KL(q || p(z))                  (reconstruction - regulariser)
 *   log p(x) = ELBO(q) + KL(q || p(z|x))                       (the identity of the lecture)
 * </pre>
 * Immutable; factories copy their inputs.
 */
public final class LinearGaussianModel implements LatentModel {
    private final double[][] w; // D x d
    private final double[] b;   // D
    private final double s;     // noise standard deviation
    private final int d;
    private final int dataDim;
    private final DiagonalGaussian prior;
    private final MultivariateGaussian marginal;
    private final double[][] posteriorCov; // S = (I + W^T W / s^2)^{-1}, independent of x

    private LinearGaussianModel(double[][] w, double[] b, double s) {
        this.w = w;
        this.b = b;
        this.s = s;
        this.dataDim = w.length;
        this.d = w[0].length;
        this.prior = DiagonalGaussian.standard(d);
        // Marginal covariance W W^T + s^2 I.
        double[][] c = new double[dataDim][dataDim];
        for (int i = 0; i < dataDim; i++)
            for (int j = 0; j < dataDim; j++) {
                double t = 0.0;
                for (int k = 0; k < d; k++) t += w[i][k] * w[j][k];
                c[i][j] = t + (i == j ? s * s : 0.0);
            }
        this.marginal = MultivariateGaussian.of(b, c);
        // Posterior precision I + W^T W / s^2 (independent of x).
        double[][] prec = new double[d][d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) {
                double t = 0.0;
                for (int k = 0; k < dataDim; k++) t += w[k][i] * w[k][j];
                prec[i][j] = t / (s * s) + (i == j ? 1.0 : 0.0);
            }
        this.posteriorCov = Cholesky.of(prec).inverse();
    }

    /**
     * The model with weights W (D rows of d columns), offset b (length D) and noise std s > 0.
     * Inputs are copied.
     */
    public static LinearGaussianModel of(double[][] w, double[] b, double s) {
        if (w == null || w.length == 0 || w[0] == null || w[0].length == 0)
            throw new IllegalArgumentException("W must be a non-empty D x d matrix");
        int dd = w[0].length;
        double[][] wc = new double[w.length][];
        for (int i = 0; i < w.length; i++) {
            if (w[i] == null || w[i].length != dd)
                throw new IllegalArgumentException("W: expected " + w.length + "x" + dd + ", row " + i + " has "
                        + (w[i] == null ? "null" : w[i].length + " columns"));
            wc[i] = w[i].clone();
            ArgumentChecks.finite("W[" + i + "]", wc[i]);
        }
        ArgumentChecks.length("b (one value per row of W)", b, w.length);
        ArgumentChecks.finite("b", b);
        ArgumentChecks.positive("noise std s", s);
        return new LinearGaussianModel(wc, b.clone(), s);
    }

    /** A random model: entries of W and b drawn i.i.d. N(0, 1) from rng. */
    public static LinearGaussianModel random(int d, int dataDim, double s, Rng rng) {
        ArgumentChecks.atLeast("latent dimension d", d, 1);
        ArgumentChecks.atLeast("data dimension D", dataDim, 1);
        double[][] w = new double[dataDim][d];
        for (double[] row : w) rng.fillGaussian(row);
        return of(w, rng.gaussians(dataDim), s);
    }

    /** The scalar model for plots: z ~ N(0, 1), x | z ~ N(w z + b, s^2). */
    public static LinearGaussianModel oneDimensional(double w, double b, double s) {
        return of(new double[][] {{w}}, new double[] {b}, s);
    }

    @Override
    public int latentDim() {
        return d;
    }

    @Override
    public int dataDim() {
        return dataDim;
    }

    @Override
    public Distribution prior() {
        return prior;
    }

    /** A copy of W (D x d). */
    public double[][] weights() {
        double[][] out = new double[dataDim][];
        for (int i = 0; i < dataDim; i++) out[i] = w[i].clone();
        return out;
    }

    /** A copy of b. */
    public double[] offset() {
        return b.clone();
    }

    /** The noise standard deviation s. */
    public double noiseStd() {
        return s;
    }

    /** The mean of p(x | z): {@code W z + b}. */
    public double[] decode(double[] z) {
        ArgumentChecks.length("z", z, d);
        double[] m = new double[dataDim];
        for (int i = 0; i < dataDim; i++) {
            double t = b[i];
            for (int k = 0; k < d; k++) t += w[i][k] * z[k];
            m[i] = t;
        }
        return m;
    }

    /** {@code log p(x|z) = -D/2 log(2 pi s^2) - ||x - W z - b||^2 / (2 s^2)}. */
    @Override
    public double logLikelihood(double[] x, double[] z) {
        ArgumentChecks.length("x", x, dataDim);
        return Normal.logDensityIsotropic(x, decode(z), s);
    }

    /** {@code grad_z log p(x, z) = -z + W^T (x - W z - b) / s^2}. */
    @Override
    public double[] gradLogJointZ(double[] x, double[] z) {
        ArgumentChecks.length("x", x, dataDim);
        double[] m = decode(z);
        double[] g = new double[d];
        for (int k = 0; k < d; k++) {
            double t = 0.0;
            for (int i = 0; i < dataDim; i++) t += w[i][k] * (x[i] - m[i]);
            g[k] = -z[k] + t / (s * s);
        }
        return g;
    }

    @Override
    public Sample sample(Rng rng) {
        double[] z = rng.gaussians(d);
        double[] x = decode(z);
        for (int i = 0; i < dataDim; i++) x[i] += s * rng.nextGaussian();
        return new Sample(z, x);
    }

    /** The marginal p(x) = N(b, W W^T + s^2 I). */
    public MultivariateGaussian marginal() {
        return marginal;
    }

    /** Exact {@code log p(x) = log N(x; b, W W^T + s^2 I)}. */
    public double logMarginal(double[] x) {
        ArgumentChecks.length("x", x, dataDim);
        return marginal.logDensity(x);
    }

    /** The exact posterior {@code p(z|x) = N(S W^T (x - b) / s^2, S)}, {@code S = (I + W^T W / s^2)^{-1}}. */
    public MultivariateGaussian posterior(double[] x) {
        ArgumentChecks.length("x", x, dataDim);
        double[] r = new double[d];
        for (int k = 0; k < d; k++) {
            double t = 0.0;
            for (int i = 0; i < dataDim; i++) t += w[i][k] * (x[i] - b[i]);
            r[k] = t / (s * s);
        }
        double[] m = new double[d];
        for (int k = 0; k < d; k++) {
            double t = 0.0;
            for (int l = 0; l < d; l++) t += posteriorCov[k][l] * r[l];
            m[k] = t;
        }
        return MultivariateGaussian.of(m, posteriorCov);
    }

    /**
     * Reconstruction term {@code E_q[log p(x|z)] = -D/2 log(2 pi s^2) - (||x - W mu - b||^2 + tr(W Sigma W^T)) / (2 s^2)},
     * exact for a Gaussian q = N(mu, Sigma).
     */
    public double expectedLogLikelihood(double[] x, MultivariateGaussian q) {
        ArgumentChecks.length("x", x, dataDim);
        checkQ(q.dim());
        double[][] sigma = q.covariance();
        double tr = 0.0; // tr(W Sigma W^T) = sum_i w_i^T Sigma w_i
        for (int i = 0; i < dataDim; i++)
            for (int k = 0; k < d; k++)
                for (int l = 0; l < d; l++) tr += w[i][k] * sigma[k][l] * w[i][l];
        return Normal.logDensityIsotropic(x, decode(q.mean()), s) - 0.5 * tr / (s * s); // E_q||x - Wz - b||^2 = ||x - W mu - b||^2 + tr
    }

    /** {@code KL(q || p(z)) = 1/2 (tr Sigma + ||mu||^2 - d - log det Sigma)}: the regulariser. */
    public double klToPrior(MultivariateGaussian q) {
        checkQ(q.dim());
        return KL.full(q, MultivariateGaussian.standard(d));
    }

    /** Reconstruction term {@code E_q[log p(x|z)]} for a diagonal Gaussian q (see the full-covariance version). */
    public double expectedLogLikelihood(double[] x, DiagonalGaussian q) {
        return expectedLogLikelihood(x, q.toMultivariate());
    }

    /** {@code KL(q || p(z)) = -1/2 sum_j (1 + log sigma_j^2 - mu_j^2 - sigma_j^2)} for a diagonal q. */
    public double klToPrior(DiagonalGaussian q) {
        checkQ(q.dim());
        return KL.toStandardNormal(q);
    }

    /** Exact {@code ELBO(q) = E_q[log p(x|z)] - KL(q || p(z))} for a Gaussian q. */
    public double elbo(double[] x, MultivariateGaussian q) {
        return expectedLogLikelihood(x, q) - klToPrior(q);
    }

    /** Exact ELBO for a diagonal Gaussian q. */
    public double elbo(double[] x, DiagonalGaussian q) {
        return elbo(x, q.toMultivariate());
    }

    /** Exact {@code KL(q || p(z|x))}, the gap {@code log p(x) - ELBO(q)}, computed directly. */
    public double klToPosterior(double[] x, MultivariateGaussian q) {
        checkQ(q.dim());
        return KL.full(q, posterior(x));
    }

    /** Exact {@code KL(q || p(z|x))} for a diagonal Gaussian q. */
    public double klToPosterior(double[] x, DiagonalGaussian q) {
        return klToPosterior(x, q.toMultivariate());
    }

    private void checkQ(int qd) {
        if (qd != d) throw new IllegalArgumentException("q must have the latent dimension " + d + ", got " + qd);
    }

    @Override
    public String toString() {
        return "LinearGaussianModel(latentDim=" + d + ", dataDim=" + dataDim + ", noiseStd=" + s + ")";
    }
}
