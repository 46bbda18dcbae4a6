package vae.toy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;
import vae.check.Check;
import vae.check.CheckFailure;
import vae.prob.DiagonalGaussian;
import vae.prob.Distribution;
import vae.prob.MultivariateGaussian;
import vae.prob.Rng;

/**
 * The Monte Carlo checks of notebooks 01-05, each run on 200 seeds other than the notebook's own, with the
 * notebook's computation and the notebook's rule (the same {@link Check} calls). A correct library must pass
 * each of them for nearly every seed: the test fails when more than {@link #ALLOWED} of the 200 seeds fail a
 * check, and prints every check's failure count. The rules are repeated from the notebooks' check cells (a
 * notebook cell must show its rule to its reader); when a rule changes there, it changes here.
 */
class NotebookSeedSweepTest {
    static final int SEEDS = 200, FIRST_SEED = 10_000;
    /** A 4-SE rule on a Gaussian error fails with probability 6e-5; 2 of 200 leaves room for skewed estimators, not for a bad rule. */
    static final int ALLOWED = 2;

    /** Runs a notebook check on every seed; returns how many seeds failed it, and prints that. */
    static int failures(String check, IntConsumer checkWithSeed) {
        int failed = (int) IntStream.range(FIRST_SEED, FIRST_SEED + SEEDS).parallel().filter(seed -> {
            try {
                checkWithSeed.accept(seed);
                return false;
            } catch (CheckFailure f) {
                System.out.printf("seed sweep: %s, seed %d: %s%n", check.substring(0, 2), seed, f.getMessage());
                return true;
            }
        }).count();
        System.out.printf("seed sweep: %-70s failed for %d of %d seeds%n", check, failed, SEEDS);
        return failed;
    }

    static void assertRare(String check, IntConsumer checkWithSeed) {
        int failed = failures(check, checkWithSeed);
        assertTrue(failed <= ALLOWED, check + ": failed for " + failed + " of " + SEEDS + " seeds, expected at most " + ALLOWED);
    }

    static final LinearGaussianModel LINEAR = LinearGaussianModel.oneDimensional(2.0, 0.0, 0.5);
    static final Nonlinear1DModel SQUARE = Nonlinear1DModel.square(1.0, 0.5);
    static final double[] X = {1.5};

    // ---- notebook 01 ----

    @Test
    void nb01PriorMonteCarloAgainstExact() {
        double exact = LINEAR.logMarginal(X), quadSq = LogMarginalEstimators.quadrature(SQUARE, X).value();
        assertRare("01 linear model: prior Monte Carlo within 4 SE of the closed form", seed -> {
            Estimate mc = LogMarginalEstimators.priorMonteCarlo(LINEAR, X, 10_000, new Rng(seed));
            Check.withinStandardErrors("linear", exact, mc.value(), mc.standardError(), 4);
        });
        assertRare("01 square model: prior Monte Carlo within 4 SE of quadrature", seed -> {
            Estimate mc = LogMarginalEstimators.priorMonteCarlo(SQUARE, X, 10_000, new Rng(seed));
            Check.withinStandardErrors("square", quadSq, mc.value(), mc.standardError(), 4);
        });
    }

    @Test
    void nb01ErrorAgainstN() {
        int[] ns = {10, 30, 100, 300, 1_000, 3_000, 10_000};
        double exact = LINEAR.logMarginal(X);
        double[][] results = new double[FIRST_SEED + SEEDS][];
        assertRare("01 error against N: measured rms / sqrt(chi^2/N) - 1 within 0.3 at every N", seed -> {
            Table t = EstimatorStudy.versusSamples(LINEAR, X, LINEAR.prior(), exact, ns, 100, new Rng(seed));
            double[] measured = t.doubleColumn("rms relative error").asDoubleArray(), predicted = t.doubleColumn("predicted relative std").asDoubleArray();
            results[seed] = measured;
            Check.allClose("ratios", new double[ns.length], ratiosMinusOne(measured, predicted, Double.POSITIVE_INFINITY), 0.3);
        });
        double[] lx = Arrays.stream(ns).mapToDouble(Math::log).toArray();
        double[] slopes = IntStream.range(FIRST_SEED, FIRST_SEED + SEEDS).mapToDouble(seed -> slope(lx, Arrays.stream(results[seed]).map(Math::log).toArray())).toArray();
        double meanSlope = Arrays.stream(slopes).average().orElseThrow();
        System.out.printf("seed sweep: 01 fitted slope over %d seeds: mean %.4f, standard deviation %.4f%n", SEEDS, meanSlope,
                Math.sqrt(Arrays.stream(slopes).map(v -> (v - meanSlope) * (v - meanSlope)).sum() / (SEEDS - 1)));
        assertRare("01 error against N: fitted log-log slope within 0.05 of -1/2", seed -> Check.close("slope", -0.5, slopes[seed - FIRST_SEED], 0.05));
    }

    /** Least-squares slope of y on x (the notebook computes it the same way). */
    static double slope(double[] x, double[] y) {
        double mx = Arrays.stream(x).average().orElseThrow(), my = Arrays.stream(y).average().orElseThrow(), sxy = 0, sxx = 0;
        for (int i = 0; i < x.length; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx); }
        return sxy / sxx;
    }

    /** measured / predicted - 1 where the prediction is at most {@code upTo} (notebook 01's rule in its three studies). */
    static double[] ratiosMinusOne(double[] measured, double[] predicted, double upTo) {
        return IntStream.range(0, measured.length).filter(i -> predicted[i] <= upTo).mapToDouble(i -> measured[i] / predicted[i] - 1).toArray();
    }

    @Test
    void nb01Tail() {
        double[] xs = {0, 2, 4, 6, 8, 10, 12};
        assertRare("01 tail: rms within 30 % of prediction where it is <= 0.3; ESS falls while above 2; collapse at x=12", seed -> {
            Table tail = EstimatorStudy.priorInTheTail(LINEAR, xs, 1_000, 100, new Rng(seed));
            double[] ess = tail.doubleColumn("mean ESS").asDoubleArray(), rms = tail.doubleColumn("rms relative error").asDoubleArray();
            double[] predicted = tail.doubleColumn("predicted relative std").asDoubleArray(), medianLog = tail.doubleColumn("median log error").asDoubleArray();
            double[] ratios = ratiosMinusOne(rms, predicted, 0.3);
            Check.allClose("rms", new double[ratios.length], ratios, 0.3);
            double largestRise = Double.NEGATIVE_INFINITY;
            for (int i = 1; i < xs.length && ess[i - 1] > 2; i++) largestRise = Math.max(largestRise, ess[i] - ess[i - 1]);
            Check.atMost("ESS rise", 0, largestRise);
            int last = xs.length - 1;
            Check.atMost("ESS at x=12", 2, ess[last]);
            Check.atMost("median log error at x=12", -10, medianLog[last]);
        });
    }

    @Test
    void nb01Dimension() {
        int[] ds = {1, 2, 4, 8, 16, 32};
        assertRare("01 dimension: rms within 30 % of prediction where it is <= 0.3; ESS < 2 at d=32", seed -> {
            Table dim = EstimatorStudy.priorVersusDimension(ds, 2.0, 0.5, 1_000, 100, new Rng(seed));
            double[] ess = dim.doubleColumn("mean ESS").asDoubleArray(), rms = dim.doubleColumn("rms relative error").asDoubleArray();
            double[] ratios = ratiosMinusOne(rms, dim.doubleColumn("predicted relative std").asDoubleArray(), 0.3);
            Check.allClose("rms", new double[ratios.length], ratios, 0.3);
            Check.atMost("ESS at d=32", 2, ess[ds.length - 1]);
        });
    }

    // ---- notebook 02 ----

    static final MultivariateGaussian POSTERIOR = LINEAR.posterior(X);
    static final double M = POSTERIOR.mean()[0], S = POSTERIOR.marginalStd()[0];

    @Test
    void nb02ImportanceSampling() {
        double logPx = LINEAR.logMarginal(X);
        Distribution[] qs = {LINEAR.prior(), DiagonalGaussian.of1D(M + 2 * S, 2 * S)};
        assertRare("02 importance sampling, N=100000: prior and offset Q within 4 SE of log p(x)", seed -> {
            for (int i = 0; i < qs.length; i++) {
                Estimate e = LogMarginalEstimators.importanceSampling(LINEAR, X, qs[i], 100_000, new Rng(seed + 100_000L * i));
                Check.withinStandardErrors("Q " + i, logPx, e.value(), e.standardError(), 4);
            }
        });
        DiagonalGaussian offset = DiagonalGaussian.of1D(M + 2 * S, 2 * S);
        double elboExact = LINEAR.elbo(X, offset);
        assertRare("02 ELBO of the offset Q from 4000 batches of 10: within 4 SE of the closed form", seed -> {
            Rng rng = new Rng(seed);
            double[] batchElbo = new double[4000];
            for (int r = 0; r < batchElbo.length; r++)
                batchElbo[r] = Arrays.stream(LogMarginalEstimators.logWeights(LINEAR, X, offset, 10, rng)).average().orElseThrow();
            Estimate e = EstimatorStudy.mean("batches", batchElbo);
            Check.withinStandardErrors("ELBO", elboExact, e.value(), e.standardError(), 4);
        });
        // Notebook 02's Q with a hole: the prior restricted to z > m misses half of the integrand
        double aboveM = logPx + Math.log(0.5);
        Distribution priorCut = cutBelow(0, 1, M);
        assertRare("02 prior cut to z > m, N=100000: within 4 SE of log p(x) + log 1/2", seed -> {
            Estimate e = LogMarginalEstimators.importanceSampling(LINEAR, X, priorCut, 100_000, new Rng(seed));
            Check.withinStandardErrors("cut prior", aboveM, e.value(), e.standardError(), 4);
        });
    }

    /** Notebook 02's truncated proposal: N(mean, sd^2) restricted to z > cut, by rejection, density renormalised. */
    static Distribution cutBelow(double mean, double sd, double cut) {
        double logMassAbove = Math.log(vae.prob.Normal.cdf(mean - cut, 0, sd));
        return new Distribution() {
            public int dim() { return 1; }
            public double[] sample(Rng rng) {
                double z;
                do z = rng.nextGaussian(mean, sd); while (!(z > cut));
                return new double[] {z};
            }
            public double logDensity(double[] z) {
                return z[0] > cut ? vae.prob.Normal.logDensity(z[0], mean, sd) - logMassAbove : Double.NEGATIVE_INFINITY;
            }
        };
    }

    @Test
    void nb02JensenGaps() {
        double[] shifts = {0.5, 1, 1.5, 2, 2.5}, widths = {1.2, 1.4, 1.6, 1.8, 2};
        DiagonalGaussian[] shifted = Arrays.stream(shifts).mapToObj(k -> DiagonalGaussian.of1D(M + k * S, S)).toArray(DiagonalGaussian[]::new);
        DiagonalGaussian[] wider = Arrays.stream(widths).mapToObj(k -> DiagonalGaussian.of1D(M, k * S)).toArray(DiagonalGaussian[]::new);
        String[] names = new String[5];
        Arrays.fill(names, "q");
        int n = 20_000;
        assertRare("02 Jensen gaps (N=20000): gap within 4 SE of the exact KL; shifted: Var(log w)/2 within 4 SE of the gap", seed -> {
            for (DiagonalGaussian[] family : new DiagonalGaussian[][] {shifted, wider}) {
                Table t = EstimatorStudy.jensenGaps(LINEAR, X, names, family, n, new Rng(seed + (family == wider ? 1 : 0) * 100_000));
                for (int i = 0; i < family.length; i++) {
                    double gap = t.doubleColumn("gap").get(i), kl = t.doubleColumn("exact KL(q || p(z|x))").get(i), sd = t.doubleColumn("sd of log w").get(i);
                    double se = jensenGapSe(family[i], sd, n);
                    Check.withinStandardErrors("gap", kl, gap, se, 4);
                    if (family == shifted) Check.withinStandardErrors("Var/2", gap, sd * sd / 2, Math.hypot(se, sd * sd / Math.sqrt(2.0 * (n - 1))), 4);
                }
            }
        });
    }

    /** The notebook's standard error of a Jensen gap: sqrt(chi^2(posterior || q) / N) for log mean w, plus sd(log w)/sqrt(N) for mean log w. */
    static double jensenGapSe(DiagonalGaussian q, double sdLogW, int n) {
        return Math.sqrt(ImportanceSamplingTheory.chiSquare(POSTERIOR, q) / n) + sdLogW / Math.sqrt(n);
    }

    // ---- notebook 03 ----

    static final double[] X4 = {4.0};
    static final MultivariateGaussian POST4 = LINEAR.posterior(X4);
    static final double M4 = POST4.mean()[0], S4 = POST4.marginalStd()[0];
    static final Distribution[] PROPOSALS = {LINEAR.prior(), POST4, DiagonalGaussian.of1D(M4 + 1.5 * S4, S4),
            DiagonalGaussian.of1D(M4, 0.5 * S4), DiagonalGaussian.of1D(M4, 3 * S4)};
    /** Notebook 03's repeats per proposal (N = 1000 weights each). */
    static final int REPEATS_03 = 1_000;

    @Test
    void nb03Proposals() {
        double logPx = LINEAR.logMarginal(X4);
        assertRare("03 proposals (" + REPEATS_03 + " repeats): posterior exact; sd of log p-hat within 15 % of sqrt(chi^2/N) where finite; prior smallest ESS", seed -> {
            EstimatorStudy.Summary[] s = new EstimatorStudy.Summary[PROPOSALS.length];
            for (int i = 0; i < PROPOSALS.length; i++) s[i] = EstimatorStudy.repeat(LINEAR, X4, PROPOSALS[i], logPx, 1_000, REPEATS_03, new Rng(seed + 1000 * i));
            Check.atMost("posterior rms", 1e-10, s[1].rmsRelativeError());
            Check.close("posterior ESS", 1_000, s[1].meanEss(), 1e-6);
            for (int i : new int[] {0, 2, 4}) Check.relativelyClose("sd of log p-hat " + i, s[i].predictedRelativeStd(), s[i].sdLogEstimate(), 0.15);
            Check.atMost("prior ESS below every other", Arrays.stream(s, 1, s.length).mapToDouble(EstimatorStudy.Summary::meanEss).min().orElseThrow(), s[0].meanEss());
        });
    }

    @Test
    void nb03ImportanceWeightedBounds() {
        double logPx = LINEAR.logMarginal(X4);
        int[] ks = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};
        int[] chosen = {0, 2, 4};
        assertRare("03 L_K: L_1 = ELBO, never above log p(x), never falls, L_1024 = log p(x) - chi^2/2K, each within 4 SE", seed -> {
            for (int c : chosen) {
                Rng rng = new Rng(seed + c * 100_000);
                Estimate[] b = new Estimate[ks.length];
                for (int j = 0; j < ks.length; j++) b[j] = LogMarginalEstimators.importanceWeightedBound(LINEAR, X4, PROPOSALS[c], ks[j], boundRepeats(ks[j]), rng);
                Check.withinStandardErrors("L_1", LINEAR.elbo(X4, (DiagonalGaussian) PROPOSALS[c]), b[0].value(), b[0].standardError(), 4);
                double largestExcess = Double.NEGATIVE_INFINITY, largestFall = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < ks.length; j++) {
                    largestExcess = Math.max(largestExcess, (b[j].value() - logPx) / b[j].standardError());
                    if (j > 0) largestFall = Math.max(largestFall, (b[j - 1].value() - b[j].value()) / Math.hypot(b[j].standardError(), b[j - 1].standardError()));
                }
                Check.atMost("L_K above log p(x), in SE", 4, largestExcess);
                Check.atMost("L_K falls, in combined SE", 4, largestFall);
                int last = ks.length - 1;
                double asymptote = logPx - ImportanceSamplingTheory.chiSquare(POST4, (DiagonalGaussian) PROPOSALS[c]) / (2.0 * ks[last]);
                Check.withinStandardErrors("L_1024", asymptote, b[last].value(), b[last].standardError(), 4);
            }
        });
    }

    /** The notebook's number of batches at each K: 100 000 weights per point, at least 100 batches. */
    static int boundRepeats(int k) {
        return Math.max(100, 100_000 / k);
    }

    // ---- notebook 04 ----

    @Test
    void nb04DerivationLines() {
        DiagonalGaussian q = DiagonalGaussian.of1D(0.0, 0.6);
        double elbo = LINEAR.elbo(X, q);
        assertRare("04 derivation: Monte Carlo ELBO term within 4 SE (SE from independent draws) of the closed form", seed -> {
            Table lines = ElboDecomposition.lines(LINEAR, X, q, 100_000, new Rng(seed));
            double se = LogMarginalEstimators.elbo(LINEAR, X, q, 100_000, new Rng(seed + 100_000)).standardError();
            Check.withinStandardErrors("ELBO term", elbo, lines.doubleColumn("Monte Carlo").get(5), se, 4);
        });
    }

    static final ElboAscent ASCENT = ElboAscent.builder().learningRate(0.01).steps(300).samples(16).build();

    @Test
    void nb04AscentLinear() {
        assertRare("04 ascent (linear): final KL below 1 % of the start and mean KL over the last 100 steps below 0.02", seed -> {
            ElboAscent.Trajectory run = ASCENT.run(LINEAR, X, DiagonalGaussian.of1D(-1.0, 1.0), new Rng(seed));
            double[] kls = run.kls();
            Check.atMost("final KL", 0.01 * kls[0], kls[kls.length - 1]);
            Check.atMost("mean KL over the last 100 steps", 0.02, Arrays.stream(kls, kls.length - 100, kls.length).average().orElseThrow());
        });
    }

    @Test
    void nb04AscentSquare() {
        // The notebook's optima (BestGaussian) and its KL by PosteriorKl; the trajectories' KLs here are log p(x) - ELBO,
        // which the notebook checks equal PosteriorKl's to 1e-9 (a 200-seed sweep of PosteriorKl would take minutes).
        double logPx = ExactElbo.logMarginal(SQUARE, X);
        double klOneMode = PosteriorKl.byQuadrature(SQUARE, X, BestGaussian.fit(SQUARE, X, DiagonalGaussian.of1D(0.8, 0.3)).q());
        double klSymmetric = PosteriorKl.byQuadrature(SQUARE, X, BestGaussian.fit(SQUARE, X, DiagonalGaussian.of1D(0.0, 0.7)).q());
        assertTrue(Math.abs(klOneMode - (logPx - BestGaussian.fit(SQUARE, X, DiagonalGaussian.of1D(0.8, 0.3)).elbo())) < 1e-9);
        assertRare("04 ascent (square): narrow start's mean KL over the last 100 steps within 0.02 of the one-mode optimum", seed -> {
            double[] kls = ASCENT.run(SQUARE, X, DiagonalGaussian.of1D(0.8, 0.3), new Rng(seed)).kls();
            Check.close("narrow", klOneMode, Arrays.stream(kls, kls.length - 100, kls.length).average().orElseThrow(), 0.02);
        });
        // What the notebook states and does not check: the wide start heads for the symmetric local optimum and is
        // tipped off it into one mode on some seeds. Printed, not asserted; the notebook's text quotes this count.
        failures("04 ascent (square), measurement only: wide start ends below the symmetric optimum's KL (tipped into a mode)", seed -> {
            double[] kls = ASCENT.run(SQUARE, X, DiagonalGaussian.of1D(0.3, 1.0), new Rng(seed)).kls();
            Check.atLeast("wide", klSymmetric, kls[kls.length - 1]);
        });
        assertRare("04 ascent (square): no step of either start below the best Gaussian's KL", seed -> {
            for (DiagonalGaussian start : new DiagonalGaussian[] {DiagonalGaussian.of1D(0.3, 1.0), DiagonalGaussian.of1D(0.8, 0.3)})
                Check.atLeast("start " + start, klOneMode, Arrays.stream(ASCENT.run(SQUARE, X, start, new Rng(seed)).kls()).min().orElseThrow());
        });
    }

    // ---- notebook 05 ----

    @Test
    void nb05Terms() {
        DiagonalGaussian q = DiagonalGaussian.of1D(0.0, 0.6);
        double recon = LINEAR.expectedLogLikelihood(X, q), kl = vae.prob.KL.toStandardNormal(q);
        assertRare("05 terms: Monte Carlo reconstruction and KL to the prior within 4 SE of their closed forms", seed -> {
            Rng rng = new Rng(seed);
            int n = 100_000;
            double[] r = new double[n], k = new double[n];
            for (int i = 0; i < n; i++) {
                double[] z = q.sample(rng);
                r[i] = LINEAR.logLikelihood(X, z);
                k[i] = q.logDensity(z) - LINEAR.prior().logDensity(z);
            }
            Estimate rm = EstimatorStudy.mean("r", r), km = EstimatorStudy.mean("k", k);
            Check.withinStandardErrors("reconstruction", recon, rm.value(), rm.standardError(), 4);
            Check.withinStandardErrors("KL", kl, km.value(), km.standardError(), 4);
        });
    }

    @Test
    void nb05Gradients() {
        DiagonalGaussian q = DiagonalGaussian.of1D(0.0, 0.6);
        double[] exact = {12, -5.12};
        assertRare("05 gradients (N=20000): both estimators' means within 4 SE of the exact gradient (12, -5.12); SF variance larger", seed -> {
            ElboGradients.GradientEstimate rep = ElboGradients.reparameterized(LINEAR, X, q, 20_000, new Rng(seed));
            ElboGradients.GradientEstimate sf = ElboGradients.scoreFunction(LINEAR, X, q, 20_000, new Rng(seed + 100_000));
            for (ElboGradients.GradientEstimate g : new ElboGradients.GradientEstimate[] {rep, sf})
                for (int k = 0; k < 2; k++) Check.withinStandardErrors("component " + k, exact[k], g.gradient()[k], g.standardError()[k], 4);
            for (int k = 0; k < 2; k++) Check.atLeast("variance ratio " + k, 1, sf.perSampleVariance()[k] / rep.perSampleVariance()[k]);
        });
        int[] dims = {1, 4, 16};
        assertRare("05 gradients by dimension (N=4000): score function noisier at d = 1, 4, 16; the ELBO baseline lowers its variance", seed -> {
            for (int i = 0; i < dims.length; i++) {
                Rng rng = new Rng(seed + 1000 * i);
                LinearGaussianModel mi = LinearGaussianModel.random(dims[i], 2 * dims[i], 0.5, rng.split());
                double[] xi = mi.sample(rng.split()).x();
                MultivariateGaussian post = mi.posterior(xi);
                double[] mean = post.mean(), sd = post.marginalStd();
                for (int j = 0; j < mean.length; j++) mean[j] += 0.5 * sd[j];
                DiagonalGaussian qi = DiagonalGaussian.ofMeanStd(mean, sd);
                int d = dims[i];
                double rep = Arrays.stream(ElboGradients.reparameterized(mi, xi, qi, 4000, rng.split()).perSampleVariance()).limit(d).average().orElseThrow();
                double sf = Arrays.stream(ElboGradients.scoreFunction(mi, xi, qi, 4000, rng.split()).perSampleVariance()).limit(d).average().orElseThrow();
                double based = Arrays.stream(ElboGradients.scoreFunction(mi, xi, qi, 4000, rng.split(), mi.elbo(xi, qi)).perSampleVariance()).limit(d).average().orElseThrow();
                Check.atLeast("d=" + d, rep, sf);
                Check.atMost("d=" + d + " baseline", sf, based);
            }
        });
    }

}
