package vae.toy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;
import vae.prob.DiagonalGaussian;
import vae.prob.MultivariateGaussian;
import vae.prob.Rng;

/**
 * {@link PosteriorKl} against the closed-form KL and against ExactElbo + Quadrature; {@link BestGaussian} against
 * the exact posterior of the linear model and the optimum of the square model (values from an independent
 * closed-form computation in the numbers review: one mode at (1.1052, 0.2262), KL 0.73711); the score function's
 * baseline and the training callback.
 */
class PerPointGaussianTest {
    static final LinearGaussianModel LINEAR = LinearGaussianModel.oneDimensional(2.0, 0.0, 0.5);
    static final Nonlinear1DModel SQUARE = Nonlinear1DModel.square(1.0, 0.5);
    static final double[] X = {1.5};

    @Test
    void posteriorKlMatchesTheClosedFormOnTheLinearModel() {
        for (double[] ms : new double[][] {{0, 0.6}, {0.7, 0.24}, {-1, 1}, {5, 0.05}, {0.7, 3}}) {
            DiagonalGaussian q = DiagonalGaussian.of1D(ms[0], ms[1]);
            assertEquals(LINEAR.klToPosterior(X, q), PosteriorKl.byQuadrature(LINEAR, X, q), 1e-8, "q = " + q);
        }
    }

    @Test
    void posteriorKlPlusExactElboIsTheQuadratureLogMarginalOnTheSquareModel() {
        double logPx = LogMarginalEstimators.quadrature(SQUARE, X).value();
        for (double[] ms : new double[][] {{0, 0.73}, {1.1, 0.23}, {0.3, 1}, {-2, 0.1}}) {
            DiagonalGaussian q = DiagonalGaussian.of1D(ms[0], ms[1]);
            double kl = PosteriorKl.byQuadrature(SQUARE, X, q);
            assertTrue(kl > 0, "KL " + kl);
            assertEquals(logPx, ExactElbo.elbo(SQUARE, X, q) + kl, 1e-8, "q = " + q);
        }
        assertThrows(IllegalArgumentException.class, () -> PosteriorKl.byQuadrature(LinearGaussianModel.random(2, 3, 0.5, new Rng(1)),
                new double[3], DiagonalGaussian.standard(2)));
    }

    @Test
    void bestGaussianIsThePosteriorOnTheLinearModel() {
        MultivariateGaussian post = LINEAR.posterior(X);
        BestGaussian.Fit fit = BestGaussian.fit(LINEAR, X, DiagonalGaussian.of1D(-1, 1));
        assertEquals(post.mean()[0], fit.q().mean(0), 1e-5);
        assertEquals(post.marginalStd()[0], fit.q().std(0), 1e-5);
        assertEquals(LINEAR.logMarginal(X), fit.elbo(), 1e-9);
    }

    @Test
    void bestGaussianOnTheSquareModelSitsOnOneMode() {
        BestGaussian.Fit fit = BestGaussian.fit(SQUARE, X, DiagonalGaussian.of1D(0.8, 0.3), DiagonalGaussian.of1D(0.0, 0.7));
        assertEquals(1.1052, Math.abs(fit.q().mean(0)), 1e-3);
        assertEquals(0.2262, fit.q().std(0), 1e-3);
        assertEquals(0.73711, LogMarginalEstimators.quadrature(SQUARE, X).value() - fit.elbo(), 1e-4);
        // never worse than a start
        DiagonalGaussian start = DiagonalGaussian.of1D(0.3, 1.0);
        assertTrue(BestGaussian.fit(SQUARE, X, start).elbo() >= ExactElbo.elbo(SQUARE, X, start));
    }

    @Test
    void fitEachGivesEachPointTheFitItGetsAlone() {
        AmortisedGaussianVae vae = new AmortisedGaussianVae(2, 8, 1, 0.1, new Rng(5));
        LatentModel decoder = vae.decoderModel();
        double[][] xs = TwoDimData.sample(TwoDimData.horseshoe(2.0, 0.1), 7, new Rng(6)).x();
        BestGaussian.Fit[] together = BestGaussian.fitEach(decoder, xs, vae::encode);
        assertEquals(xs.length, together.length);
        for (int i = 0; i < xs.length; i++) {
            BestGaussian.Fit alone = BestGaussian.fit(decoder, xs[i], vae.encode(xs[i]));
            assertEquals(alone, together[i], "point " + i);        // a record: same q, ELBO and evaluation count, bit for bit
        }
        assertEquals(0, BestGaussian.fitEach(decoder, new double[0][], vae::encode).length);
    }

    @Test
    void aBaselineKeepsTheScoreFunctionUnbiasedAndCutsItsVariance() {
        DiagonalGaussian q = DiagonalGaussian.of1D(0.0, 0.6);
        double[] exact = {12, -5.12};   // d ELBO / d(mu, log sigma) at q, by hand from the closed form
        ElboGradients.GradientEstimate plain = ElboGradients.scoreFunction(LINEAR, X, q, 200_000, new Rng(5));
        ElboGradients.GradientEstimate based = ElboGradients.scoreFunction(LINEAR, X, q, 200_000, new Rng(6), LINEAR.elbo(X, q));
        ElboGradientsTest.checkUnbiased(based, exact);
        for (int k = 0; k < 2; k++)
            assertTrue(based.perSampleVariance()[k] < plain.perSampleVariance()[k], "component " + k);
        assertThrows(IllegalArgumentException.class, () -> ElboGradients.scoreFunction(LINEAR, X, q, 10, new Rng(1), Double.NaN));
    }

    @Test
    void theTrainingCallbackSeesEveryEpochAndChangesNothing() {
        TwoDimData.Samples data = TwoDimData.sample(TwoDimData.horseshoe(2.0, 0.1), 200, new Rng(7));
        Table plain = new AmortisedGaussianVae(2, 8, 1, 0.1, new Rng(8)).train(data.x(), 3, 50, 3e-3, new Rng(9));
        List<Integer> seen = new ArrayList<>();
        Table watched = new AmortisedGaussianVae(2, 8, 1, 0.1, new Rng(8)).train(data.x(), 3, 50, 3e-3, new Rng(9), seen::add);
        assertEquals(List.of(0, 1, 2, 3), seen);
        for (String c : List.of("ELBO", "reconstruction", "KL"))
            for (int r = 0; r < plain.rowCount(); r++) assertEquals(plain.doubleColumn(c).get(r), watched.doubleColumn(c).get(r), 0.0, c + " row " + r);
    }
}
