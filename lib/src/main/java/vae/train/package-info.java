/**
 * Training: {@link vae.train.Adam}, {@link vae.train.Minibatches} (seeded shuffle per epoch,
 * last partial batch kept), {@link vae.train.Trainer} (epochs, progress to a
 * {@link vae.train.TrainingListener} such as {@link vae.train.ConsoleProgressBar}, a stop with
 * {@link vae.train.TrainingDivergedException} on a NaN or infinite loss, history as a Tablesaw
 * table) and {@link vae.train.ReferenceRun} (the reference configuration on MNIST, from the
 * command line).
 */
package vae.train;
