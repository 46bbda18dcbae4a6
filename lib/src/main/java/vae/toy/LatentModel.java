package vae.toy;

import vae.prob.Distribution;
import vae.prob.Rng;

/**
 * A latent-variable model {@code p(x, z) = p(z) p(x|z)} that the estimators of
 * {@code log p(x) = log int p(x, z) dz} work on.
 *
 * <p>Implementations: {@link LinearGaussianModel} (everything closed form) and
 * {@link Nonlinear1DModel} (1-D latent, log p(x) by {@link Quadrature}).
 */
public interface LatentModel {
    /** Dimension d of the latent z. */
    int latentDim();

    /** Dimension D of the observation x. */
    int dataDim();

    /** The prior p(z) (here always N(0, I_d)). */
    Distribution prior();

    /** {@code log p(x | z)}. */
    double logLikelihood(double[] x, double[] z);

    /** {@code log p(x, z) = log p(z) + log p(x | z)}. */
    default double logJoint(double[] x, double[] z) {
        return prior().logDensity(z) + logLikelihood(x, z);
    }

    /**
     * {@code out[i] = logJoint(x, {zs[i]})} for a 1-D latent: the quadratures evaluate thousands of
     * points per integral, and a model may compute several points in one pass (with the same values as
     * one at a time). This default takes them one at a time.
     *
     * @throws IllegalStateException if the latent is not 1-D
     * @throws IllegalArgumentException if {@code out} is shorter than {@code zs}
     */
    default void logJointAt(double[] x, double[] zs, double[] out) {
        if (latentDim() != 1) throw new IllegalStateException("logJointAt needs a 1-D latent, got latentDim=" + latentDim());
        requireRoom(zs, out);
        double[] z = new double[1];
        for (int i = 0; i < zs.length; i++) {
            z[0] = zs[i];
            out[i] = logJoint(x, z);
        }
    }

    /** Throws unless {@code out} has a place for each of the points {@code zs} ({@link #logJointAt}'s check). */
    static void requireRoom(double[] zs, double[] out) {
        if (out.length < zs.length) throw new IllegalArgumentException("out has " + out.length + " places for " + zs.length + " points");
    }

    /** {@code grad_z log p(x, z)} (a new array of length d), used by the reparameterised gradient. */
    double[] gradLogJointZ(double[] x, double[] z);

    /** One draw from the model: z ~ p(z), then x ~ p(x | z). */
    Sample sample(Rng rng);

    /** A pair (z, x) drawn from the model. */
    record Sample(double[] z, double[] x) {
        public Sample {
            z = z.clone();
            x = x.clone();
        }

        @Override
        public double[] z() {
            return z.clone();
        }

        @Override
        public double[] x() {
            return x.clone();
        }
    }
}
