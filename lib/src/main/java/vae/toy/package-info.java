/**
 * Toy latent-variable models with exact answers, and the estimators of the lecture.
 *
 * <ul>
 *   <li>{@link vae.toy.LatentModel}: {@code log p(x, z)}, {@code grad_z log p(x, z)}, the prior.</li>
 *   <li>{@link vae.toy.LinearGaussianModel}: z ~ N(0, I), x|z ~ N(Wz + b, s^2 I); closed-form
 *       log p(x), posterior p(z|x), ELBO and KL.</li>
 *   <li>{@link vae.toy.Nonlinear1DModel}: 1-D latent, non-linear decoder; log p(x) by
 *       {@link vae.toy.Quadrature}.</li>
 *   <li>{@link vae.toy.LogMarginalEstimators}: quadrature, prior Monte Carlo, importance sampling,
 *       ELBO, the K-sample bound, each returning an {@link vae.toy.Estimate} with its log-weights.</li>
 *   <li>{@link vae.toy.ElboGradients}: reparameterised and score-function gradients of the ELBO;
 *       {@link vae.toy.ElboAscent} fits q by gradient ascent and records every step;
 *       {@link vae.toy.ExactElbo} gives the exact ELBO and KL to the posterior.</li>
 *   <li>For the lecture notebooks: {@link vae.toy.ImportanceSamplingTheory} (the closed-form chi^2 of a
 *       Gaussian proposal: predicted error and ESS), {@link vae.toy.EstimatorStudy} (repeated importance-sampling
 *       experiments as tables), {@link vae.toy.ElboDecomposition} ({@code log p(x) = ELBO + KL} line by line),
 *       {@link vae.toy.Curves1D} (densities on a grid for plots).</li>
 *   <li>{@link vae.toy.AmortisedGaussianVae}: a small VAE with a Gaussian decoder for low-dimensional data such as
 *       {@link vae.toy.TwoDimData}'s horseshoe, whose decoder is again a {@link vae.toy.LatentModel}.</li>
 * </ul>
 * Everything is double precision, in log space with log-sum-exp, and seeded through {@link vae.prob.Rng}.
 */
package vae.toy;
