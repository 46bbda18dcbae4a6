package vae.model;

import vae.linalg.Matrix;
import vae.prob.BernoulliLogits;

/**
 * What an evaluation needs of a VAE with a diagonal Gaussian {@code q(z|x)}, a standard normal
 * prior and a Bernoulli decoder: the encoder's {@link Encoding} (mean and log-variance) of a batch
 * of images and the decoder's logits of a batch of codes. The reference {@link Vae} and the deeper
 * {@link DeepVae} (Burda et al.'s) both are one, so the importance-weighted estimate
 * ({@code vae.eval.ImportanceWeighted}) is written once for both.
 */
public interface GaussianBernoulliVae {
    /** Pixels per image. */
    int inputDim();

    /** Dimensions of z. */
    int latentDim();

    /** Threads the model's products run on (the estimate splits its likelihood sums over as many). */
    int threads();

    /** {@code q(z|x)} of a batch of images (n x inputDim), as new matrices. */
    Encoding encode(Matrix x);

    /** {@code p(x|z)}'s logits for a batch of codes (n x latentDim), as a new matrix. */
    Matrix decode(Matrix z);

    /**
     * Multiply-adds of {@link #decode} per code (the sum of in x out over the decoder's layers):
     * what a caller splitting many decodes over threads weighs the work by.
     */
    long decoderMultiplyAdds();

    /** The decoder's pixel means {@code sigmoid(decode(z))}, as a new matrix (for pictures). */
    default Matrix decodeMean(Matrix z) {
        Matrix logits = decode(z);
        float[] l = logits.data();
        for (int i = 0; i < l.length; i++) l[i] = (float) BernoulliLogits.sigmoid(l[i]);
        return logits;
    }
}
