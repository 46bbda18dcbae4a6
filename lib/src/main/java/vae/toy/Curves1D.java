package vae.toy;

import vae.prob.ArgumentChecks;
import java.util.function.DoubleUnaryOperator;
import vae.prob.Distribution;

/**
 * Densities of a model with a 1-D latent evaluated on a grid of z values, for plots:
 * <pre>
 *   joint      p(x, z) = exp(log p(x, z))                 the integrand of p(x) = int p(x, z) dz
 *   posterior  p(z | x) = p(x, z) / p(x)                   p(x) exact (closed form or quadrature)
 *   density    q(z) = exp(log q(z))                        a prior or a proposal
 * </pre>
 * Every method returns a new array with one value per grid point; nothing is modified.
 */
public final class Curves1D {
    private Curves1D() {}

    /** {@code points} equally spaced values from lo to hi inclusive. */
    public static double[] grid(double lo, double hi, int points) {
        ArgumentChecks.atLeast("points", points, 2);
        if (!(lo < hi)) throw new IllegalArgumentException("need lo < hi, got lo=" + lo + ", hi=" + hi);
        double[] z = new double[points];
        for (int i = 0; i < points; i++) z[i] = lo + (hi - lo) * i / (points - 1);
        return z;
    }

    /** {@code f(v)} for each v. */
    public static double[] apply(double[] values, DoubleUnaryOperator f) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) out[i] = f.applyAsDouble(values[i]);
        return out;
    }

    /** The integrand {@code p(x, z)} at each z of the grid. */
    public static double[] joint(LatentModel model, double[] x, double[] zs) {
        oneDimensional(model);
        return apply(zs, z -> StrictMath.exp(model.logJoint(x, new double[] {z})));
    }

    /** The exact posterior {@code p(z | x) = p(x, z) / p(x)} at each z of the grid. */
    public static double[] posterior(LatentModel model, double[] x, double[] zs) {
        oneDimensional(model);
        double logPx = ExactElbo.logMarginal(model, x);
        return apply(zs, z -> StrictMath.exp(model.logJoint(x, new double[] {z}) - logPx));
    }

    /** The posterior {@code p(z | x) = exp(log p(x, z) - log p(x))} with log p(x) given (e.g. from a quadrature of your own tolerance). */
    public static double[] posterior(LatentModel model, double[] x, double[] zs, double logMarginal) {
        oneDimensional(model);
        return apply(zs, z -> StrictMath.exp(model.logJoint(x, new double[] {z}) - logMarginal));
    }

    /** The density {@code q(z)} of a 1-D distribution at each z of the grid. */
    public static double[] density(Distribution q, double[] zs) {
        if (q.dim() != 1) throw new IllegalArgumentException("needs a 1-D distribution, got dim=" + q.dim());
        return apply(zs, z -> StrictMath.exp(q.logDensity(new double[] {z})));
    }

    private static void oneDimensional(LatentModel model) {
        if (model.latentDim() != 1) throw new IllegalArgumentException("needs a 1-D latent, got latentDim=" + model.latentDim());
    }
}
