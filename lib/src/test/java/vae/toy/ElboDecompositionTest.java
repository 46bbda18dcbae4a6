package vae.toy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;
import vae.prob.DiagonalGaussian;
import vae.prob.Rng;

class ElboDecompositionTest {
    @Test
    void everyLineEqualsLogMarginalAndTheTermsMatchTheirClosedForms() {
        LinearGaussianModel m = LinearGaussianModel.random(2, 3, 0.8, new Rng(1));
        double[] x = m.sample(new Rng(2)).x();
        DiagonalGaussian q = DiagonalGaussian.ofMeanStd(new double[] {0.3, -0.2}, new double[] {0.5, 0.9});
        Table t = ElboDecomposition.lines(m, x, q, 50_000, new Rng(3));
        double logPx = m.logMarginal(x);
        for (int i = 0; i < 4; i++) assertEquals(logPx, t.doubleColumn("Monte Carlo").get(i), 1e-9, "line " + (i + 1));
        assertEquals(logPx, t.doubleColumn("closed form").get(4), 1e-9);
        double se = LogMarginalEstimators.elbo(m, x, q, 50_000, new Rng(3)).standardError();
        assertEquals(m.elbo(x, q), t.doubleColumn("Monte Carlo").get(5), 4 * se);
        assertEquals(m.klToPosterior(x, q), t.doubleColumn("Monte Carlo").get(6), 4 * se);
    }
}
