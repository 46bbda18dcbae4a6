package vae.eval;

import java.util.Arrays;
import vae.linalg.ElementWise;
import vae.linalg.Matrix;
import vae.linalg.Parallel;
import vae.model.Encoding;
import vae.model.Vae;
import vae.prob.Rng;

/**
 * The ELBO of every image, split into its two terms:
 * <pre>
 *   ELBO(x) = E_q[log p(x|z)] - KL(q(z|x) || p(z))
 * </pre>
 * with the expectation estimated by the mean over S samples {@code z = mu + sigma * eps} and the
 * KL in closed form. Each image's {@code log p(x|z_s)} is summed from the float logits by
 * {@link ElementWise#sumBernoulliLogProb}, as the importance-weighted estimate sums it (vector
 * lanes in double, each term within a few ulps of {@link vae.prob.BernoulliLogits#logProb}; the
 * scalar loop over {@code StrictMath} took 31 us per image, 20 times as long), the images of a
 * batch split over the model's threads: the same bits for any thread count.
 *
 * @param reconstruction per image, {@code (1/S) sum_s log p(x|z_s)} (nats, negative)
 * @param kl             per image, the analytic KL (nats, positive)
 * @param elbo           per image, {@code reconstruction - kl}
 * @param samples        S
 */
public record ElboTerms(double[] reconstruction, double[] kl, double[] elbo, int samples) {

    /** Images per encoder batch. */
    private static final int BATCH = 128;
    /** Work per pixel of the likelihood (an exp and a log1p in vector lanes), in multiply-adds, for the thread split. */
    private static final long LIKELIHOOD_WORK = 20;

    /**
     * The terms for every row of {@code images} with {@code samples} draws of z per image from
     * {@code rng} (advanced).
     */
    public static ElboTerms of(Vae vae, Matrix images, int samples, Rng rng) {
        if (samples < 1) throw new IllegalArgumentException("samples must be >= 1, got " + samples);
        int n = images.rows(), d = vae.config().inputDim();
        Matrix.requireCols(images, d, "images");
        double[] rec = new double[n], kl = new double[n], elbo = new double[n];
        Parallel parallel = Parallel.of(vae.threads());
        for (int from = 0; from < n; from += BATCH) {
            int to = Math.min(n, from + BATCH);
            Matrix x = images.rows(from, to);
            Encoding q = vae.encode(x);
            double[] k = q.klToStandardNormal();
            for (int s = 0; s < samples; s++) {
                float[] xs = x.data(), logits = vae.decode(vae.reparameterize(q.mu(), q.logvar(), rng)).data();
                int first = from;
                parallel.forRange(to - from, LIKELIHOOD_WORK * d, (a, b) -> {
                    for (int i = a; i < b; i++) {
                        rec[first + i] += ElementWise.sumBernoulliLogProb(xs, i * d, logits, i * d, d) / samples;
                    }
                });
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
