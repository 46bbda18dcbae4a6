package vae.eval;

import vae.linalg.ElementWise;
import vae.linalg.Matrix;
import vae.linalg.Parallel;
import vae.model.Encoding;
import vae.model.Vae;
import vae.prob.LogSumExp;
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
    private static final double LOG_2PI = Math.log(2 * Math.PI);
    /** Samples decoded per matrix product. */
    private static final int CHUNK = 1000;

    private ImportanceWeighted() {}

    /** The estimate with samples from the encoder, {@link Proposal#POSTERIOR}. */
    public static ImportanceEstimate estimate(Vae vae, Matrix images, int k, Rng rng) {
        return estimate(vae, images, k, Proposal.POSTERIOR, rng);
    }

    /**
     * The estimate for every row of {@code images} (n x inputDim) with {@code k} samples each,
     * drawn from {@code rng} (advanced: image by image, k x latent normals each).
     */
    public static ImportanceEstimate estimate(Vae vae, Matrix images, int k, Proposal proposal, Rng rng) {
        if (k < 1) throw new IllegalArgumentException("K must be >= 1, got " + k);
        int n = images.rows(), d = vae.config().inputDim(), latent = vae.config().latentDim();
        Matrix.requireCols(images, d, "images");
        Encoding q = vae.encode(images);
        Parallel parallel = Parallel.of(vae.config().threads());
        double[] logpx = new double[n];
        double[] ess = new double[n];
        double[] logW = new double[k];
        float[] x = images.data(), mu = q.mu().data(), logvar = q.logvar().data();
        for (int i = 0; i < n; i++) {
            for (int from = 0; from < k; from += CHUNK) {
                int rows = Math.min(CHUNK, k - from);
                Matrix z = Vae.standardNormal(rows, latent, rng); // eps, turned into z in place below
                float[] zs = z.data();
                double[] logPriorMinusQ = new double[rows];
                for (int s = 0; s < rows; s++) {
                    double sum = 0;
                    for (int j = 0; j < latent; j++) {
                        int e = s * latent + j;
                        if (proposal == Proposal.POSTERIOR) {
                            int m = i * latent + j;
                            zs[e] = mu[m] + (float) Math.exp(0.5 * logvar[m]) * zs[e];   // z = mu + sigma * eps
                            double zj = zs[e], diff = zj - mu[m];
                            double logQ = -0.5 * (LOG_2PI + logvar[m] + diff * diff / Math.exp(logvar[m]));
                            double logP = -0.5 * (LOG_2PI + zj * zj);
                            sum += logP - logQ;                                          // log p(z) - log q(z|x)
                        }
                    }
                    logPriorMinusQ[s] = sum;                                             // 0 for the prior
                }
                Matrix logits = vae.decode(z);
                float[] l = logits.data();
                int offset = from, xi = i * d;
                parallel.forRange(rows, 2L * d, (a, b) -> {
                    for (int s = a; s < b; s++) {
                        double logLik = ElementWise.sumBernoulliLogProb(x, xi, l, s * d, d); // log p(x|z_s), double
                        logW[offset + s] = logLik + logPriorMinusQ[s];
                    }
                });
            }
            double lse = LogSumExp.logSumExp(logW, 0, k);
            logpx[i] = lse - Math.log(k);                                                 // logmeanexp
            double[] twice = new double[k];
            for (int s = 0; s < k; s++) twice[s] = 2 * logW[s];
            ess[i] = Math.exp(2 * lse - LogSumExp.logSumExp(twice, 0, k));               // (sum w)^2 / sum w^2
        }
        return new ImportanceEstimate(logpx, ess, k, proposal);
    }
}
