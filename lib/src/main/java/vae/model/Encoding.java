package vae.model;

import vae.linalg.Matrix;

/**
 * The encoder's output for a batch: the diagonal Gaussian {@code q(z|x) = N(mu, diag(exp(logvar)))},
 * each batch x latent.
 */
public record Encoding(Matrix mu, Matrix logvar) {
    /** The standard deviations {@code sigma = exp(logvar / 2)} as a new matrix. */
    public Matrix sigma() {
        Matrix s = Matrix.zeros(logvar.rows(), logvar.cols());
        float[] lv = logvar.data(), o = s.data();
        for (int i = 0; i < lv.length; i++) o[i] = (float) Math.exp(0.5 * lv[i]);
        return s;
    }
}
