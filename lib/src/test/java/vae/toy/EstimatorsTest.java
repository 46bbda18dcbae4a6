package vae.toy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import vae.prob.DiagonalGaussian;
import vae.prob.MultivariateGaussian;
import vae.prob.Rng;

/** Quadrature, Monte Carlo, importance sampling and the K-sample bound against exact answers. */
class EstimatorsTest {

    @Test
    void quadratureAgreesWithClosedForm() {
        // 1-D linear-Gaussian model: log p(x) exact. The trapezoid rule on [-12, 12] converges
        // geometrically for this smooth, Gaussian-tailed integrand; it stops when two refinements
        // differ by < 1e-10 (log units), and the truncated tails hold < 1e-30 of the mass.
        // So 1e-9 is a safe bound (and the quadrature's own error estimate must be below it).
        for (double[] p : new double[][] {{1.0, 0.0, 1.0}, {2.0, 0.5, 0.3}, {-0.5, 1.0, 0.05}, {3.0, -2.0, 2.0}}) {
            LinearGaussianModel m = LinearGaussianModel.oneDimensional(p[0], p[1], p[2]);
            for (double x : new double[] {-3.0, 0.0, 0.7, 4.0}) {
                Estimate q = LogMarginalEstimators.quadrature(m, new double[] {x});
                assertEquals(m.logMarginal(new double[] {x}), q.value(), 1e-9, m + " at x=" + x);
                assertTrue(q.standardError() < 1e-9);
            }
        }
    }

    @Test
    void quadraturePosteriorOfNonlinearModel() {
        // f(z) = z^2, x = 1.5: the posterior has modes near +-sqrt(1.5) and a dip at 0; by symmetry p(z|x) = p(-z|x).
        Nonlinear1DModel m = Nonlinear1DModel.square(1.0, 0.3);
        double[] x = {1.5};
        Quadrature.Result r = m.quadrature(x);
        double[] p = r.normalisedDensity();
        double[] z = r.grid();
        double mass = 0;
        for (int i = 0; i + 1 < p.length; i++) mass += 0.5 * (p[i] + p[i + 1]) * (z[i + 1] - z[i]);
        assertEquals(1.0, mass, 1e-9); // normalised by the same rule: rounding only
        double[] at = m.posteriorDensity(x, new double[] {-Math.sqrt(1.5), 0.0, Math.sqrt(1.5)});
        assertEquals(at[0], at[2], 1e-12 * at[0]);
        assertTrue(at[0] > 10 * at[1], "bimodal: modes " + at[0] + " vs centre " + at[1]);
    }

    @Test
    void importanceSamplingAgreesWithQuadratureOnNonlinearModels() {
        // Importance sampling with a wide proposal, N = 200000; 5 delta-method standard errors (ESS is
        // large here, so the delta method is reliable).
        Rng rng = new Rng(77);
        for (Nonlinear1DModel m : new Nonlinear1DModel[] {Nonlinear1DModel.square(1.0, 0.3),
                Nonlinear1DModel.tanh(2.0, 0.2), Nonlinear1DModel.arc(1.0, 0.3)}) {
            double[] x = m.sample(rng).x();
            double exact = m.logMarginal(x);
            Estimate is = LogMarginalEstimators.importanceSampling(m, x, DiagonalGaussian.of1D(0, 1.5), 200_000, rng);
            assertTrue(is.ess() > 1000, "ESS " + is.ess());
            assertEquals(exact, is.value(), 5 * is.standardError(), m.toString());
            // The ELBO with any q is below log p(x) (Jensen); here by far more than its standard error.
            Estimate elbo = LogMarginalEstimators.elbo(m, x, DiagonalGaussian.of1D(0, 1.5), 20_000, rng);
            assertTrue(elbo.value() + 5 * elbo.standardError() < exact);
        }
    }

    @Test
    void priorMonteCarloIsConsistent() {
        // Prior sampling on a 2-D latent with N = 200000: 5 delta-method standard errors.
        Rng rng = new Rng(5);
        LinearGaussianModel m = LinearGaussianModel.random(2, 3, 0.8, rng);
        double[] x = m.sample(rng).x();
        Estimate e = LogMarginalEstimators.priorMonteCarlo(m, x, 200_000, rng);
        assertEquals(m.logMarginal(x), e.value(), 5 * e.standardError());
        assertEquals(200_000, e.logWeights().length);
    }

    @Test
    void exactPosteriorGivesConstantWeights() {
        // With q = p(z|x): w = p(x, z) / p(z|x) = p(x) for every z. Each log-weight is a difference of
        // two independent closed forms; rounding < 1e-11, tolerance 1e-9. Then ESS = N.
        Rng rng = new Rng(11);
        LinearGaussianModel m = LinearGaussianModel.random(3, 5, 0.4, rng);
        double[] x = m.sample(rng).x();
        MultivariateGaussian post = m.posterior(x);
        double logPx = m.logMarginal(x);
        Estimate e = LogMarginalEstimators.importanceSampling(m, x, post, 1000, rng);
        for (double lw : e.logWeights()) assertEquals(logPx, lw, 1e-9);
        assertEquals(logPx, e.value(), 1e-9);
        assertEquals(1000.0, e.ess(), 1e-6);
    }

    @Test
    void importanceWeightedBoundGrowsWithKTowardsLogPx() {
        // q is a deliberately poor (shifted, widened, mean-field) posterior approximation, so the bounds
        // are clearly separated. L_1 <= L_10 <= L_100 <= log p(x) holds in expectation (Burda et al. 2016);
        // each estimate averages R independent repeats and the comparisons demand a gap of 3 combined
        // standard errors, so a false failure has probability < 0.2 % per comparison (seeded: deterministic).
        Rng rng = new Rng(2016);
        LinearGaussianModel m = LinearGaussianModel.random(2, 4, 0.5, rng);
        double[] x = m.sample(rng).x();
        MultivariateGaussian post = m.posterior(x);
        double[] mu = post.mean(), sd = post.marginalStd();
        for (int j = 0; j < 2; j++) {
            mu[j] += 0.5 * sd[j];
            sd[j] *= 1.5;
        }
        DiagonalGaussian q = DiagonalGaussian.ofMeanStd(mu, sd);
        double logPx = m.logMarginal(x);
        Estimate l1 = LogMarginalEstimators.importanceWeightedBound(m, x, q, 1, 4000, rng);
        Estimate l10 = LogMarginalEstimators.importanceWeightedBound(m, x, q, 10, 2000, rng);
        Estimate l100 = LogMarginalEstimators.importanceWeightedBound(m, x, q, 100, 500, rng);
        Estimate l1000 = LogMarginalEstimators.importanceWeightedBound(m, x, q, 1000, 100, rng);
        // L_1 is the ELBO: compare with the closed form (5 SE).
        assertEquals(m.elbo(x, q), l1.value(), 5 * l1.standardError());
        assertGreater(l10, l1);
        assertGreater(l100, l10);
        assertTrue(l1000.value() < logPx + 5 * l1000.standardError(), "bound above log p(x)");
        // Approaches log p(x): the gap shrinks roughly like Var(w/p)/(2K); at K = 1000 it must be less than
        // a tenth of the ELBO's gap and below 0.01 nats.
        double gap1 = logPx - l1.value(), gap1000 = logPx - l1000.value();
        assertTrue(gap1000 < 0.1 * gap1 && gap1000 < 0.01, "gap at K=1000 " + gap1000 + ", at K=1 " + gap1);
        assertEquals(100 * 1000, l1000.logWeights().length);
        assertEquals(100, l1000.replicates().length);
    }

    private static void assertGreater(Estimate big, Estimate small) {
        double se = Math.hypot(big.standardError(), small.standardError());
        assertTrue(big.value() - small.value() > 3 * se, big + " should exceed " + small + " by 3 SE = " + 3 * se);
    }

    @Test
    void badInputGivesClearErrors() {
        LinearGaussianModel m = LinearGaussianModel.random(2, 3, 1.0, new Rng(1));
        Rng rng = new Rng(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LogMarginalEstimators.importanceSampling(m, new double[3], DiagonalGaussian.standard(3), 10, rng));
        assertTrue(e.getMessage().contains("latent dimension 2, got 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LogMarginalEstimators.elbo(m, new double[4], DiagonalGaussian.standard(2), 10, rng));
        assertTrue(e.getMessage().contains("expected 3 values, got 4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LogMarginalEstimators.priorMonteCarlo(m, new double[3], 0, rng));
        assertThrows(IllegalArgumentException.class, () -> LogMarginalEstimators.quadrature(m, new double[3]));
        assertThrows(IllegalArgumentException.class, () -> Nonlinear1DModel.square(1.0, 0.0));
        assertThrows(IllegalArgumentException.class, () -> Nonlinear1DModel.tanh(Double.NaN, 1.0));
    }
}
