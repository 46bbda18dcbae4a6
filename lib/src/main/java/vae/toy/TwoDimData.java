package vae.toy;

import vae.prob.ArgumentChecks;
import vae.prob.Rng;

/**
 * Two-dimensional data sets drawn from a known latent-variable model, so a VAE trained on them can be
 * compared with the truth (log p(x) by quadrature over the 1-D latent).
 * <pre>
 *   horseshoe:  z ~ N(0, 1),  x | z ~ N(r (sin z, cos z), s^2 I_2)     an open arc of radius r
 * </pre>
 * With z ~ N(0, 1) the angle z stays mostly within +-2 radians, so the points trace a horseshoe open at the
 * bottom, densest at the top.
 */
public final class TwoDimData {
    private TwoDimData() {}

    /** The horseshoe model {@code x | z ~ N(r (sin z, cos z), s^2 I)} as a {@link Nonlinear1DModel}. */
    public static Nonlinear1DModel horseshoe(double r, double s) {
        return Nonlinear1DModel.of("f(z) = " + r + " (sin z, cos z)", new Nonlinear1DModel.Curve() {
            public int dim() { return 2; }
            public double[] value(double z) { return new double[] {r * StrictMath.sin(z), r * StrictMath.cos(z)}; }
            public double[] derivative(double z) { return new double[] {r * StrictMath.cos(z), -r * StrictMath.sin(z)}; }
        }, s);
    }

    /** n draws (z_i, x_i) from a model: {@code result.x()[i]} is x_i, {@code result.z()[i]} the latent that made it. */
    public static Samples sample(LatentModel model, int n, Rng rng) {
        ArgumentChecks.atLeast("n", n, 1);
        double[][] x = new double[n][], z = new double[n][];
        for (int i = 0; i < n; i++) {
            LatentModel.Sample s = model.sample(rng);
            x[i] = s.x();
            z[i] = s.z();
        }
        return new Samples(x, z);
    }

    /** Data points and the latents that generated them, one row each (arrays are not copied). */
    public record Samples(double[][] x, double[][] z) {
        /** Column j of x, e.g. for a scatter plot. */
        public double[] xColumn(int j) {
            double[] c = new double[x.length];
            for (int i = 0; i < c.length; i++) c[i] = x[i][j];
            return c;
        }

        /** Column j of z. */
        public double[] zColumn(int j) {
            double[] c = new double[z.length];
            for (int i = 0; i < c.length; i++) c[i] = z[i][j];
            return c;
        }
    }
}
