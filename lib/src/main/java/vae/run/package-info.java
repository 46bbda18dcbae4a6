/**
 * The record of a run (docs/run-record.md): {@link vae.run.RunLog} writes what a notebook reports
 * (metrics, saved models, the JVM's facts) into the run's folder, which the runner names in the
 * environment variable VAE_RUN_DIR; outside a run it writes nothing.
 *
 * <p>Comparing runs: the records read and checked against the schema ({@link vae.run.RunRecord},
 * {@link vae.run.RunRecords}), set side by side as a table ({@link vae.run.RunsTable},
 * {@code ./lecture runs}), the sweeps among them ({@link vae.run.Sweeps}) and the site's runs
 * page with a plot of each metric against the swept parameter ({@link vae.run.RunsPage}).
 */
package vae.run;
