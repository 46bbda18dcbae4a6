package vae.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import vae.linalg.Matrix;
import vae.model.Vae;
import vae.model.VaeConfig;
import vae.nn.Dense;
import vae.prob.BernoulliLogits;
import vae.prob.LogSumExp;
import vae.prob.Rng;

/**
 * With a one-dimensional latent, log p(x) = log integral p(x|z) N(z; 0, 1) dz is computed exactly
 * enough by quadrature (48001 points on [-12, 12]; the prior's mass outside is ~1e-32), using the
 * same float decoder. Both proposals must converge to it; tolerance: 5 standard errors of the
 * log-mean of the weights, sqrt(1/ESS - 1/K) (delta method), plus 1e-3 for quadrature and float
 * rounding of the decoder.
 */
class ImportanceWeightedTest {
    private static final VaeConfig TINY = VaeConfig.builder().inputDim(6).hiddenDim(5).latentDim(1).threads(2).seed(4).build();

    /** A tiny VAE with a sharpened decoder, so the posterior is narrower than the prior. */
    private static Vae tinyVae() {
        Vae vae = new Vae(TINY);
        for (Dense d : vae.layers().subList(3, 5)) {
            float[] w = d.weight().value().data();
            for (int i = 0; i < w.length; i++) w[i] *= 4f;
        }
        return vae;
    }

    private static Matrix images() {
        Rng rng = new Rng(8);
        Matrix x = Matrix.zeros(3, 6);
        for (int i = 0; i < x.data().length; i++) x.data()[i] = (float) rng.nextDouble();
        return x;
    }

    /** log p(x) = logsumexp_i [log p(x|z_i) + log N(z_i) + log dz], rectangle rule over z. */
    private static double[] quadrature(Vae vae, Matrix x) {
        int g = 48001, d = x.cols();
        double lo = -12, dz = 24.0 / (g - 1);
        Matrix z = Matrix.zeros(g, 1);
        for (int i = 0; i < g; i++) z.data()[i] = (float) (lo + i * dz);
        float[] logits = vae.decode(z).data();
        double[] out = new double[x.rows()];
        double[] terms = new double[g];
        for (int n = 0; n < x.rows(); n++) {
            for (int i = 0; i < g; i++) {
                double zi = z.data()[i], ll = 0;
                for (int j = 0; j < d; j++) ll += BernoulliLogits.logProb((double) x.get(n, j), (double) logits[i * d + j]);
                terms[i] = ll - 0.5 * zi * zi - 0.5 * Math.log(2 * Math.PI) + Math.log(dz);
            }
            out[n] = LogSumExp.logSumExp(terms);
        }
        return out;
    }

    @Test
    void bothProposalsConvergeToTheExactLogLikelihood() {
        Vae vae = tinyVae();
        Matrix x = images();
        double[] exact = quadrature(vae, x);
        int k = 50_000;
        for (Proposal proposal : Proposal.values()) {
            ImportanceEstimate est = ImportanceWeighted.estimate(vae, x, k, proposal, new Rng(17));
            for (int n = 0; n < x.rows(); n++) {
                double ess = est.ess()[n];
                assertTrue(ess >= 1 && ess <= k, "ESS " + ess + " outside [1, K]");
                double tol = 5 * Math.sqrt(1 / ess - 1.0 / k) + 1e-3;
                assertEquals(exact[n], est.logpx()[n], tol, proposal + ", image " + n + " (ESS " + ess + ")");
            }
        }
    }

    @Test
    void boundRisesWithKAndTheElboIsBelow() {
        Vae vae = tinyVae();
        Matrix x = images();
        double exact = mean(quadrature(vae, x));
        // E[bound_K] rises with K: 4000 repetitions of K = 1 (the one-sample ELBO), 200 of K = 100.
        int reps = 4000;
        double k1 = 0, k1Sq = 0, k100 = 0;
        Rng rng = new Rng(3);
        for (int r = 0; r < reps; r++) {
            double v = ImportanceWeighted.estimate(vae, x, 1, rng).mean();
            k1 += v / reps;
            k1Sq += v * v / reps;
        }
        for (int r = 0; r < 200; r++) k100 += ImportanceWeighted.estimate(vae, x, 100, rng).mean() / 200;
        double se = Math.sqrt((k1Sq - k1 * k1) / reps);
        ElboTerms elbo = ElboTerms.of(vae, x, 20_000, new Rng(5));
        assertTrue(k1 < k100 && k100 <= exact + 0.01, "K=1 " + k1 + ", K=100 " + k100 + ", exact " + exact);
        // E[log w] with z ~ q is the ELBO: the K = 1 mean within 5 of its standard errors (the ELBO's own
        // Monte Carlo error with 20000 samples is ~60 times smaller).
        assertEquals(elbo.meanElbo(), k1, 5 * se, "E[bound_1] is the ELBO (se " + se + ")");
        assertTrue(elbo.meanElbo() < exact, "ELBO " + elbo.meanElbo() + " below log p(x) " + exact);
        for (int n = 0; n < x.rows(); n++) {
            assertEquals(elbo.reconstruction()[n] - elbo.kl()[n], elbo.elbo()[n], 1e-12);
            assertTrue(elbo.kl()[n] >= 0);
        }
    }

    @Test
    void oneSampleElboTermsMatchTheTrainingLoss() {
        Vae vae = tinyVae();
        Matrix x = images();
        ElboTerms terms = ElboTerms.of(vae, x, 1, new Rng(6));
        vae.model.Loss loss = vae.loss(x, new Rng(6)); // same eps: both draw 3 x 1 normals first
        assertEquals(-loss.perImage(), terms.meanElbo(), 1e-12 * Math.abs(loss.perImage()), "sums in another order only");
        assertEquals(loss.klPerImage(), terms.meanKl(), 1e-12);
    }

    private static double mean(double[] a) {
        double s = 0;
        for (double v : a) s += v;
        return s / a.length;
    }

    /**
     * The estimate of the reference model's shape (784 -> 400 -> 20) on 3 images with K = 150 (each
     * thread's share ends in a part of the {@code ROWS} samples decoded together): the same bits on
     * 1, 2 and 3 threads, and within 1e-9 relative of an independent computation, one sample at a
     * time with the scalar Bernoulli formula (StrictMath exp and log1p, where the estimate uses the
     * vector polynomials) and the same noise.
     */
    @Test
    void sameBitsOnAnyThreadCountAndAgreesWithOneSampleAtATime() {
        int k = 150, latent = 20;
        Matrix x = Matrix.zeros(3, 784);
        Rng pixels = new Rng(21);
        for (int i = 0; i < x.data().length; i++) x.data()[i] = pixels.nextDouble() < 0.2 ? (float) pixels.nextDouble() : 0f;
        ImportanceEstimate one = null;
        for (int threads : new int[] {1, 2, 3}) {
            Vae vae = new Vae(VaeConfig.builder().threads(threads).seed(6).build());
            ImportanceEstimate e = ImportanceWeighted.estimate(vae, x, k, new Rng(17));
            if (one == null) {
                one = e;
                continue;
            }
            for (int i = 0; i < x.rows(); i++) {
                assertEquals(Double.doubleToRawLongBits(one.logpx()[i]), Double.doubleToRawLongBits(e.logpx()[i]),
                        "image " + i + " with " + threads + " threads: " + e.logpx()[i] + " vs " + one.logpx()[i] + " with 1");
            }
        }
        Vae vae = new Vae(VaeConfig.builder().threads(1).seed(6).build());
        var q = vae.encode(x);
        Rng rng = new Rng(17);
        for (int i = 0; i < x.rows(); i++) {
            double[] logW = new double[k];
            for (int s = 0; s < k; s++) {
                Matrix z = Matrix.zeros(1, latent);
                double logPriorMinusQ = 0;
                for (int j = 0; j < latent; j++) {
                    float mu = q.mu().get(i, j), logvar = q.logvar().get(i, j);
                    float zj = mu + (float) StrictMath.exp(0.5 * logvar) * (float) rng.nextGaussian();
                    z.set(0, j, zj);
                    logPriorMinusQ += -0.5 * zj * zj + 0.5 * (logvar + (zj - mu) * (zj - mu) * StrictMath.exp(-logvar));
                }
                float[] logits = vae.decode(z).data();
                double logLik = 0;
                for (int p = 0; p < 784; p++) logLik += BernoulliLogits.logProb((double) x.get(i, p), (double) logits[p]);
                logW[s] = logLik + logPriorMinusQ;
            }
            double expected = LogSumExp.logMeanExp(logW);
            assertEquals(expected, one.logpx()[i], 1e-9 * Math.abs(expected), "image " + i);
        }
    }
}
