package vae.eval;

import vae.check.Check;
import vae.check.CheckFailure;
import vae.linalg.Matrix;
import vae.model.Encoding;
import vae.model.Vae;
import vae.nn.Parameter;
import vae.prob.Rng;

/**
 * Detectors of the mistakes of notebook 09, one method each. Every detector looks at a symptom,
 * something measured on a trained model, its data or its training step, never at the code that
 * made it, and compares it with what a correct VAE must show, with the tolerance stated. Like
 * {@link Check}, each returns a one-line report when the model passes and throws a
 * {@link CheckFailure} naming the expected value, the found value and the tolerance when it fails.
 * {@code DiagnosisTest} shows each one failing on a run with its mistake and passing on the correct run.
 */
public final class Diagnosis {
    private Diagnosis() {}

    /**
     * The code must carry information: the rate {@code R = mean_x KL(q(z|x) || p(z))} bounds the mutual
     * information between x and z from above, so a code that tells {@code classes} kinds of image
     * apart needs {@code R >= log(classes)} nats (log 10 = 2.30 for the digits). A model whose rate
     * is below has (nearly) collapsed onto the prior: its decoder ignores z.
     */
    public static String codeCarriesInformation(LatentCodes codes, int classes) {
        if (classes < 2) throw new IllegalArgumentException("classes must be >= 2, got " + classes);
        return Check.atLeast(String.format("rate KL(q(z|x) || p(z)) in nats (%d of %d units active), against log %d, "
                        + "the least a code needs to tell %d classes apart", codes.activeUnits(), codes.dim(), classes, classes),
                StrictMath.log(classes), codes.meanKl());
    }

    /**
     * The best any Bernoulli decoder can reach on these images, per image: minus the sum of the pixels'
     * binary entropies, {@code max_p sum_i [x_i log p_i + (1 - x_i) log(1 - p_i)] = -sum_i h(x_i)} at
     * {@code p_i = x_i}. 0 on binary images; below 0 on grey levels, where the Bernoulli formula is no
     * probability and that part of the "log-likelihood" is out of every model's reach. Nats per image.
     */
    public static double bernoulliCeiling(Matrix images) {
        int n = images.rows(), d = images.cols();
        float[] x = images.data();
        double total = 0;
        for (int i = 0; i < n * d; i++) {
            double v = x[i];
            if (v < 0 || v > 1) throw new IllegalArgumentException("pixel " + i + " is " + v + ", outside [0, 1]");
            if (v > 0 && v < 1) total += v * StrictMath.log(v) + (1 - v) * StrictMath.log1p(-v);   // -h(x): 0 at x = 0 and at x = 1
        }
        return total / n;
    }

    /**
     * The Bernoulli likelihood is a probability only on binary images: its ceiling
     * {@link #bernoulliCeiling} must be 0 (tolerance 0: on binary data every term is exactly 0).
     */
    public static String bernoulliDataAreBinary(Matrix images) {
        return Check.atLeast("the best log-likelihood any Bernoulli decoder can reach on these images (nats per image), "
                + "0 on binary images", 0.0, bernoulliCeiling(images));
    }

    /**
     * A trained model must beat the decoder that says 1/2 for every pixel and ignores z (ELBO
     * {@code -pixels log 2}, 543.4 nats for MNIST: what the untrained VAE scores). An ELBO below it,
     * or a KL above {@code pixels log 2}, means training moved away from the ELBO's maximum.
     */
    public static String elboBeatsCoinFlips(double elbo, int pixels) {
        return Check.atLeast(String.format("test ELBO (nats per image) against %d fair coin flips, -%d log 2", pixels, pixels),
                -pixels * StrictMath.log(2), elbo);
    }

    /**
     * The samples the training step feeds the decoder must have the width the KL prices: with z drawn
     * as {@code vae.trainingStep()} draws it from the encoder's {@code (mu, logvar)} on {@code images},
     * {@code u = (z - mu)^2 / exp(logvar)} is a squared standard normal, mean 1 and variance 2, so its
     * mean over the N = images x latent values lies within 4 standard errors {@code sqrt(2 / N)} of 1
     * (a false alarm once in 16 000 runs).
     */
    public static String samplesMatchEncoder(Vae vae, Matrix images, Rng rng) {
        Encoding q = vae.encode(images);
        float[] mu = q.mu().data(), logvar = q.logvar().data();
        int len = mu.length;
        float[] eps = Vae.standardNormal(images.rows(), vae.config().latentDim(), rng).data(), z = new float[len];
        vae.trainingStep().mistake().sample(mu, logvar, eps, z, 0, len);                   // as the step draws z
        double sum = 0;
        for (int i = 0; i < len; i++) {
            double d = z[i] - mu[i];
            sum += d * d * StrictMath.exp(-logvar[i]);
        }
        return Check.withinStandardErrors("mean of (z - mu)^2 / exp(logvar) over the step's samples, "
                + "1 when z has the variance exp(logvar)", 1.0, sum / len, Math.sqrt(2.0 / len), 4);
    }

    /**
     * L_1, the importance-weighted bound with one sample ({@code log p(x|z) + log p(z) - log q(z|x)}
     * at one {@code z ~ q}), and the ELBO with the KL in closed form estimate the same number: their
     * paired difference over the images must lie within 4 standard errors of 0. A constant dropped from
     * one of the log-densities in the weights shifts every L_K by that constant and fails here.
     */
    public static String oneSampleBoundMatchesElbo(double[] oneSampleBound, double[] elbo) {
        SampleMean diff = SampleMean.difference(oneSampleBound, elbo);
        return Check.withinStandardErrors("L_1 - ELBO (nats per image), the same quantity estimated twice", 0.0,
                diff.mean(), diff.standardError(), 4);
    }

    /**
     * A gradient check on the encoder: the gradient that the training step's backward pass gives the
     * bias of the encoder's mean head, against central finite differences of the step's own loss with
     * the noise eps held fixed (step {@code h}). Their relative difference
     * {@code |g_backprop - g_fd| / |g_fd|} (L2 over the latent dimensions) must stay below 5 %
     * (float rounding and the finite step give about 1e-3 on MNIST-sized batches); a step whose
     * gradient does not flow through z gives the KL's part alone and fails by O(1).
     */
    public static String gradientReachesEncoder(Vae vae, Matrix images, Matrix eps, double h) {
        Parameter bias = vae.layers().get(1).bias();                                      // encoderMu's b
        return Check.atMost("relative difference of backprop and finite differences, d loss / d (encoder mean bias)",
                0.05, gradientCheckError(vae, bias, images, eps, h));
    }

    /**
     * {@code |g_backprop - g_fd| / |g_fd|} (L2 over the parameter's values) for one parameter of {@code vae}:
     * the gradient of the model's training step ({@link Vae#lossAndGradient}, with whatever mistake the
     * step makes) against central finite differences of the same step's loss ({@link Vae#loss}) with
     * {@code eps} fixed, step {@code h} (as float can take it). The parameter's values are restored.
     */
    public static double gradientCheckError(Vae vae, Parameter parameter, Matrix images, Matrix eps, double h) {
        if (!(h > 0)) throw new IllegalArgumentException("finite-difference step must be > 0, got " + h);
        vae.lossAndGradient(images, eps);
        float[] b = parameter.value().data(), backprop = parameter.grad().data().clone();
        double diff = 0, norm = 0;
        for (int j = 0; j < b.length; j++) {
            float original = b[j], plus = original + (float) h, minus = original - (float) h;
            b[j] = plus;
            double up = vae.loss(images, eps).total();
            b[j] = minus;
            double down = vae.loss(images, eps).total();
            b[j] = original;
            double fd = (up - down) / ((double) plus - minus);                            // the step float could take
            diff += (backprop[j] - fd) * (backprop[j] - fd);
            norm += fd * fd;
        }
        return Math.sqrt(diff / norm);
    }
}
