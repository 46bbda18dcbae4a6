package vae.toy;

import vae.prob.ArgumentChecks;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import vae.prob.Distribution;
import vae.prob.MultivariateGaussian;
import vae.prob.Rng;

/**
 * The lecture's derivation of {@code log P(X) = L(Q) + D_KL(Q(Z) || P(Z|X))}, line by line, each line
 * evaluated on the linear-Gaussian model (where P(Z|X) is known) with the same N samples {@code z_i ~ Q}:
 * <pre>
 *   log P(X) = E_Q log P(X)                                              (1) log P(X) does not depend on Z
 *            = E_Q log [P(X,Z) / P(Z|X)]                                  (2) Bayes: P(X) = P(X,Z) / P(Z|X)
 *            = E_Q log [P(X,Z) Q(Z) / (P(Z|X) Q(Z))]                      (3) multiply by Q/Q
 *            = E_Q log [P(X,Z) / Q(Z)] + E_Q log [Q(Z) / P(Z|X)]          (4) split the log
 *            = L(Q) + D_KL(Q(Z) || P(Z|X))                                (5) name the two terms
 * </pre>
 * Lines (2)-(4) are identities for every single sample z, so their Monte Carlo averages equal log P(X)
 * to rounding, whatever N; the two terms of line (4) separately are Monte Carlo estimates of the
 * closed-form ELBO and KL of line (5).
 */
public final class ElboDecomposition {
    private ElboDecomposition() {}

    /**
     * The derivation as a table: columns "line", "expression", "Monte Carlo" (the average over N samples
     * of Q) and "closed form". Rows: the five lines, then the two terms of line (4) on their own.
     */
    public static Table lines(LinearGaussianModel model, double[] x, Distribution q, int n, Rng rng) {
        ArgumentChecks.atLeast("number of samples N", n, 1);
        ArgumentChecks.length("x", x, model.dataDim());
        if (q.dim() != model.latentDim())
            throw new IllegalArgumentException("q must have the latent dimension " + model.latentDim() + ", got " + q.dim());
        MultivariateGaussian posterior = model.posterior(x);
        double logPx = model.logMarginal(x);
        double line1 = 0, line2 = 0, line3 = 0, elboTerm = 0, klTerm = 0;
        for (int i = 0; i < n; i++) {
            double[] z = q.sample(rng);
            double logJoint = model.logJoint(x, z), logQ = q.logDensity(z), logPost = posterior.logDensity(z);
            line1 += logPx;                                     // log P(X): a constant under Q
            line2 += logJoint - logPost;                        // log P(X,Z) - log P(Z|X)
            line3 += (logJoint + logQ) - (logPost + logQ);      // log [P(X,Z) Q(Z)] - log [P(Z|X) Q(Z)]
            elboTerm += logJoint - logQ;                        // log P(X,Z) / Q(Z)
            klTerm += logQ - logPost;                           // log Q(Z) / P(Z|X)
        }
        line1 /= n;
        line2 /= n;
        line3 /= n;
        elboTerm /= n;
        klTerm /= n;
        double elbo = q instanceof vae.prob.DiagonalGaussian dg ? model.elbo(x, dg) : model.elbo(x, (MultivariateGaussian) q);
        double kl = q instanceof vae.prob.DiagonalGaussian dg ? model.klToPosterior(x, dg) : model.klToPosterior(x, (MultivariateGaussian) q);
        Table t = Table.create("log P(X) = L(Q) + D_KL(Q || P(Z|X)), line by line, N = " + n + " samples of Q");
        t.addColumns(
                StringColumn.create("line", "(1)", "(2)", "(3)", "(4)", "(5)", "(4) first term", "(4) second term"),
                StringColumn.create("expression",
                        "E_Q log P(X)",
                        "E_Q log [P(X,Z) / P(Z|X)]",
                        "E_Q log [P(X,Z) Q(Z) / (P(Z|X) Q(Z))]",
                        "E_Q log [P(X,Z) / Q(Z)] + E_Q log [Q(Z) / P(Z|X)]",
                        "L(Q) + D_KL(Q || P(Z|X))",
                        "L(Q) = E_Q log [P(X,Z) / Q(Z)]",
                        "D_KL = E_Q log [Q(Z) / P(Z|X)]"),
                DoubleColumn.create("Monte Carlo", new double[] {line1, line2, line3, elboTerm + klTerm, Double.NaN, elboTerm, klTerm}),
                DoubleColumn.create("closed form", new double[] {logPx, logPx, logPx, logPx, elbo + kl, elbo, kl}));
        return t;
    }
}
