package vae.toy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import vae.linalg.Parallel;
import vae.prob.DiagonalGaussian;

/**
 * The best Gaussian q for one x: {@code argmax over (mu, log sigma) of ELBO(q)}, with the ELBO computed exactly
 * ({@link ExactElbo}, 1-D latent or the linear-Gaussian model with a 1-D latent) and maximised by Nelder-Mead from
 * each given start (the best result wins). It is what an encoder could at most achieve at that x within the
 * Gaussian family, so for an amortised encoder q_phi(z|x):
 * <pre>
 *   log p(x) - ELBO(q_phi)  =  [log p(x) - ELBO(best q)]  +  [ELBO(best q) - ELBO(q_phi)]
 *        total gap          =     approximation gap       +      amortisation gap
 * </pre>
 * Nelder-Mead never returns a point worse than its start, so the amortisation gap of a start is never negative.
 */
public final class BestGaussian {
    private BestGaussian() {}

    /** The best q found, its exact ELBO, and the number of ELBO evaluations it took. */
    public record Fit(DiagonalGaussian q, double elbo, int evaluations) {}

    static final int MAX_EVALUATIONS = 2_000;
    static final double TOLERANCE = 1e-11;

    /** The best Gaussian over Nelder-Mead runs from every start (at least one). */
    public static Fit fit(LatentModel model, double[] x, DiagonalGaussian... starts) {
        if (starts == null || starts.length == 0) throw new IllegalArgumentException("need at least one start");
        if (model.latentDim() != 1) throw new IllegalArgumentException("needs a 1-D latent, got latentDim=" + model.latentDim());
        Fit best = null;
        int evaluations = 0;
        for (DiagonalGaussian start : starts) {
            if (start.dim() != 1) throw new IllegalArgumentException("a start must have dimension 1, got " + start.dim());
            Fit f = nelderMead(model, x, new double[] {start.mean(0), StrictMath.log(start.std(0))});
            f = nelderMead(model, x, new double[] {f.q().mean(0), StrictMath.log(f.q().std(0))});   // a restart: Nelder-Mead can stall
            evaluations += f.evaluations();
            if (best == null || f.elbo() > best.elbo()) best = f;
        }
        return new Fit(best.q(), best.elbo(), evaluations);
    }

    /**
     * {@link #fit} at each row of {@code xs}, from the start {@code startAt} gives for it, the rows split over the
     * processors' cores (each fit runs whole on one thread, so each result is the one {@link #fit} returns alone).
     * {@code model} and {@code startAt} are called from several threads at once: they must only read shared state
     * (a toy VAE's {@code decoderModel()} and {@code encode} do).
     */
    public static Fit[] fitEach(LatentModel model, double[][] xs, Function<double[], DiagonalGaussian> startAt) {
        Fit[] fits = new Fit[xs.length];
        Parallel cores = Parallel.of(Parallel.defaultThreads());
        AtomicInteger next = new AtomicInteger();
        // Each thread takes the next point not yet taken (a fit costs 2 to 20 times another's, so fixed halves
        // would leave one core idle); a fit is thousands of ELBOs of 6001 points each: always worth a hand-off.
        cores.forRange(Math.min(cores.threads(), xs.length), 1L << 30, (from, to) -> {
            for (int i = next.getAndIncrement(); i < xs.length; i = next.getAndIncrement())
                fits[i] = fit(model, xs[i], startAt.apply(xs[i]));
        });
        return fits;
    }

    private static double elbo(LatentModel model, double[] x, double[] p) {
        return ExactElbo.elbo(model, x, DiagonalGaussian.of1D(p[0], StrictMath.exp(p[1])));
    }

    /** Maximises the ELBO over p = (mu, log sigma), starting simplex steps 0.2 sigma and 0.2 (half a standard deviation's worth). */
    private static Fit nelderMead(LatentModel model, double[] x, double[] start) {
        double[][] v = {start.clone(), {start[0] + 0.2 * StrictMath.exp(start[1]), start[1]}, {start[0], start[1] + 0.2}};
        double[] f = new double[3];
        int evals = 0;
        for (int i = 0; i < 3; i++) { f[i] = -elbo(model, x, v[i]); evals++; }   // minimise -ELBO
        while (evals < MAX_EVALUATIONS) {
            sort(v, f);
            double size = Math.max(dist(v[0], v[1]), dist(v[0], v[2]));
            if (f[2] - f[0] < TOLERANCE && size < 1e-7) break;
            double[] c = {(v[0][0] + v[1][0]) / 2, (v[0][1] + v[1][1]) / 2};   // centroid of the two best
            double[] r = along(c, v[2], -1);
            double fr = -elbo(model, x, r); evals++;
            if (fr < f[0]) {
                double[] e = along(c, v[2], -2);
                double fe = -elbo(model, x, e); evals++;
                if (fe < fr) { v[2] = e; f[2] = fe; } else { v[2] = r; f[2] = fr; }
            } else if (fr < f[1]) {
                v[2] = r; f[2] = fr;
            } else {
                double[] k = fr < f[2] ? along(c, v[2], -0.5) : along(c, v[2], 0.5);   // outside or inside contraction
                double fk = -elbo(model, x, k); evals++;
                if (fk < Math.min(fr, f[2])) { v[2] = k; f[2] = fk; }
                else for (int i = 1; i < 3; i++) {                                       // shrink towards the best
                    v[i] = along(v[0], v[i], 0.5);
                    f[i] = -elbo(model, x, v[i]); evals++;
                }
            }
        }
        sort(v, f);
        return new Fit(DiagonalGaussian.of1D(v[0][0], StrictMath.exp(v[0][1])), -f[0], evals);
    }

    /** c + t (p - c). */
    private static double[] along(double[] c, double[] p, double t) {
        return new double[] {c[0] + t * (p[0] - c[0]), c[1] + t * (p[1] - c[1])};
    }

    private static double dist(double[] a, double[] b) {
        return StrictMath.hypot(a[0] - b[0], a[1] - b[1]);
    }

    private static void sort(double[][] v, double[] f) {
        for (int i = 1; i < 3; i++)
            for (int j = i; j > 0 && f[j] < f[j - 1]; j--) {
                double t = f[j]; f[j] = f[j - 1]; f[j - 1] = t;
                double[] tv = v[j]; v[j] = v[j - 1]; v[j - 1] = tv;
            }
    }
}
