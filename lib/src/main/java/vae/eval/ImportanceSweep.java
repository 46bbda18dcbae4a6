package vae.eval;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;
import vae.linalg.Matrix;
import vae.model.Vae;
import vae.prob.Rng;

/**
 * The importance-weighted estimate of {@code log p(x)} ({@link ImportanceWeighted}) on the same
 * images for a series of K, from one proposal:
 * <pre>
 *   L_K = log (1/K) sum_k w_k,   w_k = p(x|z_k) p(z_k) / r(z_k),   z_k ~ r     (r = q(z|x) or the prior p(z))
 * </pre>
 * Each K draws from its own stream {@code new Rng(seed + K)}, so a K's estimate does not depend
 * on which other K were run. Steps between consecutive K are paired differences on the same
 * images ({@link SampleMean#difference}), whose standard errors are what a claim about the
 * ordering of the bounds has to be judged against.
 */
public final class ImportanceSweep {
    private final Proposal proposal;
    private final Map<Integer, ImportanceEstimate> estimates;
    private final Map<Integer, Double> seconds;

    private ImportanceSweep(Proposal proposal, Map<Integer, ImportanceEstimate> estimates, Map<Integer, Double> seconds) {
        this.proposal = proposal;
        this.estimates = estimates;
        this.seconds = seconds;
    }

    /** Runs the estimate for every K in {@code ks} (increasing) on every row of {@code images}. */
    public static ImportanceSweep run(Vae vae, Matrix images, int[] ks, Proposal proposal, long seed) {
        if (ks.length == 0) throw new IllegalArgumentException("need at least one K");
        for (int i = 1; i < ks.length; i++) {
            if (ks[i] <= ks[i - 1]) throw new IllegalArgumentException("K must increase, got " + Arrays.toString(ks));
        }
        Map<Integer, ImportanceEstimate> estimates = new LinkedHashMap<>();
        Map<Integer, Double> seconds = new LinkedHashMap<>();
        for (int k : ks) {
            long t0 = System.nanoTime();
            estimates.put(k, ImportanceWeighted.estimate(vae, images, k, proposal, new Rng(seed + k)));
            seconds.put(k, (System.nanoTime() - t0) / 1e9);
        }
        return new ImportanceSweep(proposal, estimates, seconds);
    }

    public Proposal proposal() {
        return proposal;
    }

    /** The K values, in increasing order. */
    public int[] ks() {
        return estimates.keySet().stream().mapToInt(Integer::intValue).toArray();
    }

    /** The estimate for {@code k} (one of {@link #ks()}). */
    public ImportanceEstimate estimate(int k) {
        ImportanceEstimate e = estimates.get(k);
        if (e == null) throw new IllegalArgumentException("K = " + k + " was not run; ran " + Arrays.toString(ks()));
        return e;
    }

    /** Mean of {@code L_K} over the images with its standard error. */
    public SampleMean mean(int k) {
        return SampleMean.of(estimate(k).logpx());
    }

    /** Mean over the images of {@code L_k - L_j} (paired) with its standard error. */
    public SampleMean step(int j, int k) {
        return SampleMean.difference(estimate(k).logpx(), estimate(j).logpx());
    }

    /** The same sweep on the first {@code n} images only (seconds are not known for a subset: NaN). */
    public ImportanceSweep head(int n) {
        Map<Integer, ImportanceEstimate> sub = new LinkedHashMap<>();
        Map<Integer, Double> noSeconds = new LinkedHashMap<>();
        for (var e : estimates.entrySet()) {
            ImportanceEstimate est = e.getValue();
            sub.put(e.getKey(), new ImportanceEstimate(SampleMean.head(est.logpx(), n), SampleMean.head(est.ess(), n),
                    est.k(), est.proposal()));
            noSeconds.put(e.getKey(), Double.NaN);
        }
        return new ImportanceSweep(proposal, sub, noSeconds);
    }

    /**
     * One row per K: the mean of L_K and its standard error, the step from the previous K and its
     * (paired) standard error, the mean ESS, ESS / K, and the seconds taken.
     */
    public Table table(String title) {
        Table t = Table.create(title, IntColumn.create("K"), DoubleColumn.create("mean L_K"),
                DoubleColumn.create("std. error"), DoubleColumn.create("step from previous K"),
                DoubleColumn.create("step std. error"), DoubleColumn.create("mean ESS"), DoubleColumn.create("ESS / K"),
                DoubleColumn.create("seconds"));
        int[] ks = ks();
        for (int i = 0; i < ks.length; i++) {
            SampleMean m = mean(ks[i]);
            SampleMean s = i == 0 ? null : step(ks[i - 1], ks[i]);
            double ess = estimate(ks[i]).meanEss();
            t.intColumn("K").append(ks[i]);
            t.doubleColumn("mean L_K").append(m.mean());
            t.doubleColumn("std. error").append(m.standardError());
            t.doubleColumn("step from previous K").append(s == null ? Double.NaN : s.mean());
            t.doubleColumn("step std. error").append(s == null ? Double.NaN : s.standardError());
            t.doubleColumn("mean ESS").append(ess);
            t.doubleColumn("ESS / K").append(ess / ks[i]);
            t.doubleColumn("seconds").append(seconds.get(ks[i]));
        }
        format(t, 3);
        t.doubleColumn("seconds").setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
        return t;
    }

    /**
     * Two proposals side by side on the same images and K: mean L_K and mean ESS for each, and
     * how far the second's estimate lies below the first's (paired).
     */
    public static Table compare(String title, ImportanceSweep a, ImportanceSweep b) {
        if (!Arrays.equals(a.ks(), b.ks())) {
            throw new IllegalArgumentException("compare needs the same K: " + Arrays.toString(a.ks()) + " vs "
                    + Arrays.toString(b.ks()));
        }
        String na = a.proposal.label(), nb = b.proposal.label();
        Table t = Table.create(title, IntColumn.create("K"), DoubleColumn.create("L_K, " + na),
                DoubleColumn.create("L_K, " + nb), DoubleColumn.create(nb + " below " + na + " by"),
                DoubleColumn.create("ESS, " + na), DoubleColumn.create("ESS, " + nb),
                DoubleColumn.create("ESS / K, " + nb));
        for (int k : a.ks()) {
            t.intColumn("K").append(k);
            t.doubleColumn("L_K, " + na).append(a.mean(k).mean());
            t.doubleColumn("L_K, " + nb).append(b.mean(k).mean());
            t.doubleColumn(nb + " below " + na + " by")
                    .append(SampleMean.difference(a.estimate(k).logpx(), b.estimate(k).logpx()).mean());
            t.doubleColumn("ESS, " + na).append(a.estimate(k).meanEss());
            t.doubleColumn("ESS, " + nb).append(b.estimate(k).meanEss());
            t.doubleColumn("ESS / K, " + nb).append(b.estimate(k).meanEss() / k);
        }
        format(t, 3);
        return t;
    }

    private static void format(Table t, int digits) {
        for (String c : t.columnNames()) {
            if (t.column(c) instanceof DoubleColumn d) d.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(digits));
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ImportanceSweep{proposal=" + proposal);
        for (int k : ks()) sb.append(", K=").append(k).append(": ").append(mean(k));
        return sb.append('}').toString();
    }
}
