package vae.eval;

import java.util.Arrays;
import vae.linalg.Matrix;
import vae.model.Encoding;
import vae.model.Vae;
import vae.prob.BernoulliLogits;
import vae.prob.Rng;

/**
 * The ELBO of every image, split into its two terms:
 * <pre>
 *   ELBO(x) = E_q[log p(x|z)] - KL(q(z|x) || p(z))
 * </pre>
 * with the expectation estimated by the mean over S samples {@code z = mu + sigma * eps} and the
 * KL in closed form. Log-likelihoods are summed in double from the float logits.
 *
 * @param reconstruction per image, {@code (1/S) sum_s log p(x|z_s)} (nats, negative)
 * @param kl             per image, the analytic KL (nats, positive)
 * @param elbo           per image, {@code reconstruction - kl}
 * @param samples        S
 */
public record ElboTerms(double[] reconstruction, double[] kl, double[] elbo, int samples) {

    /** Images per encoder batch. */
    private static final int BATCH = 128;

    /**
     * The terms for every row of {@code images} with {@code samples} draws of z per image from
     * {@code rng} (advanced).
     */
    public static ElboTerms of(Vae vae, Matrix images, int samples, Rng rng) {
        if (samples < 1) throw new IllegalArgumentException("samples must be >= 1, got " + samples);
        int n = images.rows(), d = vae.config().inputDim();
        Matrix.requireCols(images, d, "images");
        double[] rec = new double[n], kl = new double[n], elbo = new double[n];
        for (int from = 0; from < n; from += BATCH) {
            int to = Math.min(n, from + BATCH);
            Matrix x = images.rows(from, to);
            Encoding q = vae.encode(x);
            double[] k = q.klToStandardNormal();
            for (int s = 0; s < samples; s++) {
                Matrix logits = vae.decode(vae.reparameterize(q.mu(), q.logvar(), rng));
                for (int i = 0; i < to - from; i++) {
                    rec[from + i] += BernoulliLogits.sumLogProb(x.data(), logits.data(), i * d, (i + 1) * d) / samples;
                }
            }
            for (int i = 0; i < to - from; i++) {
                kl[from + i] = k[i];
                elbo[from + i] = rec[from + i] - k[i];
            }
        }
        return new ElboTerms(rec, kl, elbo, samples);
    }

    public double meanReconstruction() {
        return Arrays.stream(reconstruction).average().orElse(Double.NaN);
    }

    public double meanKl() {
        return Arrays.stream(kl).average().orElse(Double.NaN);
    }

    public double meanElbo() {
        return Arrays.stream(elbo).average().orElse(Double.NaN);
    }

    @Override
    public String toString() {
        return String.format("ElboTerms{images=%d, samples=%d, ELBO=%.4f, reconstruction=%.4f, KL=%.4f}",
                elbo.length, samples, meanElbo(), meanReconstruction(), meanKl());
    }
}
