package vae.eval;

import java.util.Arrays;

/**
 * Importance-weighted estimates of {@code log p(x)}, one per image, with the effective sample
 * size of each image's weights.
 *
 * @param logpx    per image, {@code logmeanexp_k log w_k} (nats)
 * @param ess      per image, {@code (sum_k w_k)^2 / sum_k w_k^2}, between 1 (one sample carries
 *                 all the weight) and K (equal weights)
 * @param k        samples per image
 * @param proposal where the samples came from
 */
public record ImportanceEstimate(double[] logpx, double[] ess, int k, Proposal proposal) {

    /** Mean of {@code log p(x)} over the images. */
    public double mean() {
        return Arrays.stream(logpx).average().orElse(Double.NaN);
    }

    /** Mean effective sample size over the images. */
    public double meanEss() {
        return Arrays.stream(ess).average().orElse(Double.NaN);
    }

    @Override
    public String toString() {
        return String.format("ImportanceEstimate{images=%d, K=%d, proposal=%s, mean log p(x)=%.4f, mean ESS=%.2f}",
                logpx.length, k, proposal, mean(), meanEss());
    }
}
