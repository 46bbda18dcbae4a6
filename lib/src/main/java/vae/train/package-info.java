/**
 * Training: {@link vae.train.Adam}, {@link vae.train.Minibatches} (seeded shuffle per epoch,
 * last partial batch kept), {@link vae.train.Trainer} (epochs, progress to a
 * {@link vae.train.TrainingListener} such as {@link vae.train.ConsoleProgressBar}, a stop with
 * {@link vae.train.TrainingDivergedException} on a NaN or infinite loss, history as a Tablesaw
 * table), {@link vae.train.ElboHistory} (a listener recording the ELBO's terms per epoch on train and
 * test), {@link vae.train.Experiment} (the notebooks' quick and full MNIST runs),
 * {@link vae.train.ModelStore} (saved models named by their configuration: load or train) and
 * {@link vae.train.ReferenceRun} (the reference configuration on MNIST, from the command line).
 */
package vae.train;
