/**
 * Probability building blocks in double precision: the seeded random source {@link vae.prob.Rng},
 * stable {@link vae.prob.LogSumExp}, Gaussian densities ({@link vae.prob.Normal},
 * {@link vae.prob.DiagonalGaussian}, {@link vae.prob.MultivariateGaussian}), closed-form
 * {@link vae.prob.KL} divergences, and {@link vae.prob.EffectiveSampleSize}.
 *
 * <p>Everything works in log space where densities can underflow; inputs are checked and errors
 * name the shapes ("expected 3 values, got 2").
 */
package vae.prob;
