package vae.prob;

import vae.linalg.ElementWise;

/**
 * The reparameterisation trick (Kingma and Welling 2014, section 2.4): a draw from
 * {@code q = N(mu, sigma^2)} written as a function of the parameters and of noise that does
 * not depend on them,
 * <pre>
 *   z = mu + sigma * eps,   eps ~ N(0, 1),   sigma = exp(logVar / 2)
 * </pre>
 * so the gradient of a loss reaches mu and sigma through z:
 * <pre>
 *   dL/dmu = dL/dz,   dL/dlogVar = dL/dz * eps * sigma / 2
 * </pre>
 * Element by element, so it serves every diagonal Gaussian: the toy encoders in double, the
 * MNIST VAE's batches in float (arrays in row-major order, one latent vector per row).
 */
public final class Reparameterisation {
    private Reparameterisation() {}

    /** Elements per call of {@link ElementWise#strictExp} in the array methods (here and in {@link KL}), into a buffer per thread. */
    static final int CHUNK = 256;
    private static final ThreadLocal<double[]> EXPS = ThreadLocal.withInitial(() -> new double[CHUNK]);

    /**
     * {@code StrictMath.exp(scale * a[from + i])} for i in [0, n), n at most {@link #CHUNK}, in this
     * thread's buffer (the next call on this thread overwrites it: use the result before calling
     * again, and never nest two uses): the same bits, many lanes at a time where the Vector API is
     * present. With scale 1/2, {@code (float)} of each is {@link #std(float)}.
     */
    static double[] exps(float[] a, int from, double scale, int n) {
        double[] e = EXPS.get();
        ElementWise.strictExp(a, from, scale, e, n);
        return e;
    }

    /** {@code z = mu + sigma * eps} in double. */
    public static double sample(double mean, double std, double eps) {
        return mean + std * eps;
    }

    /** {@code z = mu + sigma * eps} in float (one rounding per operation, as the training step computes it). */
    public static float sample(float mean, float std, float eps) {
        return mean + std * eps;
    }

    /** {@code sigma = exp(logVar / 2)}, computed in double ({@link StrictMath#exp}: the same bits on any machine) and rounded to float once. */
    public static float std(float logVar) {
        return (float) StrictMath.exp(0.5 * logVar);
    }

    /**
     * {@code z[zFrom + i] = mean[mFrom + i] + exp(logVar[mFrom + i] / 2) * eps[zFrom + i]} for i in
     * [0, len): z (modified) may be the eps array itself (the noise is then turned into the sample in
     * place). mean, logVar and eps are not modified otherwise.
     */
    public static void sample(float[] mean, float[] logVar, int mFrom, float[] eps, float[] z, int zFrom, int len) {
        for (int c = 0; c < len; c += CHUNK) {
            int n = Math.min(CHUNK, len - c);
            double[] sigma = exps(logVar, mFrom + c, 0.5, n);           // (float) sigma[i]: std(logVar[mFrom + c + i])
            for (int i = 0; i < n; i++) z[zFrom + c + i] = sample(mean[mFrom + c + i], (float) sigma[i], eps[zFrom + c + i]);
        }
    }

    /** {@link #sample(float[], float[], int, float[], float[], int, int)} over the first {@code len} elements of each. */
    public static void sample(float[] mean, float[] logVar, float[] eps, float[] z, int len) {
        sample(mean, logVar, 0, eps, z, 0, len);
    }

    /**
     * The backward pass of {@code z = mu + sigma * eps} over the first {@code len} elements: sets
     * {@code dMean = dz} and {@code dLogVar = dz * eps * sigma / 2} (both modified; nothing else is).
     */
    public static void backward(float[] dz, float[] logVar, float[] eps, float[] dMean, float[] dLogVar, int len) {
        backward(dz, logVar, eps, dMean, dLogVar, 0, len);
    }

    /** {@link #backward(float[], float[], float[], float[], float[], int)} over the elements [from, to) only (a block of rows, for one thread). */
    public static void backward(float[] dz, float[] logVar, float[] eps, float[] dMean, float[] dLogVar, int from, int to) {
        for (int c = from; c < to; c += CHUNK) {
            int n = Math.min(CHUNK, to - c);
            double[] sigma = exps(logVar, c, 0.5, n);                   // (float) sigma[i - c]: std(logVar[i])
            for (int i = c; i < c + n; i++) {
                dMean[i] = dz[i];                                                  // dz/dmu = 1
                dLogVar[i] = dz[i] * eps[i] * 0.5f * (float) sigma[i - c];         // dz/dlogVar = eps * sigma / 2
            }
        }
    }
}
