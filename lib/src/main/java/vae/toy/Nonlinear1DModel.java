package vae.toy;

import vae.prob.ArgumentChecks;
import vae.prob.DiagonalGaussian;
import vae.prob.Distribution;
import vae.prob.Normal;
import vae.prob.Rng;

/**
 * A model with a one-dimensional latent and a non-linear decoder f, where only quadrature gives
 * log p(x):
 * <pre>
 *   z ~ N(0, 1),   x | z ~ N(f(z), s^2 I_D)
 *   log p(x, z) = log N(z; 0, 1) - D/2 log(2 pi s^2) - ||x - f(z)||^2 / (2 s^2)
 *   d/dz log p(x, z) = -z + f'(z) . (x - f(z)) / s^2
 *   log p(x) = log int p(x, z) dz                (by {@link Quadrature} on [-12, 12])
 * </pre>
 * The factories pick f so that the posterior p(z|x) is not Gaussian:
 * {@link #square} (f(z) = a z^2: two symmetric modes), {@link #tanh} (f(z) = a tanh z: skewed),
 * {@link #arc} (x in R^2 on a circle, f(z) = r (cos pi z, sin pi z): two modes near z = +-1).
 */
public final class Nonlinear1DModel implements LatentModel {

    /** A decoder curve f: R -> R^D with its derivative. */
    public interface Curve {
        /** Output dimension D. */
        int dim();

        /** f(z). */
        double[] value(double z);

        /** f'(z). */
        double[] derivative(double z);
    }

    private static final DiagonalGaussian PRIOR = DiagonalGaussian.standard(1);

    private final String name;
    private final Curve curve;
    private final double s;

    private Nonlinear1DModel(String name, Curve curve, double s) {
        ArgumentChecks.positive("noise std s", s);
        this.name = name;
        this.curve = curve;
        this.s = s;
    }

    /** A model with a custom curve; {@code name} describes f in toString (e.g. "f(z) = 2 sin z"). */
    public static Nonlinear1DModel of(String name, Curve curve, double s) {
        if (curve == null || curve.dim() < 1) throw new IllegalArgumentException("curve must have output dimension >= 1");
        return new Nonlinear1DModel(name, curve, s);
    }

    /** {@code f(z) = a z^2} (D = 1): for x > 0 the posterior has two modes near {@code +-sqrt(x / a)}. */
    public static Nonlinear1DModel square(double a, double s) {
        finite("a", a);
        return new Nonlinear1DModel("f(z) = " + a + " z^2", new Curve() {
            public int dim() { return 1; }
            public double[] value(double z) { return new double[] {a * z * z}; }
            public double[] derivative(double z) { return new double[] {2.0 * a * z}; }
        }, s);
    }

    /** {@code f(z) = a tanh(z)} (D = 1): saturates, so an x near +-a gives a long, skewed posterior. */
    public static Nonlinear1DModel tanh(double a, double s) {
        finite("a", a);
        return new Nonlinear1DModel("f(z) = " + a + " tanh(z)", new Curve() {
            public int dim() { return 1; }
            public double[] value(double z) { return new double[] {a * StrictMath.tanh(z)}; }
            public double[] derivative(double z) {
                double c = StrictMath.cosh(z);
                return new double[] {a / (c * c)};
            }
        }, s);
    }

    /**
     * {@code f(z) = r (cos(pi z), sin(pi z))} (D = 2): the prior is mapped onto a circle of radius r;
     * z = 1 and z = -1 land on the same point (-r, 0), so x there has a bimodal posterior.
     */
    public static Nonlinear1DModel arc(double r, double s) {
        finite("r", r);
        return new Nonlinear1DModel("f(z) = " + r + " (cos pi z, sin pi z)", new Curve() {
            public int dim() { return 2; }
            public double[] value(double z) { return new double[] {r * StrictMath.cos(Math.PI * z), r * StrictMath.sin(Math.PI * z)}; }
            public double[] derivative(double z) {
                return new double[] {-Math.PI * r * StrictMath.sin(Math.PI * z), Math.PI * r * StrictMath.cos(Math.PI * z)};
            }
        }, s);
    }

    private static void finite(String what, double v) {
        if (!Double.isFinite(v)) throw new IllegalArgumentException(what + " must be finite, got " + v);
    }

    @Override
    public int latentDim() {
        return 1;
    }

    @Override
    public int dataDim() {
        return curve.dim();
    }

    @Override
    public Distribution prior() {
        return PRIOR;
    }

    /** The noise standard deviation s. */
    public double noiseStd() {
        return s;
    }

    /** The decoder mean f(z). */
    public double[] decode(double z) {
        return curve.value(z);
    }

    /** {@code log p(x|z) = -D/2 log(2 pi s^2) - ||x - f(z)||^2 / (2 s^2)}. */
    @Override
    public double logLikelihood(double[] x, double[] z) {
        ArgumentChecks.length("z", z, 1);
        return logLikelihood(x, z[0]);
    }

    /** Scalar form of {@link #logLikelihood(double[], double[])}. */
    public double logLikelihood(double[] x, double z) {
        ArgumentChecks.length("x", x, curve.dim());
        return Normal.logDensityIsotropic(x, curve.value(z), s);
    }

    /** Scalar {@code log p(x, z) = log N(z; 0, 1) + log p(x|z)}. */
    public double logJoint(double[] x, double z) {
        return Normal.logDensityStandard(z) + logLikelihood(x, z);
    }

    /** {@code d/dz log p(x, z) = -z + f'(z) . (x - f(z)) / s^2}. */
    @Override
    public double[] gradLogJointZ(double[] x, double[] z) {
        ArgumentChecks.length("z", z, 1);
        ArgumentChecks.length("x", x, curve.dim());
        double[] f = curve.value(z[0]);
        double[] df = curve.derivative(z[0]);
        double t = 0.0;
        for (int i = 0; i < f.length; i++) t += df[i] * (x[i] - f[i]);
        return new double[] {-z[0] + t / (s * s)};
    }

    @Override
    public Sample sample(Rng rng) {
        double z = rng.nextGaussian();
        double[] x = curve.value(z);
        for (int i = 0; i < x.length; i++) x[i] += s * rng.nextGaussian();
        return new Sample(new double[] {z}, x);
    }

    /** {@code log p(x)} by adaptive trapezoid quadrature of p(x, z) over [-12, 12] (log-units tolerance 1e-10). */
    public Quadrature.Result quadrature(double[] x) {
        ArgumentChecks.length("x", x, curve.dim());
        return Quadrature.logIntegral(z -> logJoint(x, z), -Quadrature.DEFAULT_HALF_WIDTH, Quadrature.DEFAULT_HALF_WIDTH);
    }

    /** {@code log p(x)} by quadrature (see {@link #quadrature}). */
    public double logMarginal(double[] x) {
        return quadrature(x).logValue();
    }

    /** The posterior density {@code p(z|x) = p(x, z) / p(x)} at the given points (p(x) by quadrature). */
    public double[] posteriorDensity(double[] x, double[] zs) {
        double logPx = logMarginal(x);
        double[] p = new double[zs.length];
        for (int i = 0; i < zs.length; i++) p[i] = StrictMath.exp(logJoint(x, zs[i]) - logPx);
        return p;
    }

    @Override
    public String toString() {
        return "Nonlinear1DModel(" + name + ", dataDim=" + curve.dim() + ", noiseStd=" + s + ")";
    }
}
