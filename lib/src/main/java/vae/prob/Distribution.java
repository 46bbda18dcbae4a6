package vae.prob;

/**
 * A continuous distribution on R^d that can be sampled and evaluated: the interface an
 * importance-sampling proposal q(z) needs.
 */
public interface Distribution {
    /** The dimension d of the sample space. */
    int dim();

    /** One draw z ~ q (a new array of length {@link #dim()}). */
    double[] sample(Rng rng);

    /** {@code log q(z)}; z must have length {@link #dim()}. */
    double logDensity(double[] z);

    /** n draws, one per row. */
    default double[][] sample(Rng rng, int n) {
        if (n < 0) throw new IllegalArgumentException("n must be >= 0, got " + n);
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) out[i] = sample(rng);
        return out;
    }
}
