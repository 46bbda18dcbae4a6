package vae.eval;

import vae.linalg.ElementWise;
import vae.linalg.Matrix;
import vae.linalg.Parallel;
import vae.model.Encoding;
import vae.model.GaussianBernoulliVae;
import vae.model.Vae;
import vae.prob.EffectiveSampleSize;
import vae.prob.LogSumExp;
import vae.prob.Normal;
import vae.prob.Reparameterisation;
import vae.prob.Rng;

/**
 * The importance-weighted estimate of the marginal likelihood (Burda et al., 2016):
 * <pre>
 *   log p(x) ~ log (1/K) sum_k w_k,   log w_k = log p(x|z_k) + log p(z_k) - log q(z_k|x),   z_k ~ q(z|x)
 * </pre>
 * a lower bound in expectation that rises with K towards {@code log p(x)} (K = 1 is the ELBO with
 * one sample). With {@link Proposal#PRIOR} the samples come from {@code p(z)}, so
 * {@code log w_k = log p(x|z_k)}: consistent too, but the effective sample size collapses.
 *
 * <p>Precision: the networks run in float (as in training); each {@code log w_k} and the
 * log-mean-exp are computed in double from the float logits and the float z actually decoded.
 */
public final class ImportanceWeighted {
    /** Samples decoded per matrix product, unless the caller says otherwise. */
    public static final int CHUNK = 1000;

    private ImportanceWeighted() {}

    /** The estimate with samples from the encoder, {@link Proposal#ENCODER}. */
    public static ImportanceEstimate estimate(GaussianBernoulliVae vae, Matrix images, int k, Rng rng) {
        return estimate(vae, images, k, Proposal.ENCODER, rng);
    }

    /**
     * The estimate for every row of {@code images} (n x inputDim) with {@code k} samples each,
     * drawn from {@code rng} (advanced: image by image, k x latent normals each).
     */
    public static ImportanceEstimate estimate(GaussianBernoulliVae vae, Matrix images, int k, Proposal proposal, Rng rng) {
        return estimate(vae, images, k, proposal, rng, CHUNK);
    }

    /**
     * The same, decoding up to {@code chunk} samples of one image per matrix product (the draws
     * and the result do not depend on the chunk: the normals come from {@code rng} in the same
     * order; a larger chunk only makes fewer, larger products).
     */
    public static ImportanceEstimate estimate(GaussianBernoulliVae vae, Matrix images, int k, Proposal proposal, Rng rng,
                                              int chunk) {
        if (k < 1) throw new IllegalArgumentException("K must be >= 1, got " + k);
        if (chunk < 1) throw new IllegalArgumentException("chunk must be >= 1, got " + chunk);
        int n = images.rows(), d = vae.inputDim();
        Matrix.requireCols(images, d, "images");
        Encoding q = vae.encode(images);
        double[] logpx = new double[n];
        double[] ess = new double[n];
        double[] logW = new double[k];
        for (int i = 0; i < n; i++) {
            for (int from = 0; from < k; from += chunk) {
                logWeights(vae, images, q, i, proposal, Math.min(chunk, k - from), rng, logW, from);
            }
            logpx[i] = LogSumExp.logMeanExp(logW);
            ess[i] = EffectiveSampleSize.of(logW);
        }
        return new ImportanceEstimate(logpx, ess, k, proposal);
    }

    /**
     * {@code log w_s = log p(x_i|z_s) + log p(z_s) - log q(z_s|x_i)} for {@code rows} samples of z
     * into {@code logW[offset..offset+rows)} (modified); with the prior as proposal the last two
     * terms cancel. The likelihood in double from the float logits of the float z actually decoded.
     */
    private static void logWeights(GaussianBernoulliVae vae, Matrix images, Encoding q, int i, Proposal proposal, int rows, Rng rng,
                                   double[] logW, int offset) {
        int latent = vae.latentDim(), d = vae.inputDim();
        Matrix z = Vae.standardNormal(rows, latent, rng); // eps, turned into z in place below
        double[] logPriorMinusQ = new double[rows];       // 0 for the prior
        if (proposal == Proposal.ENCODER) {
            float[] zs = z.data(), mu = q.mu().data(), logvar = q.logvar().data();
            int m = i * latent;
            for (int s = 0; s < rows; s++) {
                Reparameterisation.sample(mu, logvar, m, zs, zs, s * latent, latent); // z = mu + sigma eps
                double sum = 0;
                for (int j = 0; j < latent; j++) {
                    double zj = zs[s * latent + j];
                    sum += Normal.logDensityStandard(zj) - Normal.logDensityLogVar(zj, mu[m + j], logvar[m + j]);
                }
                logPriorMinusQ[s] = sum;
            }
        }
        float[] x = images.data(), l = vae.decode(z).data();
        int xi = i * d;
        Parallel.of(vae.threads()).forRange(rows, 2L * d, (a, b) -> {
            for (int s = a; s < b; s++) {
                double logLik = ElementWise.sumBernoulliLogProb(x, xi, l, s * d, d); // log p(x|z_s), double
                logW[offset + s] = logLik + logPriorMinusQ[s];
            }
        });
    }
}
