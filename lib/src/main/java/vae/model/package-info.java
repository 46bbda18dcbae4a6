/**
 * The VAE: {@link vae.model.VaeConfig} (every hyperparameter and its default, in one place),
 * {@link vae.model.Vae} (encode, reparameterize, decode, the loss split into reconstruction and
 * KL, a hand-written backward pass), {@link vae.model.Loss}, {@link vae.model.Encoding},
 * {@link vae.model.Seeds} (the named random streams of a run) and {@link vae.model.ModelFile}
 * (versioned, checksummed, atomically written weights); {@link vae.model.Mistake} names the broken
 * training steps that notebook 09 makes on purpose ({@code vae.trainingStep().mistake(...)}; never a default).
 */
package vae.model;
