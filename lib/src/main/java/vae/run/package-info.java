/**
 * Comparing runs: the run records (schema "vae-lecture.run/1", docs/run-record.md) read and
 * checked ({@link vae.run.RunRecord}, {@link vae.run.RunRecords}), set side by side as a table
 * ({@link vae.run.RunsTable}, {@code ./lecture runs}), the sweeps among them ({@link vae.run.Sweeps})
 * and the site's runs page with a plot of each metric against the swept parameter ({@link vae.run.RunsPage}).
 */
package vae.run;
