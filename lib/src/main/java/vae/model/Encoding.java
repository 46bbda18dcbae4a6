package vae.model;

import vae.linalg.Matrix;
import vae.prob.KL;
import vae.prob.Reparameterisation;

/**
 * The encoder's output for a batch: the diagonal Gaussian {@code q(z|x) = N(mu, diag(exp(logvar)))},
 * each batch x latent.
 */
public record Encoding(Matrix mu, Matrix logvar) {
    public Encoding {
        Matrix.requireShape(logvar, mu.rows(), mu.cols(), "logvar (must match mu)");
    }

    /** The standard deviations {@code sigma = exp(logvar / 2)} as a new matrix. */
    public Matrix sigma() {
        Matrix s = Matrix.zeros(logvar.rows(), logvar.cols());
        float[] lv = logvar.data(), o = s.data();
        for (int i = 0; i < lv.length; i++) o[i] = Reparameterisation.std(lv[i]);
        return s;
    }

    /**
     * Per image (row), the closed-form {@code KL(q(z|x) || N(0, I)) = -1/2 sum_j (1 + logvar_j - mu_j^2 - exp(logvar_j))}
     * ({@link KL#toStandardNormal(float[], float[], int, int)}), in double.
     */
    public double[] klToStandardNormal() {
        int n = mu.rows(), k = mu.cols();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = KL.toStandardNormal(mu.data(), logvar.data(), i * k, (i + 1) * k);
        return out;
    }
}
