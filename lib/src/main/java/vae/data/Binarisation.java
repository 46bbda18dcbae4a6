package vae.data;

import vae.linalg.Matrix;
import vae.prob.Rng;

/**
 * How grey levels in [0, 1] are turned into the data the Bernoulli decoder sees.
 * Binary pixels make the decoder's product of Bernoullis a probability mass function over the
 * 2^784 binary images, so its log is a log-probability; on grey levels it is not normalised.
 * <ul>
 *   <li>{@link #NONE}: keep the grey levels (as the PyTorch reference does; the speed benchmark's
 *       protocol, whose "likelihood" is not normalised);</li>
 *   <li>{@link #THRESHOLD}: {@code x' = 1 if x > 0.5 else 0}, the same every epoch;</li>
 *   <li>{@link #BERNOULLI}: {@code x' ~ Bernoulli(x)}, a fresh seeded draw each time it is
 *       applied (the trainer applies it to every batch, so every epoch sees a new draw; a test set
 *       is drawn once, {@link Dataset#binarised}).</li>
 * </ul>
 */
public enum Binarisation {
    NONE, THRESHOLD, BERNOULLI;

    /** The fixed threshold of {@link #THRESHOLD}. */
    public static final float THRESHOLD_LEVEL = 0.5f;

    /**
     * The binarised images as a new matrix; {@code x} is not modified ({@link #NONE} returns x
     * itself). {@code rng} is used only by {@link #BERNOULLI} (one uniform per pixel, row-major).
     */
    public Matrix apply(Matrix x, Rng rng) {
        if (this == NONE) return x;
        Matrix out = Matrix.zeros(x.rows(), x.cols());
        float[] in = x.data(), o = out.data();
        if (this == THRESHOLD) {
            for (int i = 0; i < in.length; i++) o[i] = in[i] > THRESHOLD_LEVEL ? 1f : 0f;
        } else {
            if (rng == null) throw new IllegalArgumentException("BERNOULLI binarisation needs an Rng, got null");
            for (int i = 0; i < in.length; i++) o[i] = rng.nextDouble() < in[i] ? 1f : 0f;
        }
        return out;
    }
}
