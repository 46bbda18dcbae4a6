package vae.toy;

import vae.prob.ArgumentChecks;
import vae.prob.DiagonalGaussian;

/**
 * {@code KL(q || p(z|x))} for a 1-D latent, computed from its definition on a grid, independently of
 * {@link ExactElbo} and {@link Quadrature}:
 * <pre>
 *   grid      z_0 .. z_{n-1} uniform on [min(-12, mu - 12 sigma), max(12, mu + 12 sigma)], n = 40 001
 *   posterior log p(z_i|x) = log p(x, z_i) - log Z,   Z = Simpson sum of exp(log p(x, z_i))   (normalised here)
 *   KL        = Simpson sum of q(z_i) [log q(z_i) - log p(z_i|x)]
 * </pre>
 * It shares only the model's {@code logJoint} with {@link ExactElbo} (trapezoid rule on mu +- 12 sigma for the
 * ELBO) and {@link Quadrature} (step-halving trapezoid on [-12, 12] for log p(x)), so a check that
 * {@code ExactElbo.elbo + PosteriorKl.byQuadrature = log p(x)} tests three integrations against each other
 * rather than an identity the code builds in.
 */
public final class PosteriorKl {
    private PosteriorKl() {}

    /** Number of Simpson points (odd). */
    static final int POINTS = 40_001;

    /** {@code KL(q || p(z|x))} by Simpson's rule, with the posterior normalised on the same grid. */
    public static double byQuadrature(LatentModel model, double[] x, DiagonalGaussian q) {
        if (model.latentDim() != 1) throw new IllegalArgumentException("needs a 1-D latent, got latentDim=" + model.latentDim());
        if (q.dim() != 1) throw new IllegalArgumentException("q must have the latent dimension 1, got " + q.dim());
        ArgumentChecks.length("x", x, model.dataDim());
        double mu = q.mean(0), sd = q.std(0);
        double lo = Math.min(-Quadrature.DEFAULT_HALF_WIDTH, mu - 12 * sd), hi = Math.max(Quadrature.DEFAULT_HALF_WIDTH, mu + 12 * sd);
        double h = (hi - lo) / (POINTS - 1);
        double[] logJoint = new double[POINTS], logQ = new double[POINTS], z = new double[1];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < POINTS; i++) {
            z[0] = lo + i * h;
            logJoint[i] = model.logJoint(x, z);
            logQ[i] = q.logDensity(z);
            max = Math.max(max, logJoint[i]);
        }
        double evidence = 0;                                      // Z / e^max, Simpson
        for (int i = 0; i < POINTS; i++) evidence += simpsonWeight(i) * StrictMath.exp(logJoint[i] - max);
        double logZ = max + StrictMath.log(evidence * h / 3);
        double kl = 0;
        for (int i = 0; i < POINTS; i++) {
            double qi = StrictMath.exp(logQ[i]);
            if (qi > 0) kl += simpsonWeight(i) * qi * (logQ[i] - (logJoint[i] - logZ));   // q log(q / posterior)
        }
        return kl * h / 3;
    }

    /** Simpson's weights 1, 4, 2, 4, ..., 2, 4, 1 (times h/3). */
    private static double simpsonWeight(int i) {
        return i == 0 || i == POINTS - 1 ? 1 : (i % 2 == 1 ? 4 : 2);
    }
}
