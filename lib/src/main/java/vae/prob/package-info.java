/**
 * Probability building blocks in double precision.
 *
 * <ul>
 *   <li>{@link vae.prob.Rng}: the seeded random source everybody uses (uniforms, N(0,1), {@code split()}).</li>
 *   <li>{@link vae.prob.LogSumExp}: stable {@code log sum exp} and {@code log mean exp}.</li>
 *   <li>{@link vae.prob.Normal}: univariate log-density, CDF, inverse CDF (latent grids).</li>
 *   <li>{@link vae.prob.Distribution}: sample + log-density, the interface of a proposal q(z);
 *       implemented by {@link vae.prob.DiagonalGaussian} (mean, log-variance; sample, logDensity,
 *       entropy) and {@link vae.prob.MultivariateGaussian} (full covariance via {@link vae.prob.Cholesky}).</li>
 *   <li>{@link vae.prob.KL}: closed-form KL between diagonal, standard-normal and full Gaussians.</li>
 *   <li>{@link vae.prob.EffectiveSampleSize}: {@code ESS = (sum w)^2 / sum w^2} from log-weights.</li>
 *   <li>BernoulliLogits: the decoder likelihood of the VAE, on logits; {@link vae.prob.ContinuousBernoulli}:
 *       its normaliser on grey levels, {@code log C(lambda)}.</li>
 * </ul>
 * Everything works in log space where densities can underflow; inputs are checked and errors
 * name the shapes ("expected 3 values, got 2"). Factories copy their inputs.
 */
package vae.prob;
