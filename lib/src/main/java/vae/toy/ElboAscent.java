package vae.toy;

import vae.prob.ArgumentChecks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import vae.prob.DiagonalGaussian;
import vae.prob.Rng;

/**
 * Stochastic gradient ascent on {@code ELBO(q)} over the parameters (mu, log sigma) of a diagonal
 * Gaussian q, recording every step so a notebook can draw the fit as a sequence of frames:
 * <pre>
 *   theta = (mu, log sigma),   theta <- theta + learningRate * grad-hat ELBO(theta)
 * </pre>
 * with the gradient from {@link ElboGradients} ({@code samples} draws per step). Each recorded
 * step holds q's mean and std, the exact ELBO and the exact {@code KL(q || p(z|x)) = log p(x) - ELBO}
 * (see {@link ExactElbo}; NaN for models without an exact answer).
 *
 * <p>Use: {@code ElboAscent.builder().learningRate(0.05).steps(200).samples(8).build().run(model, x, q0, rng)}.
 * The optimiser itself holds no state between runs.
 */
public final class ElboAscent {
    /** Default step size. */
    public static final double DEFAULT_LEARNING_RATE = 0.05;
    /** Default number of steps. */
    public static final int DEFAULT_STEPS = 100;
    /** Default Monte Carlo samples per gradient. */
    public static final int DEFAULT_SAMPLES = 8;

    private final double learningRate;
    private final int steps;
    private final int samples;
    private final ElboGradients.Estimator estimator;

    private ElboAscent(Builder b) {
        this.learningRate = b.learningRate;
        this.steps = b.steps;
        this.samples = b.samples;
        this.estimator = b.estimator;
    }

    /** A builder with the defaults (learning rate 0.05, 100 steps, 8 samples, reparameterised). */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link ElboAscent}. */
    public static final class Builder {
        private double learningRate = DEFAULT_LEARNING_RATE;
        private int steps = DEFAULT_STEPS;
        private int samples = DEFAULT_SAMPLES;
        private ElboGradients.Estimator estimator = ElboGradients.Estimator.REPARAMETERIZED;

        private Builder() {}

        public Builder learningRate(double lr) {
            ArgumentChecks.positive("learningRate", lr);
            this.learningRate = lr;
            return this;
        }

        public Builder steps(int steps) {
            ArgumentChecks.atLeast("steps", steps, 0);
            this.steps = steps;
            return this;
        }

        public Builder samples(int samples) {
            ArgumentChecks.atLeast("samples", samples, 1);
            this.samples = samples;
            return this;
        }

        public Builder estimator(ElboGradients.Estimator estimator) {
            if (estimator == null) throw new IllegalArgumentException("estimator must not be null");
            this.estimator = estimator;
            return this;
        }

        public ElboAscent build() {
            return new ElboAscent(this);
        }
    }

    /** One recorded state of q: after {@code step} updates (step 0 is the start). */
    public record Step(int step, double[] mean, double[] std, double elbo, double klToPosterior) {
        public Step {
            mean = mean.clone();
            std = std.clone();
        }

        @Override
        public double[] mean() {
            return mean.clone();
        }

        @Override
        public double[] std() {
            return std.clone();
        }

        /** q at this step. */
        public DiagonalGaussian q() {
            return DiagonalGaussian.ofMeanStd(mean, std);
        }
    }

    /** The recorded run: steps 0..n, plus log p(x) when known. */
    public static final class Trajectory {
        private final List<Step> steps;
        private final double logMarginal;

        Trajectory(List<Step> steps, double logMarginal) {
            this.steps = Collections.unmodifiableList(new ArrayList<>(steps));
            this.logMarginal = logMarginal;
        }

        /** All recorded steps, the start first. */
        public List<Step> steps() {
            return steps;
        }

        /** The final step. */
        public Step last() {
            return steps.get(steps.size() - 1);
        }

        /** {@code log p(x)}, the ceiling of every ELBO (NaN if unknown). */
        public double logMarginal() {
            return logMarginal;
        }

        /** The ELBO at each step. */
        public double[] elbos() {
            return steps.stream().mapToDouble(Step::elbo).toArray();
        }

        /** KL(q || p(z|x)) at each step. */
        public double[] kls() {
            return steps.stream().mapToDouble(Step::klToPosterior).toArray();
        }

        /** Step indices 0..n as doubles (an x axis). */
        public double[] stepIndices() {
            return steps.stream().mapToDouble(Step::step).toArray();
        }

        /** mu_j at each step. */
        public double[] means(int j) {
            return steps.stream().mapToDouble(s -> s.mean[j]).toArray();
        }

        /** sigma_j at each step. */
        public double[] stds(int j) {
            return steps.stream().mapToDouble(s -> s.std[j]).toArray();
        }

        /** A Tablesaw table: step, mean_j, std_j for each latent j, elbo, kl_to_posterior. */
        public Table toTable() {
            int d = steps.get(0).mean.length;
            Table t = Table.create("ELBO ascent");
            t.addColumns(IntColumn.create("step", steps.stream().mapToInt(Step::step).toArray()));
            for (int j = 0; j < d; j++) t.addColumns(DoubleColumn.create("mean_" + j, means(j)));
            for (int j = 0; j < d; j++) t.addColumns(DoubleColumn.create("std_" + j, stds(j)));
            t.addColumns(DoubleColumn.create("elbo", elbos()), DoubleColumn.create("kl_to_posterior", kls()));
            return t;
        }

        @Override
        public String toString() {
            Step a = steps.get(0), b = last();
            return String.format("Trajectory(%d steps, ELBO %.5f -> %.5f, KL %.5f -> %.5f, log p(x)=%.5f)",
                    b.step(), a.elbo(), b.elbo(), a.klToPosterior(), b.klToPosterior(), logMarginal);
        }
    }

    /**
     * Runs {@code steps} updates from q0 (not modified), drawing all randomness from rng.
     *
     * @throws IllegalArgumentException if the dimensions of x or q0 do not fit the model
     */
    public Trajectory run(LatentModel model, double[] x, DiagonalGaussian q0, Rng rng) {
        ArgumentChecks.length("x", x, model.dataDim());
        if (q0.dim() != model.latentDim())
            throw new IllegalArgumentException("q0 must have the latent dimension " + model.latentDim() + ", got " + q0.dim());
        boolean exact = ExactElbo.supports(model);
        double logPx = exact ? ExactElbo.logMarginal(model, x) : Double.NaN;
        int d = q0.dim();
        double[] mu = q0.mean();
        double[] logStd = q0.logStd();
        List<Step> out = new ArrayList<>(steps + 1);
        DiagonalGaussian q = q0;
        out.add(record(0, q, model, x, exact, logPx));
        for (int t = 1; t <= steps; t++) {
            ElboGradients.GradientEstimate g = ElboGradients.estimate(estimator, model, x, q, samples, rng);
            double[] gm = g.gradMean(), gs = g.gradLogStd();
            for (int j = 0; j < d; j++) {
                mu[j] += learningRate * gm[j];        // mu        <- mu + lr * dELBO/dmu
                logStd[j] += learningRate * gs[j];    // log sigma <- log sigma + lr * dELBO/dlog sigma
            }
            double[] lv = new double[d];
            for (int j = 0; j < d; j++) {
                lv[j] = 2.0 * logStd[j];
                double variance = StrictMath.exp(lv[j]);
                // Stop on a non-finite mean or a variance that over- or underflows (sigma^2 must be in (0, inf)).
                if (!Double.isFinite(mu[j]) || !Double.isFinite(variance) || !(variance > 0))
                    throw new IllegalStateException("ELBO ascent diverged at step " + t + ": mu[" + j + "]=" + mu[j]
                            + ", log sigma[" + j + "]=" + logStd[j] + " (" + this + "); try a smaller learning rate");
            }
            q = DiagonalGaussian.ofMeanLogVar(mu, lv);
            out.add(record(t, q, model, x, exact, logPx));
        }
        return new Trajectory(out, logPx);
    }

    private static Step record(int t, DiagonalGaussian q, LatentModel model, double[] x, boolean exact, double logPx) {
        double elbo = exact ? ExactElbo.elbo(model, x, q) : Double.NaN;
        double kl = model instanceof LinearGaussianModel lg ? lg.klToPosterior(x, q) : logPx - elbo;
        return new Step(t, q.mean(), q.std(), elbo, kl);
    }

    @Override
    public String toString() {
        return "ElboAscent(learningRate=" + learningRate + ", steps=" + steps + ", samples=" + samples + ", estimator="
                + estimator + ")";
    }
}
