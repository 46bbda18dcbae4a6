package vae.toy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;
import vae.prob.DiagonalGaussian;
import vae.prob.MultivariateGaussian;
import vae.prob.Rng;

class ImportanceSamplingTheoryTest {

    /** 1-D closed form of int N(z; m, s^2)^2 / N(z; mu, v^2) dz, written out independently. */
    private static double oneDim(double m, double s, double mu, double v) {
        double a = 1.0 / (s * s) - 1.0 / (2 * v * v);           // exponent -a z^2 + b z - c
        double b = 2 * m / (s * s) - mu / (v * v);
        double c = m * m / (s * s) - mu * mu / (2 * v * v);
        return v / (Math.sqrt(2 * Math.PI) * s * s) * Math.sqrt(Math.PI / a) * Math.exp(b * b / (4 * a) - c);
    }

    @Test
    void matchesTheOneDimensionalFormula() {
        MultivariateGaussian p = DiagonalGaussian.of1D(0.7, 0.4).toMultivariate();
        double[][] cases = {{0.7, 0.4}, {0.0, 1.0}, {1.2, 0.5}, {0.3, 2.0}};
        for (double[] c : cases) {
            double expected = Math.log(oneDim(0.7, 0.4, c[0], c[1]));
            double got = ImportanceSamplingTheory.logSecondMomentRatio(p, DiagonalGaussian.of1D(c[0], c[1]));
            assertEquals(expected, got, 1e-10, "q = N(" + c[0] + ", " + c[1] + "^2)");
        }
    }

    @Test
    void zeroAtThePosteriorInfiniteWhenTooNarrow() {
        LinearGaussianModel m = LinearGaussianModel.random(3, 5, 0.7, new Rng(3));
        double[] x = m.sample(new Rng(4)).x();
        MultivariateGaussian post = m.posterior(x);
        assertEquals(0.0, ImportanceSamplingTheory.chiSquare(post, post), 1e-9);
        double[][] narrow = post.covariance();
        for (double[] row : narrow) for (int j = 0; j < row.length; j++) row[j] *= 0.4; // variance < half the posterior's
        assertEquals(Double.POSITIVE_INFINITY, ImportanceSamplingTheory.chiSquare(post, MultivariateGaussian.of(post.mean(), narrow)));
    }

    @Test
    void agreesWithMonteCarloForThePriorProposal() {
        LinearGaussianModel m = LinearGaussianModel.random(2, 3, 1.5, new Rng(5));
        double[] x = m.sample(new Rng(6)).x();
        double logPx = m.logMarginal(x);
        // E_prior[w^2] / p(x)^2 by Monte Carlo with many samples.
        double[] lw = LogMarginalEstimators.logWeights(m, x, m.prior(), 400_000, new Rng(7));
        double s = 0.0;
        for (double v : lw) s += Math.exp(2 * (v - logPx));
        double mc = s / lw.length;
        double exact = Math.exp(ImportanceSamplingTheory.logSecondMomentRatio(m.posterior(x), (DiagonalGaussian) m.prior()));
        assertEquals(exact, mc, 0.03 * exact);
    }

    @Test
    void measuredErrorOfPriorMonteCarloMatchesPrediction() {
        LinearGaussianModel m = LinearGaussianModel.oneDimensional(2.0, 0.0, 0.5);
        double[] x = {1.0};
        Table t = EstimatorStudy.versusSamples(m, x, m.prior(), m.logMarginal(x), new int[] {100, 1000}, 400, new Rng(8));
        for (int i = 0; i < t.rowCount(); i++) {
            double measured = t.doubleColumn("rms relative error").get(i);
            double predicted = t.doubleColumn("predicted relative std").get(i);
            assertEquals(predicted, measured, 0.15 * predicted, "row " + i);
        }
        EstimatorStudy.Summary post = EstimatorStudy.repeat(m, x, m.posterior(x), m.logMarginal(x), 10, 5, new Rng(9));
        assertEquals(0.0, post.rmsRelativeError(), 1e-12);
        assertEquals(10.0, post.meanEss(), 1e-9);
    }

    @Test
    void jensenGapEstimatesTheKl() {
        LinearGaussianModel m = LinearGaussianModel.oneDimensional(2.0, 0.0, 0.5);
        double[] x = {1.0};
        Table t = EstimatorStudy.jensenGaps(m, x, new String[] {"shifted"},
                new DiagonalGaussian[] {DiagonalGaussian.of1D(0.1, 0.3)}, 200_000, new Rng(10));
        double gap = t.doubleColumn("gap").get(0), kl = t.doubleColumn("exact KL(q || p(z|x))").get(0);
        assertEquals(kl, gap, 0.02 * kl + 1e-3);
        assertTrue(gap > 0);
    }
}
