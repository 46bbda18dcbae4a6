package vae.model;

import vae.prob.Reparameterisation;

/**
 * Mistakes made on purpose in a {@link TrainingStep}, for notebook 09 and its tests: each one the
 * one wrong line of a public VAE that people copied, in the step's latent part (how z is drawn from
 * {@code q(z|x)}, how its gradient reaches mu and logvar, the KL's sign). {@link #NONE} is the
 * library's step, and the default: a mistake is only ever set by name,
 * {@code vae.trainingStep().mistake(Mistake.KL_SIGN_FLIPPED)}. The library's evaluation
 * ({@code vae.eval}) always reads the encoder correctly, whatever the step was trained with. A model
 * trained with a mistake is not the model its {@link VaeConfig} describes: do not save it under that
 * configuration (notebook 09 saves none).
 *
 * <p>Two other mistakes of notebook 09 need no hook: the reconstruction averaged over the 784
 * pixels while the KL is summed is {@code VaeConfig.beta(784)} up to a factor Adam does not see,
 * and grey levels under a Bernoulli are {@code Binarisation.NONE}.
 */
public enum Mistake {
    /** The correct step: {@code z = mu + exp(logvar / 2) eps}, gradient through z, loss = rec + beta KL. */
    NONE,

    /**
     * The KL added with the wrong sign, {@code loss = reconstruction - beta KL}: the step maximises the
     * KL to the prior instead of paying for it (PyTorch examples, issue 824, asks about this sign).
     */
    KL_SIGN_FLIPPED {
        @Override
        double klWeight(double beta) {
            return -beta;
        }
    },

    /**
     * The encoder's log-variance head read as a log standard deviation when sampling,
     * {@code z = mu + exp(logvar) eps}, while the KL still reads it as a log-variance (the Keras
     * example before pull request 3220): the samples' width is the square of the width the KL prices.
     */
    LOGVAR_AS_LOG_STD {
        @Override
        public void sample(float[] mu, float[] logvar, float[] eps, float[] z, int from, int to) {
            for (int i = from; i < to; i++) z[i] = mu[i] + (float) StrictMath.exp(logvar[i]) * eps[i];     // the mistake: exp(logvar)
        }

        @Override
        void sampleBackward(float[] dz, float[] logvar, float[] eps, float[] dMu, float[] dLogvar, int from, int to) {
            for (int i = from; i < to; i++) {
                dMu[i] = dz[i];
                dLogvar[i] = dz[i] * eps[i] * (float) StrictMath.exp(logvar[i]);                      // d/dlogvar of its own z
            }
        }
    },

    /**
     * z drawn from {@code q(z|x)} as a constant, outside the gradient ({@code z.detach()}, or
     * {@code numpy} sampling inside a framework's graph): the reconstruction's gradient stops at z,
     * so the encoder learns from the KL alone.
     */
    NO_REPARAMETERISATION {
        @Override
        void sampleBackward(float[] dz, float[] logvar, float[] eps, float[] dMu, float[] dLogvar, int from, int to) {
            java.util.Arrays.fill(dMu, from, to, 0f);                                            // the mistake: nothing
            java.util.Arrays.fill(dLogvar, from, to, 0f);                                         // flows back through z
        }
    };

    /**
     * z from mu, logvar and the noise eps as a step with this mistake draws it, over the elements
     * [from, to) (z modified there; the step gives each thread a block of rows).
     */
    public void sample(float[] mu, float[] logvar, float[] eps, float[] z, int from, int to) {
        Reparameterisation.sample(mu, logvar, from, eps, z, from, to - from);
    }

    /** Sets dMu and dLogvar (modified) from dz over the elements [from, to): the backward pass of {@link #sample}. */
    void sampleBackward(float[] dz, float[] logvar, float[] eps, float[] dMu, float[] dLogvar, int from, int to) {
        Reparameterisation.backward(dz, logvar, eps, dMu, dLogvar, from, to);
    }

    /** The KL's weight in the loss, given the configuration's beta. */
    double klWeight(double beta) {
        return beta;
    }
}
