package vae.eval;

import java.util.concurrent.atomic.AtomicInteger;
import vae.linalg.ElementWise;
import vae.linalg.Matrix;
import vae.linalg.Parallel;
import vae.model.Encoding;
import vae.model.GaussianBernoulliVae;
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
    /**
     * Samples decoded per product on one thread: their logits (64 x 784 floats, 200 KB) are still in
     * the core's second-level cache when the likelihood reads them.
     */
    private static final int ROWS = 64;

    private ImportanceWeighted() {}

    /** The estimate with samples from the encoder, {@link Proposal#ENCODER}. */
    public static ImportanceEstimate estimate(GaussianBernoulliVae vae, Matrix images, int k, Rng rng) {
        return estimate(vae, images, k, Proposal.ENCODER, rng);
    }

    /**
     * The estimate for every row of {@code images} (n x inputDim) with {@code k} samples each,
     * drawn from {@code rng} (advanced: image by image, k x latent normals each).
     *
     * <p>Where the time goes: per image, the model's threads take the k samples {@value #ROWS} at a
     * time (whoever is free takes the next {@value #ROWS}: one hand-off per image), each through the
     * whole chain, its noise, z, the decoder and the likelihood; the decoder's products run whole on
     * that thread ({@link Parallel#forRange} inside a block). The image's k x latent normals are taken
     * from {@code rng} at once ({@link Rng#takeGaussians}: the same normals as drawn one by one), and
     * each block computes its own rows of them. Each {@code log w_s} depends on sample s alone, and
     * the log-mean-exp adds them in sample order, so neither the thread count nor which thread took
     * which samples changes a bit.
     */
    public static ImportanceEstimate estimate(GaussianBernoulliVae vae, Matrix images, int k, Proposal proposal, Rng rng) {
        if (k < 1) throw new IllegalArgumentException("K must be >= 1, got " + k);
        int n = images.rows(), d = vae.inputDim(), latent = vae.latentDim();
        Matrix.requireCols(images, d, "images");
        Encoding q = vae.encode(images);
        Parallel parallel = Parallel.of(vae.threads());
        long workPerThread = (long) k * vae.decoderMultiplyAdds() / parallel.threads();
        double[] logpx = new double[n];
        double[] ess = new double[n];
        double[] logW = new double[k];
        // q's sigma and precision once per image and dimension, not once per sample: two exponentials each
        float[] sigma = q.sigma().data(), logvar = q.logvar().data();
        double[] precision = new double[logvar.length];
        for (int j = 0; j < logvar.length; j++) precision[j] = Normal.precision(logvar[j]);
        for (int i = 0; i < n; i++) {
            int image = i;
            Rng.Gaussians eps = rng.takeGaussians(k * latent);                   // k x latent normals, row by row
            AtomicInteger taken = new AtomicInteger();
            parallel.forRange(parallel.threads(), workPerThread, (from, to) -> {
                for (int t = from; t < to; t++) {
                    for (int s; (s = taken.getAndAdd(ROWS)) < k; ) {
                        logWeights(vae, images, q, sigma, precision, image, proposal, eps, s, Math.min(k, s + ROWS), logW);
                    }
                }
            });
            logpx[i] = LogSumExp.logMeanExp(logW);
            ess[i] = EffectiveSampleSize.of(logW);
        }
        return new ImportanceEstimate(logpx, ess, k, proposal);
    }

    /**
     * {@code log w_s = log p(x_i|z_s) + log p(z_s) - log q(z_s|x_i)} for samples s in [from, to),
     * z_s from the noise {@code eps} (row s), into {@code logW[s]} (modified); with the prior as
     * proposal z_s is the noise and the last two terms cancel. {@code sigma} and {@code precision} are
     * q's standard deviations and precisions, laid out as q's matrices (a row per image). The likelihood in
     * double from the float logits of the float z actually decoded.
     */
    private static void logWeights(GaussianBernoulliVae vae, Matrix images, Encoding q, float[] sigma, double[] precision,
                                   int i, Proposal proposal, Rng.Gaussians eps, int from, int to, double[] logW) {
        int latent = vae.latentDim(), d = vae.inputDim(), rows = to - from;
        Matrix z = Matrix.zeros(rows, latent);
        float[] zs = z.data();
        eps.fill(zs, 0, from * latent, to * latent);
        double[] logPriorMinusQ = new double[rows];       // 0 for the prior
        if (proposal == Proposal.ENCODER) {
            float[] mu = q.mu().data(), logvar = q.logvar().data();
            int m = i * latent;
            for (int s = 0; s < rows; s++) {
                double sum = 0;
                for (int j = 0; j < latent; j++) {
                    int o = s * latent + j;
                    zs[o] = Reparameterisation.sample(mu[m + j], sigma[m + j], zs[o]);           // z = mu + sigma eps
                    double zj = zs[o];
                    sum += Normal.logDensityStandard(zj) - Normal.logDensityLogVar(zj, mu[m + j], logvar[m + j], precision[m + j]);
                }
                logPriorMinusQ[s] = sum;
            }
        }
        float[] x = images.data(), l = vae.decode(z).data();
        int xi = i * d;
        for (int s = 0; s < rows; s++) {
            double logLik = ElementWise.sumBernoulliLogProb(x, xi, l, s * d, d); // log p(x|z_s), double
            logW[from + s] = logLik + logPriorMinusQ[s];
        }
    }
}
