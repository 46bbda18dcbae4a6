/**
 * The record of a run (docs/run-record.md): {@link vae.run.RunLog} writes what a notebook reports
 * (metrics, saved models, the JVM's facts) into the run's folder, which the runner names in the
 * environment variable VAE_RUN_DIR; outside a run it writes nothing.
 */
package vae.run;
