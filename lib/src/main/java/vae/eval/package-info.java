/**
 * Evaluating a trained VAE: {@link vae.eval.ElboTerms} (per image: reconstruction, KL, ELBO) and
 * {@link vae.eval.ImportanceWeighted} (the K-sample importance-weighted estimate of log p(x),
 * in double with log-sum-exp, from q(z|x) or from the prior, with the effective sample size).
 */
package vae.eval;
