package vae.eval;

import vae.linalg.Matrix;
import vae.model.Encoding;
import vae.model.GaussianBernoulliVae;
import vae.prob.KL;

/**
 * What the encoder makes of a set of images: the parameters of {@code q(z|x) = N(mu, diag(exp(logvar)))}
 * for every image (one row each), and per latent dimension the two usual measures of whether the
 * dimension is used:
 * <pre>
 *   KL_j      = mean_x  -0.5 * (1 + logvar_j - mu_j^2 - exp(logvar_j))      (the KL term, split by dimension)
 *   activity_j = Var_x( mu_j(x) )                                           (Burda et al. 2016, "active units")
 * </pre>
 * The KL of an image is the sum of its KL_j, so {@code sum_j klPerDimension()[j]} is the mean KL.
 * A dimension whose KL_j is about 0 has {@code q(z_j|x) = p(z_j)} for every x: it carries no
 * information about x (posterior collapse); its activity is about 0 as well.
 *
 * @param mu     n x latent, the means (copied from the encoder, not shared)
 * @param logvar n x latent, the log-variances
 */
public record LatentCodes(Matrix mu, Matrix logvar) {

    /** Threshold on {@code Var_x(mu_j)} above which Burda et al. (2016) call a unit active. */
    public static final double ACTIVE_THRESHOLD = 0.01;

    /** Images per encoder call (bounds the memory of the hidden layer). */
    private static final int BATCH = 500;

    public LatentCodes {
        Matrix.requireShape(logvar, mu.rows(), mu.cols(), "logvar (must match mu)");
    }

    /** Encodes every row of {@code images} (n x inputDim), in batches; computes only. */
    public static LatentCodes of(GaussianBernoulliVae vae, Matrix images) {
        Matrix.requireCols(images, vae.inputDim(), "images");
        int n = images.rows(), k = vae.latentDim();
        Matrix mu = Matrix.zeros(n, k), logvar = Matrix.zeros(n, k);
        for (int from = 0; from < n; from += BATCH) {
            int to = Math.min(n, from + BATCH);
            Encoding q = vae.encode(images.rows(from, to));
            System.arraycopy(q.mu().data(), 0, mu.data(), from * k, (to - from) * k);
            System.arraycopy(q.logvar().data(), 0, logvar.data(), from * k, (to - from) * k);
        }
        return new LatentCodes(mu, logvar);
    }

    /** Number of images. */
    public int size() {
        return mu.rows();
    }

    /** Latent dimension. */
    public int dim() {
        return mu.cols();
    }

    /** The means of dimension j over all images, as a new array (e.g. for a scatter plot). */
    public double[] meanColumn(int j) {
        if (j < 0 || j >= dim()) throw new IndexOutOfBoundsException("dimension " + j + " outside 0.." + dim());
        double[] out = new double[size()];
        float[] m = mu.data();
        for (int i = 0; i < out.length; i++) out[i] = m[i * dim() + j];
        return out;
    }

    /** Per dimension j: {@code mean_x -0.5 * (1 + logvar_j - mu_j^2 - exp(logvar_j))}, in nats. */
    public double[] klPerDimension() {
        int n = size(), k = dim();
        double[] kl = new double[k];
        float[] m = mu.data(), lv = logvar.data();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                int e = i * k + j;
                kl[j] += KL.toStandardNormal(m, lv, e, e + 1);   // dimension j's share of image i's KL
            }
        }
        for (int j = 0; j < k; j++) kl[j] /= n;
        return kl;
    }

    /** The mean KL(q(z|x) || N(0, I)) per image: the sum of {@link #klPerDimension()}. */
    public double meanKl() {
        double s = 0;
        for (double v : klPerDimension()) s += v;
        return s;
    }

    /** Per dimension j: the variance over the images of {@code mu_j(x)} (two-pass, in double). */
    public double[] varianceOfMeans() {
        int n = size(), k = dim();
        double[] mean = new double[k], var = new double[k];
        float[] m = mu.data();
        for (int i = 0; i < n; i++) for (int j = 0; j < k; j++) mean[j] += m[i * k + j];
        for (int j = 0; j < k; j++) mean[j] /= n;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                double d = m[i * k + j] - mean[j];
                var[j] += d * d;
            }
        }
        for (int j = 0; j < k; j++) var[j] /= n;
        return var;
    }

    /** Number of dimensions with {@code Var_x(mu_j) > threshold}. */
    public int activeUnits(double threshold) {
        int count = 0;
        for (double v : varianceOfMeans()) if (v > threshold) count++;
        return count;
    }

    /** {@link #activeUnits(double)} at {@link #ACTIVE_THRESHOLD} (0.01). */
    public int activeUnits() {
        return activeUnits(ACTIVE_THRESHOLD);
    }

    @Override
    public String toString() {
        return String.format("LatentCodes{images=%d, latent=%d, mean KL=%.4f, active units=%d}", size(), dim(), meanKl(),
                activeUnits());
    }
}
