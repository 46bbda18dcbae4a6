package vae.toy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import vae.prob.DiagonalGaussian;
import vae.prob.MultivariateGaussian;
import vae.prob.Rng;

/** The lecture's identities, checked exactly on the linear-Gaussian model. */
class LinearGaussianModelTest {

    @Test
    void logMarginalEqualsElboPlusKlForRandomQ() {
        // log p(x) = ELBO(q) + KL(q || p(z|x)). The three terms are computed independently:
        // log N(x; b, WW^T + s^2 I) (D x D Cholesky), ELBO = E_q[log p(x|z)] - KL(q || p(z)) (closed form),
        // KL(q || p(z|x)) (d x d Cholesky of the posterior). In double precision with values of order 1..100,
        // rounding stays below 1e-11, so 1e-9 can only fail if a formula is wrong.
        Rng rng = new Rng(42);
        for (int trial = 0; trial < 20; trial++) {
            int d = 1 + rng.nextInt(4), dd = d + rng.nextInt(5);
            LinearGaussianModel m = LinearGaussianModel.random(d, dd, 0.2 + rng.nextDouble(), rng);
            double[] x = m.sample(rng).x();
            DiagonalGaussian q = DiagonalGaussian.ofMeanLogVar(rng.gaussians(d), rng.gaussians(d));
            double lhs = m.logMarginal(x);
            assertEquals(lhs, m.elbo(x, q) + m.klToPosterior(x, q), 1e-9, "trial " + trial + ", " + m);
            // ELBO = reconstruction - KL(q || p(z)), with the diagonal closed form of the KL (rounding only).
            assertEquals(m.elbo(x, q), m.expectedLogLikelihood(x, q) - m.klToPrior(q), 1e-10);
            // Full-covariance q as well.
            MultivariateGaussian qf = randomFull(d, rng);
            assertEquals(lhs, m.elbo(x, qf) + m.klToPosterior(x, qf), 1e-9, "full q, trial " + trial);
            // The gap is a KL, so the ELBO is a lower bound.
            assertTrue(m.elbo(x, q) <= lhs);
        }
    }

    @Test
    void posteriorIsBayesRule() {
        // log p(z|x) = log p(x, z) - log p(x) at any z: 1e-9 as above (independent closed forms).
        Rng rng = new Rng(7);
        LinearGaussianModel m = LinearGaussianModel.random(3, 6, 0.5, rng);
        double[] x = m.sample(rng).x();
        MultivariateGaussian post = m.posterior(x);
        for (int i = 0; i < 10; i++) {
            double[] z = rng.gaussians(3);
            assertEquals(m.logJoint(x, z) - m.logMarginal(x), post.logDensity(z), 1e-9);
        }
        // With q = p(z|x) the ELBO is tight.
        assertEquals(m.logMarginal(x), m.elbo(x, post), 1e-9);
        assertEquals(0.0, m.klToPosterior(x, post), 1e-12);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        // Central differences with h = 1e-5: truncation error h^2/6 f''' = 0 here (log p(x, z) is quadratic
        // in z), rounding error ~ 1e-16 * |log p| / h ~ 1e-9; tolerance 1e-6.
        Rng rng = new Rng(3);
        LinearGaussianModel m = LinearGaussianModel.random(3, 5, 0.7, rng);
        double[] x = m.sample(rng).x();
        double[] z = rng.gaussians(3);
        double[] g = m.gradLogJointZ(x, z);
        double h = 1e-5;
        for (int j = 0; j < 3; j++) {
            double[] zp = z.clone(), zm = z.clone();
            zp[j] += h;
            zm[j] -= h;
            assertEquals((m.logJoint(x, zp) - m.logJoint(x, zm)) / (2 * h), g[j], 1e-6);
        }
    }

    @Test
    void closedFormElboMatchesMonteCarlo() {
        // 5 standard errors of a seeded Monte Carlo mean of 100000 log-weights.
        Rng rng = new Rng(9);
        LinearGaussianModel m = LinearGaussianModel.random(2, 4, 0.6, rng);
        double[] x = m.sample(rng).x();
        DiagonalGaussian q = DiagonalGaussian.ofMeanStd(new double[] {0.2, -0.1}, new double[] {0.8, 0.5});
        Estimate e = LogMarginalEstimators.elbo(m, x, q, 100_000, rng);
        assertEquals(m.elbo(x, q), e.value(), 5 * e.standardError());
    }

    @Test
    void oneDimensionalPosterior() {
        // z ~ N(0,1), x|z ~ N(w z + b, s^2): p(z|x) = N(w (x - b) / (w^2 + s^2), s^2 / (w^2 + s^2)).
        LinearGaussianModel m = LinearGaussianModel.oneDimensional(2.0, 1.0, 0.5);
        MultivariateGaussian post = m.posterior(new double[] {3.0});
        assertEquals(2.0 * 2.0 / 4.25, post.mean()[0], 1e-14);
        assertEquals(0.25 / 4.25, post.covariance()[0][0], 1e-14);
    }

    @Test
    void badInputGivesClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LinearGaussianModel.of(new double[][] {{1, 2}, {3}}, new double[2], 1.0));
        assertTrue(e.getMessage().contains("2x2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LinearGaussianModel.of(new double[][] {{1}}, new double[] {0}, -1.0));
        assertThrows(IllegalArgumentException.class, () -> LinearGaussianModel.of(new double[][] {{Double.NaN}}, new double[] {0}, 1.0));
        LinearGaussianModel m = LinearGaussianModel.random(2, 3, 1.0, new Rng(1));
        e = assertThrows(IllegalArgumentException.class, () -> m.logMarginal(new double[2]));
        assertTrue(e.getMessage().contains("expected 3 values, got 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.elbo(new double[3], DiagonalGaussian.standard(3)));
        assertTrue(e.getMessage().contains("latent dimension 2, got 3"), e.getMessage());
    }

    static MultivariateGaussian randomFull(int d, Rng rng) {
        // Sigma = A A^T + 0.1 I is symmetric positive definite.
        double[][] a = new double[d][];
        for (int i = 0; i < d; i++) a[i] = rng.gaussians(d);
        double[][] s = new double[d][d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) {
                double t = 0;
                for (int k = 0; k < d; k++) t += a[i][k] * a[j][k];
                s[i][j] = t + (i == j ? 0.1 : 0.0);
            }
        return MultivariateGaussian.of(rng.gaussians(d), s);
    }
}
