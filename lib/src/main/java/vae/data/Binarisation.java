package vae.data;

import vae.linalg.ElementWise;
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
        return this == NONE ? x : apply(x, rng, Matrix.zeros(x.rows(), x.cols()));
    }

    /**
     * As {@link #apply(Matrix, Rng)}, into {@code out} (modified; the shape of x, not x itself),
     * which is returned; {@link #NONE} copies x. For a training loop that reuses one buffer.
     * {@link #BERNOULLI}: {@code out[i] = 1 if u_i < x[i] else 0} with {@code u_i = rng.nextDouble()}
     * drawn in row-major order, computed in bulk ({@link ElementWise#bernoulliDraws}).
     */
    public Matrix apply(Matrix x, Rng rng, Matrix out) {
        Matrix.requireShape(out, x.rows(), x.cols(), "binarised output");
        if (out == x) throw new IllegalArgumentException("binarise into another matrix than the images");
        float[] in = x.data(), o = out.data();
        switch (this) {
            case NONE -> System.arraycopy(in, 0, o, 0, in.length);
            case THRESHOLD -> {
                for (int i = 0; i < in.length; i++) o[i] = in[i] > THRESHOLD_LEVEL ? 1f : 0f;
            }
            case BERNOULLI -> {
                if (rng == null) throw new IllegalArgumentException("BERNOULLI binarisation needs an Rng, got null");
                ElementWise.bernoulliDraws(rng.takeUniforms(in.length), in, 0, o, 0);
            }
        }
        return out;
    }
}
