package vae.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import vae.linalg.Matrix;
import vae.prob.Normal;
import vae.prob.Rng;

/**
 * The closed-form KL(N(mu, sigma^2) || N(0, I)) against known values and against the Monte Carlo
 * estimate. Tolerance for Monte Carlo: 5 standard errors, the standard error estimated from 4000
 * single-sample estimates; a correct estimator fails this with probability below 1e-6, a wrong
 * term (e.g. a missing 1/2) misses by far more.
 */
class KlTest {

    @Test
    void closedFormKnownValues() {
        // KL(N(0,1) || N(0,1)) = 0; KL(N(1,1) || N(0,1)) = 1/2; KL(N(0, e) || N(0,1)) = (e - 1 - 1) / 2.
        Encoding q = new Encoding(Matrix.of(3, 1, 0f, 1f, 0f), Matrix.of(3, 1, 0f, 0f, 1f));
        double[] kl = q.klToStandardNormal();
        assertEquals(0.0, kl[0], 1e-15);
        assertEquals(0.5, kl[1], 1e-15);
        assertEquals((Math.E - 2) / 2, kl[2], 1e-7); // logvar 1 is a float: exact up to float input
    }

    @Test
    void closedFormMatchesMonteCarlo() {
        Encoding q = new Encoding(Matrix.of(2, 3, 0.5f, -1f, 2f, 0f, 0.1f, -0.3f),
                Matrix.of(2, 3, -1f, 0.3f, 1f, -3f, 2f, 0f));
        double[] exact = q.klToStandardNormal();
        Rng rng = new Rng(31);
        int samples = 200_000;
        double[] mc = klMonteCarlo(q, samples, rng);
        for (int i = 0; i < 2; i++) {
            double sum = 0, sumSq = 0;
            int m = 4000;
            Encoding row = new Encoding(q.mu().rows(i, i + 1), q.logvar().rows(i, i + 1));
            for (int s = 0; s < m; s++) {
                double v = klMonteCarlo(row, 1, rng)[0];
                sum += v;
                sumSq += v * v;
            }
            double sd = Math.sqrt(sumSq / m - (sum / m) * (sum / m));
            double se = sd / Math.sqrt(samples);
            assertTrue(se > 0);
            assertEquals(exact[i], mc[i], 5 * se, "row " + i + ": exact " + exact[i] + ", MC " + mc[i] + ", se " + se);
        }
    }

    /**
     * A Monte Carlo estimate of the same KL per row, from the densities themselves (not from the
     * closed form): {@code KL ~ (1/S) sum_s [log q(z_s|x) - log p(z_s)]}, {@code z_s = mu + sigma * eps_s}.
     */
    private static double[] klMonteCarlo(Encoding q, int samples, Rng rng) {
        int n = q.mu().rows(), k = q.mu().cols();
        double[] out = new double[n];
        float[] m = q.mu().data(), lv = q.logvar().data();
        for (int i = 0; i < n; i++) {
            double total = 0;
            for (int s = 0; s < samples; s++) {
                for (int j = i * k; j < (i + 1) * k; j++) {
                    double z = m[j] + Math.exp(0.5 * lv[j]) * rng.nextGaussian();
                    total += Normal.logDensityLogVar(z, m[j], lv[j]) - Normal.logDensityStandard(z);
                }
            }
            out[i] = total / samples;
        }
        return out;
    }
}
