package vae.toy;

import vae.eval.SampleMean;
import vae.prob.ArgumentChecks;
import java.util.Arrays;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import vae.prob.DiagonalGaussian;
import vae.prob.Distribution;
import vae.prob.LogSumExp;
import vae.prob.MultivariateGaussian;
import vae.prob.Rng;

/**
 * Repeated-experiment studies of the importance-sampling estimate of {@code p(x)}, for the
 * notebooks: how its error depends on the number of samples N, on where x lies, on the latent
 * dimension and on the proposal q. One experiment draws N samples {@code z_i ~ q} and computes
 * {@code p-hat = (1/N) sum_i p(x, z_i) / q(z_i)}; it is repeated R times with independent streams.
 * <pre>
 *   relative error          p-hat / p(x) - 1 = exp(log p-hat - log p(x)) - 1
 *   rms relative error      sqrt( mean over repeats of (p-hat / p(x) - 1)^2 )
 *   predicted relative std  sqrt(chi^2(p(z|x) || q) / N)   (closed form, see ImportanceSamplingTheory)
 *   ESS                     (sum w)^2 / sum w^2, averaged over repeats
 * </pre>
 * Each study returns a Tablesaw table (one row per setting) that a notebook shows and plots.
 */
public final class EstimatorStudy {
    private EstimatorStudy() {}

    /**
     * R repeats of the N-sample estimate.
     *
     * @param logMarginal          the exact log p(x)
     * @param meanLogEstimate      mean over repeats of log p-hat
     * @param sdLogEstimate        standard deviation over repeats of log p-hat
     * @param rmsRelativeError     sqrt(mean (p-hat / p(x) - 1)^2)
     * @param medianLogError       median over repeats of log p-hat - log p(x) (typically negative when q is poor)
     * @param meanEss              mean effective sample size
     * @param predictedRelativeStd sqrt(chi^2 / N) when known (Gaussian posterior and Gaussian q), else NaN
     * @param logErrors            log p-hat - log p(x) of each repeat, in the order drawn
     */
    public record Summary(int n, int repeats, double logMarginal, double meanLogEstimate, double sdLogEstimate,
                          double rmsRelativeError, double medianLogError, double meanEss, double predictedRelativeStd,
                          double[] logErrors) {
        public Summary {
            logErrors = logErrors.clone();
        }

        /** A copy of the per-repeat errors {@code log p-hat - log p(x)}. */
        @Override
        public double[] logErrors() {
            return logErrors.clone();
        }
    }

    /** R independent N-sample importance-sampling estimates of p(x) with proposal q (each repeat on its own split stream). */
    public static Summary repeat(LatentModel model, double[] x, Distribution q, double logMarginal, int n, int repeats, Rng rng) {
        ArgumentChecks.atLeast("repeats", repeats, 2);
        double[] logEstimates = new double[repeats];
        double sumSqRel = 0.0, sumEss = 0.0;
        for (int r = 0; r < repeats; r++) {
            double[] lw = LogMarginalEstimators.logWeights(model, x, q, n, rng.split());
            logEstimates[r] = LogSumExp.logMeanExp(lw);
            double rel = StrictMath.expm1(logEstimates[r] - logMarginal);
            sumSqRel += rel * rel;
            sumEss += vae.prob.EffectiveSampleSize.of(lw);
        }
        double mean = Arrays.stream(logEstimates).average().orElseThrow();
        double ss = 0.0;
        for (double v : logEstimates) ss += (v - mean) * (v - mean);
        double[] errors = new double[repeats];
        for (int r = 0; r < repeats; r++) errors[r] = logEstimates[r] - logMarginal;
        double[] sorted = errors.clone();
        Arrays.sort(sorted);
        double median = repeats % 2 == 1 ? sorted[repeats / 2] : 0.5 * (sorted[repeats / 2 - 1] + sorted[repeats / 2]);
        return new Summary(n, repeats, logMarginal, mean, Math.sqrt(ss / (repeats - 1)), Math.sqrt(sumSqRel / repeats),
                median, sumEss / repeats, predictedRelativeStd(model, x, q, n), errors);
    }

    /** {@code sqrt(chi^2(p(z|x) || q) / N)} for the linear-Gaussian model and a Gaussian q, else NaN. */
    public static double predictedRelativeStd(LatentModel model, double[] x, Distribution q, int n) {
        if (!(model instanceof LinearGaussianModel lg)) return Double.NaN;
        if (q instanceof DiagonalGaussian dg) return ImportanceSamplingTheory.relativeStd(lg.posterior(x), dg, n);
        if (q instanceof MultivariateGaussian mg) return ImportanceSamplingTheory.relativeStd(lg.posterior(x), mg, n);
        return Double.NaN;
    }

    /**
     * The error against the number of samples: one row per N in {@code ns}, R repeats each.
     * Columns: N, rms relative error, predicted relative std, median log error, mean ESS.
     */
    public static Table versusSamples(LatentModel model, double[] x, Distribution q, double logMarginal, int[] ns,
                                      int repeats, Rng rng) {
        Summary[] rows = new Summary[ns.length];
        for (int i = 0; i < ns.length; i++) rows[i] = repeat(model, x, q, logMarginal, ns[i], repeats, rng);
        Table t = Table.create("error of the N-sample estimate of p(x), " + repeats + " repeats per N");
        t.addColumns(IntColumn.create("N", ns.clone()));
        return addSummaryColumns(t, rows);
    }

    /**
     * Prior Monte Carlo as x moves into the tail of p(x), for a model with 1-D data: one row per
     * x in {@code xs}. Columns: x, x in standard deviations of p(x) from its mean, log p(x), then the
     * summary columns.
     */
    public static Table priorInTheTail(LinearGaussianModel model, double[] xs, int n, int repeats, Rng rng) {
        if (model.dataDim() != 1) throw new IllegalArgumentException("needs 1-D data, got dataDim=" + model.dataDim());
        double mean = model.marginal().mean()[0], sd = model.marginal().marginalStd()[0];
        Summary[] rows = new Summary[xs.length];
        double[] z = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            double[] x = {xs[i]};
            rows[i] = repeat(model, x, model.prior(), model.logMarginal(x), n, repeats, rng);
            z[i] = (xs[i] - mean) / sd;
        }
        Table t = Table.create("prior Monte Carlo, N=" + n + ", as x moves into the tail");
        t.addColumns(DoubleColumn.create("x", xs.clone()), DoubleColumn.create("x in sd of p(x)", z));
        return addSummaryColumns(t, rows);
    }

    /**
     * Prior Monte Carlo as the latent dimension d grows: for each d the model
     * {@code z ~ N(0, I_d), x | z ~ N(w z, s^2 I_d)} (each latent seen through its own noisy
     * coordinate) and a typical x: every coordinate one standard deviation of p(x) from the mean, with
     * alternating signs (see {@link #typicalPoint}). Columns: d, then the summary columns.
     */
    public static Table priorVersusDimension(int[] ds, double w, double s, int n, int repeats, Rng rng) {
        Summary[] rows = new Summary[ds.length];
        for (int i = 0; i < ds.length; i++) {
            LinearGaussianModel model = diagonalModel(ds[i], w, s);
            double[] x = typicalPoint(ds[i], w, s);
            rows[i] = repeat(model, x, model.prior(), model.logMarginal(x), n, repeats, rng);
        }
        Table t = Table.create("prior Monte Carlo, N=" + n + ", as the latent dimension grows");
        t.addColumns(IntColumn.create("latent dim d", ds.clone()));
        return addSummaryColumns(t, rows);
    }

    /**
     * A typical observation of {@link #diagonalModel}: {@code x_j = (-1)^j sqrt(w^2 + s^2)}, one marginal
     * standard deviation from the mean in every coordinate (so its squared Mahalanobis distance is d,
     * the mean of a chi-square with d degrees of freedom).
     */
    public static double[] typicalPoint(int d, double w, double s) {
        double[] x = new double[d];
        for (int j = 0; j < d; j++) x[j] = (j % 2 == 0 ? 1 : -1) * Math.sqrt(w * w + s * s);
        return x;
    }

    /** The model {@code z ~ N(0, I_d), x | z ~ N(w z, s^2 I_d)}: W = w I_d, b = 0. */
    public static LinearGaussianModel diagonalModel(int d, double w, double s) {
        ArgumentChecks.atLeast("latent dimension d", d, 1);
        double[][] wm = new double[d][d];
        for (int j = 0; j < d; j++) wm[j][j] = w;
        return LinearGaussianModel.of(wm, new double[d], s);
    }

    /**
     * Importance sampling with several proposals: one row per (name, q). Columns: proposal, N,
     * mean log estimate, sd of log estimate, then the summary columns.
     */
    public static Table proposals(LatentModel model, double[] x, double logMarginal, String[] names, Distribution[] qs,
                                  int n, int repeats, Rng rng) {
        if (names.length != qs.length)
            throw new IllegalArgumentException("need one name per proposal, got " + names.length + " names and " + qs.length + " proposals");
        Summary[] rows = new Summary[qs.length];
        for (int i = 0; i < qs.length; i++) rows[i] = repeat(model, x, qs[i], logMarginal, n, repeats, rng);
        return summaryTable("importance sampling of p(x), N=" + n + ", " + repeats + " repeats, log p(x) = "
                + String.format("%.4f", logMarginal), "proposal q", names, rows);
    }

    /**
     * One row per labelled summary. Columns: the label, mean log p-hat, sd of log p-hat (over repeats),
     * then the summary columns.
     */
    public static Table summaryTable(String title, String labelName, String[] labels, Summary... rows) {
        if (labels.length != rows.length)
            throw new IllegalArgumentException("need one label per summary, got " + labels.length + " labels and " + rows.length + " summaries");
        Table t = Table.create(title);
        t.addColumns(StringColumn.create(labelName, labels.clone()));
        t.addColumns(DoubleColumn.create("mean log p-hat", Arrays.stream(rows).mapToDouble(Summary::meanLogEstimate).toArray()),
                DoubleColumn.create("sd log p-hat", Arrays.stream(rows).mapToDouble(Summary::sdLogEstimate).toArray()));
        return addSummaryColumns(t, rows);
    }

    /**
     * Jensen's gap for several proposals: with N draws {@code z_i ~ q} and {@code w_i = p(x, z_i) / q(z_i)},
     * columns: q, sd of log w, log mean w (~ log p(x)), mean log w (~ ELBO), the gap between them,
     * and the exact {@code KL(q || p(z|x)) = log p(x) - ELBO(q)} the gap estimates.
     */
    public static Table jensenGaps(LinearGaussianModel model, double[] x, String[] names, DiagonalGaussian[] qs, int n, Rng rng) {
        if (names.length != qs.length)
            throw new IllegalArgumentException("need one name per proposal, got " + names.length + " names and " + qs.length + " proposals");
        double[] sd = new double[qs.length], logMean = new double[qs.length], meanLog = new double[qs.length];
        double[] gap = new double[qs.length], kl = new double[qs.length];
        for (int i = 0; i < qs.length; i++) {
            double[] lw = LogMarginalEstimators.logWeights(model, x, qs[i], n, rng.split());
            SampleMean ms = SampleMean.of(lw);
            meanLog[i] = ms.mean();
            sd[i] = ms.standardError() * Math.sqrt(n);
            logMean[i] = LogSumExp.logMeanExp(lw);
            gap[i] = logMean[i] - meanLog[i];
            kl[i] = model.klToPosterior(x, qs[i]);
        }
        Table t = Table.create("Jensen's gap log E[w] - E[log w], N=" + n);
        t.addColumns(StringColumn.create("q", names.clone()), DoubleColumn.create("sd of log w", sd),
                DoubleColumn.create("log mean w", logMean), DoubleColumn.create("mean log w", meanLog),
                DoubleColumn.create("gap", gap), DoubleColumn.create("exact KL(q || p(z|x))", kl));
        return t;
    }

    /** The sample mean of {@code values} as an estimate, with its standard error sd / sqrt(n). */
    public static Estimate mean(String method, double[] values) {
        ArgumentChecks.atLeast("number of values", values.length, 2);
        SampleMean ms = SampleMean.of(values);
        return new Estimate(method, ms.mean(), ms.standardError(), new double[0], new double[0]);
    }

    /**
     * The estimates side by side: method, value, standard error, and when any of them carries importance
     * weights, the number of weights and their ESS (NaN for estimates without weights).
     */
    public static Table table(String title, Estimate... estimates) {
        Table t = Table.create(title);
        t.addColumns(StringColumn.create("method", Arrays.stream(estimates).map(Estimate::method).toArray(String[]::new)),
                DoubleColumn.create("value", Arrays.stream(estimates).mapToDouble(Estimate::value).toArray()),
                DoubleColumn.create("standard error", Arrays.stream(estimates).mapToDouble(Estimate::standardError).toArray()));
        if (Arrays.stream(estimates).anyMatch(e -> e.sampleCount() > 0))
            t.addColumns(IntColumn.create("weights", Arrays.stream(estimates).mapToInt(Estimate::sampleCount).toArray()),
                    DoubleColumn.create("ESS", Arrays.stream(estimates).mapToDouble(Estimate::ess).toArray()));
        return t;
    }

    /** As {@link #table(String, Estimate...)} with a first column of labels, one per estimate (e.g. which q). */
    public static Table labelledTable(String title, String labelName, String[] labels, Estimate... estimates) {
        if (labels.length != estimates.length)
            throw new IllegalArgumentException("need one label per estimate, got " + labels.length + " labels and " + estimates.length + " estimates");
        Table t = table(title, estimates);
        t.insertColumn(0, StringColumn.create(labelName, labels.clone()));
        return t;
    }

    private static Table addSummaryColumns(Table t, Summary[] rows) {
        t.addColumns(
                DoubleColumn.create("rms relative error", Arrays.stream(rows).mapToDouble(Summary::rmsRelativeError).toArray()),
                DoubleColumn.create("predicted relative std", Arrays.stream(rows).mapToDouble(Summary::predictedRelativeStd).toArray()),
                DoubleColumn.create("median log error", Arrays.stream(rows).mapToDouble(Summary::medianLogError).toArray()),
                DoubleColumn.create("mean ESS", Arrays.stream(rows).mapToDouble(Summary::meanEss).toArray()));
        return t;
    }
}
