package vae.prob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Normal, DiagonalGaussian, MultivariateGaussian and the closed-form KLs. */
class GaussianTest {
    /** Monte Carlo sample size for the checks against closed forms below. */
    private static final int N = 200_000;

    @Test
    void univariateLogDensity() {
        // Direct formula; differences only from rounding (1e-14).
        double expected = -0.5 * Math.log(2 * Math.PI) - Math.log(2.0) - 0.5 * Math.pow((3.0 - 1.0) / 2.0, 2);
        assertEquals(expected, Normal.logDensity(3.0, 1.0, 2.0), 1e-14);
        assertEquals(expected, Normal.logDensityLogVar(3.0, 1.0, Math.log(4.0)), 1e-14);
        // with the precision computed once: the same bits as the three-argument form
        for (double logVar : new double[] {-7.5, -0.3, 0, 1.25, 9}) {
            double precision = Normal.precision(logVar);
            assertEquals(1 / Math.exp(logVar), precision, 1e-15 / Math.exp(logVar));
            for (double x : new double[] {-3, 0.1, 2.7}) {
                assertEquals(Double.doubleToRawLongBits(Normal.logDensityLogVar(x, 0.4, logVar)),
                        Double.doubleToRawLongBits(Normal.logDensityLogVar(x, 0.4, logVar, precision)), "x " + x + ", logVar " + logVar);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Normal.logDensity(0, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> Normal.logDensity(0, 0, Double.NaN));
    }

    @Test
    void inverseCdfKnownValues() {
        // Reference quantiles to 15-16 digits; AS241 is accurate to about 1e-16 relative, so 1e-14 absolute.
        assertEquals(0.0, Normal.inverseCdf(0.5), 0.0);
        assertEquals(1.959963984540054, Normal.inverseCdf(0.975), 1e-14);
        assertEquals(-1.959963984540054, Normal.inverseCdf(0.025), 1e-14);
        assertEquals(1.0, Normal.inverseCdf(0.8413447460685429), 1e-14);
        assertEquals(3.090232306167813, Normal.inverseCdf(0.999), 1e-13);
        assertEquals(-6.361340902404056, Normal.inverseCdf(1e-10), 1e-12);
        assertEquals(Double.NEGATIVE_INFINITY, Normal.inverseCdf(0.0));
        assertEquals(Double.POSITIVE_INFINITY, Normal.inverseCdf(1.0));
        assertThrows(IllegalArgumentException.class, () -> Normal.inverseCdf(1.5));
        assertThrows(IllegalArgumentException.class, () -> Normal.inverseCdf(Double.NaN));
    }

    @Test
    void cdfAndInverseCdfAgree() {
        // Known values of Phi (1e-15 absolute: both sides accurate to a few ulps).
        assertEquals(0.8413447460685429, Normal.cdf(1.0), 1e-15);
        assertEquals(0.15729920705028513, Normal.erfc(1.0), 1e-15);
        assertEquals(0.004677734981047266, Normal.erfc(2.0), 1e-16);
        // Relative 1e-12 in the far tail: the continued fraction is accurate there.
        assertEquals(2.866515718791939e-07, Normal.cdf(-5.0), 2.866515718791939e-07 * 1e-12);
        // Round trip Phi(Phi^{-1}(p)) = p across the range; 1e-14 relative allows for both approximations.
        for (double p = 0.001; p < 1; p += 0.0371)
            assertEquals(p, Normal.cdf(Normal.inverseCdf(p)), 1e-14 * Math.max(p, 1e-3), "p=" + p);
        double[] grid = Normal.quantileGrid(5);
        assertEquals(0.0, grid[2], 0.0);
        assertEquals(-grid[0], grid[4], 1e-15);
    }

    @Test
    void diagonalAgreesWithFullCovariance() {
        DiagonalGaussian q = DiagonalGaussian.ofMeanStd(new double[] {0.5, -1.0, 2.0}, new double[] {0.3, 1.7, 1.0});
        MultivariateGaussian f = q.toMultivariate();
        double[] z = {0.1, 0.2, 0.3};
        // Two independent computations of the same density and entropy: rounding only (1e-12).
        assertEquals(q.logDensity(z), f.logDensity(z), 1e-12);
        assertEquals(q.entropy(), f.entropy(), 1e-12);
        assertEquals(0.0, KL.diagonal(q, q), 1e-15);
        assertEquals(0.0, KL.full(f, f), 1e-12);
    }

    @Test
    void entropyMatchesMonteCarlo() {
        // H = -E_q[log q]; tolerance 5 standard errors of the seeded Monte Carlo mean.
        DiagonalGaussian q = DiagonalGaussian.ofMeanLogVar(new double[] {1.0, -2.0}, new double[] {-1.0, 0.7});
        Rng rng = new Rng(11);
        double[] v = new double[N];
        for (int i = 0; i < N; i++) v[i] = -q.logDensity(q.sample(rng));
        double[] ms = meanSe(v);
        assertEquals(q.entropy(), ms[0], 5 * ms[1]);
    }

    @Test
    void closedFormKlMatchesMonteCarlo() {
        // KL(q || p) = E_q[log q(z) - log p(z)], estimated from N = 200000 seeded draws; each check
        // allows 5 standard errors of that mean (a false failure has probability < 1e-6 per check).
        Rng rng = new Rng(2024);
        DiagonalGaussian q = DiagonalGaussian.ofMeanStd(new double[] {0.3, -0.8, 1.1}, new double[] {0.5, 1.3, 0.9});
        DiagonalGaussian p = DiagonalGaussian.ofMeanStd(new double[] {-0.2, 0.4, 0.0}, new double[] {1.5, 0.7, 1.2});
        checkKl(KL.diagonal(q, p), q, p, rng);
        checkKl(KL.toStandardNormal(q), q, DiagonalGaussian.standard(3), rng);
        assertEquals(KL.diagonal(q, DiagonalGaussian.standard(3)), KL.toStandardNormal(q), 1e-13);
        assertEquals(KL.toStandardNormal(q), KL.toStandardNormal(q.mean(), q.logVar()), 1e-15);

        MultivariateGaussian pf = MultivariateGaussian.of(new double[] {0.1, 0.2, -0.3},
                new double[][] {{2.0, 0.6, -0.3}, {0.6, 1.0, 0.2}, {-0.3, 0.2, 0.8}});
        MultivariateGaussian qf = MultivariateGaussian.of(new double[] {-0.5, 0.0, 0.4},
                new double[][] {{0.5, -0.1, 0.0}, {-0.1, 0.7, 0.3}, {0.0, 0.3, 1.1}});
        checkKl(KL.full(qf, pf), qf, pf, rng);
        checkKl(KL.diagonalToFull(q, pf), q, pf, rng);
        // The full formula must reduce to the diagonal one (rounding only).
        assertEquals(KL.diagonal(q, p), KL.full(q.toMultivariate(), p.toMultivariate()), 1e-12);
        assertTrue(KL.full(qf, pf) > 0);
    }

    private static void checkKl(double closedForm, Distribution q, Distribution p, Rng rng) {
        double[] v = new double[N];
        for (int i = 0; i < N; i++) {
            double[] z = q.sample(rng);
            v[i] = q.logDensity(z) - p.logDensity(z);
        }
        double[] ms = meanSe(v);
        assertEquals(closedForm, ms[0], 5 * ms[1], "KL closed form vs Monte Carlo (5 SE = " + 5 * ms[1] + ")");
    }

    @Test
    void multivariateSampleCovariance() {
        // Sample covariance of N draws: each entry has SE about sqrt((S_ii S_jj + S_ij^2) / N) <= 0.0063 here; 5 SE = 0.032.
        double[][] cov = {{2.0, 0.6}, {0.6, 1.0}};
        MultivariateGaussian g = MultivariateGaussian.of(new double[] {1.0, -1.0}, cov);
        Rng rng = new Rng(5);
        double[][] s = new double[2][2];
        double[] m = new double[2];
        double[][] zs = g.sample(rng, N);
        for (double[] z : zs) for (int i = 0; i < 2; i++) m[i] += z[i] / N;
        for (double[] z : zs) for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) s[i][j] += (z[i] - m[i]) * (z[j] - m[j]) / (N - 1);
        assertEquals(1.0, m[0], 5 * Math.sqrt(2.0 / N));
        assertEquals(-1.0, m[1], 5 * Math.sqrt(1.0 / N));
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 2; j++) assertEquals(cov[i][j], s[i][j], 0.032, "cov[" + i + "][" + j + "]");
    }

    @Test
    void badInputGivesClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DiagonalGaussian.ofMeanStd(new double[] {0, 0}, new double[] {1}));
        assertTrue(e.getMessage().contains("expected 2 values, got 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DiagonalGaussian.ofMeanStd(new double[] {0}, new double[] {-1}));
        assertThrows(IllegalArgumentException.class, () -> DiagonalGaussian.ofMeanVariance(new double[] {0}, new double[] {-0.5}));
        assertThrows(IllegalArgumentException.class, () -> DiagonalGaussian.ofMeanLogVar(new double[] {Double.NaN}, new double[] {0}));
        DiagonalGaussian q = DiagonalGaussian.standard(2);
        e = assertThrows(IllegalArgumentException.class, () -> q.logDensity(new double[3]));
        assertTrue(e.getMessage().contains("expected 2 values, got 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> MultivariateGaussian.of(new double[2], new double[][] {{1, 2}, {2, 1}}));
        assertTrue(e.getMessage().contains("not positive definite"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> MultivariateGaussian.of(new double[2], new double[][] {{1, 0.5}, {0.2, 1}}));
        assertTrue(e.getMessage().contains("symmetric"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MultivariateGaussian.of(new double[3], new double[][] {{1, 0}, {0, 1}}));
        assertTrue(e.getMessage().contains("3x3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> KL.diagonal(DiagonalGaussian.standard(2), DiagonalGaussian.standard(3)));
    }

    @Test
    void factoriesCopyTheirInput() {
        double[] mean = {1.0};
        DiagonalGaussian q = DiagonalGaussian.ofMeanStd(mean, new double[] {2.0});
        mean[0] = 99;
        assertEquals(1.0, q.mean(0), 0.0);
        q.mean()[0] = 42;
        assertEquals(1.0, q.mean(0), 0.0);
    }

    static double[] meanSe(double[] v) {
        double m = 0;
        for (double x : v) m += x;
        m /= v.length;
        double ss = 0;
        for (double x : v) ss += (x - m) * (x - m);
        return new double[] {m, Math.sqrt(ss / (v.length - 1) / v.length)};
    }
}
