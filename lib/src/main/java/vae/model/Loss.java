package vae.model;

/**
 * The VAE loss of a batch of n images, summed over pixels and images:
 * <pre>
 *   loss = reconstruction + beta * kl
 *   reconstruction = -sum log p(x | z)            (binary cross-entropy, z ~ q(z|x) once)
 *   kl = -0.5 * sum(1 + logvar - mu^2 - exp(logvar))   (KL(q(z|x) || N(0, I)), Kingma and Welling, app. B)
 * </pre>
 * With beta = 1 the loss is minus the ELBO. The per-image values are what the reference reports.
 */
public record Loss(int n, double reconstruction, double kl, double beta) {

    /** {@code reconstruction + beta * kl}, summed over the batch. */
    public double total() {
        return reconstruction + beta * kl;
    }

    /** {@code total() / n}. */
    public double perImage() {
        return total() / n;
    }

    public double reconstructionPerImage() {
        return reconstruction / n;
    }

    public double klPerImage() {
        return kl / n;
    }

    /** True when every term is finite. */
    public boolean isFinite() {
        return Double.isFinite(reconstruction) && Double.isFinite(kl) && Double.isFinite(total());
    }

    @Override
    public String toString() {
        return String.format("Loss{n=%d, perImage=%.4f, reconstruction=%.4f, kl=%.4f, beta=%s}",
                n, perImage(), reconstructionPerImage(), klPerImage(), beta);
    }
}
