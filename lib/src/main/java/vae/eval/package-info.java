/**
 * Evaluating a trained VAE: {@link vae.eval.ElboTerms} (per image: reconstruction, KL, ELBO) and
 * {@link vae.eval.ImportanceWeighted} (the K-sample importance-weighted estimate of log p(x),
 * in double with log-sum-exp, from q(z|x) or from the prior, with the effective sample size);
 * {@link vae.eval.ImportanceSweep} (that estimate over a series of K, with paired steps and tables),
 * {@link vae.eval.SampleMean} (means with standard errors, paired differences);
 * {@link vae.eval.LatentCodes} (the encoder's codes: KL per latent dimension, active units) and
 * {@link vae.eval.TribuoProbes} (logistic regression and k-means on codes or pixels, with Tribuo);
 * {@link vae.eval.Diagnosis} (one detector per mistake of notebook 09, each from a measured symptom).
 */
package vae.eval;
