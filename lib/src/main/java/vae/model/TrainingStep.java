package vae.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vae.linalg.ElementWise;
import vae.linalg.MatMul;
import vae.linalg.MatMuls;
import vae.linalg.Matrix;
import vae.linalg.Parallel;
import vae.linalg.SparseRows;
import vae.nn.Dense;
import vae.prob.Rng;

/**
 * The training step of a {@link Vae}, made fast: the same loss and gradient as
 * {@link Vae#lossAndGradient(Matrix, Matrix)} (whose code is the readable statement of the maths,
 * and the reference the tests hold this one to), computed
 * <ul>
 *   <li>with the fastest {@link MatMul} ({@link MatMuls#best}: the Vector API when present);</li>
 *   <li>with a sparse first layer: 81 % of MNIST's pixels are 0, so {@code h = x W1} and
 *       {@code dW1 = x^T dh} run over the non-zero pixels only ({@link SparseRows}; exact: a
 *       skipped term is {@code 0 * w});</li>
 *   <li>with fused element-wise passes (bias + ReLU; the Bernoulli loss and its gradient from one
 *       {@code exp(-|l|)}: {@link ElementWise});</li>
 *   <li>without allocation: every buffer is kept per batch size and reused;</li>
 *   <li>with the small products through the latent layer (about 1 M multiply-adds each) whole
 *       on one thread each, two at a time: splitting one costs more in hand-offs than it saves;</li>
 *   <li>with the loss and its gradient split over the threads by rows (row sums added in order).</li>
 * </ul>
 * Results agree with {@code Vae.lossAndGradient} within float rounding, not bit for bit (FMA,
 * float {@code exp}); they are the same bit for bit for a given seed, for any thread count.
 *
 * <p>Call order: construct once per model, then per batch {@link #lossAndGradient} (overwrites
 * every parameter's gradient, as {@code Vae.lossAndGradient} does), then an optimiser step. The
 * parameters are read at each call, so the optimiser may update them in place between calls.
 * Not thread-safe.
 */
public final class TrainingStep {
    /** The phases timed by {@link #phaseNanos()}, in order. */
    public static final List<String> PHASES = List.of(
            "sparse x", "encoder forward", "latent (mu, logvar, z)", "decoder forward", "loss and d logits",
            "decoder backward", "latent backward", "encoder backward (dW1)");

    private final Vae vae;
    private final VaeConfig config;
    private final MatMul mm;
    private final MatMul small; // the same kernel on the caller's thread alone, for products through the latent layer
    private final Parallel parallel;
    private final Dense enc, encMu, encLv, dec, decOut;
    private final SparseRows xRows = new SparseRows();
    private final SparseRows xColumns = new SparseRows();
    private final Map<Integer, Buffers> buffers = new HashMap<>();
    private final long[] phaseNanos = new long[PHASES.size()];
    private boolean timing;

    /** A step for {@code vae} on {@link MatMuls#best} with {@code vae.config().threads()} threads. */
    public TrainingStep(Vae vae) {
        this(vae, MatMuls.best(Parallel.of(vae.config().threads())));
    }

    /** A step for {@code vae} on the given kernel. */
    public TrainingStep(Vae vae, MatMul matmul) {
        this.vae = vae;
        this.config = vae.config();
        this.mm = matmul;
        this.small = MatMuls.sameKind(matmul, Parallel.serial());
        this.parallel = Parallel.of(config.threads());
        List<Dense> layers = vae.layers();
        enc = layers.get(0);
        encMu = layers.get(1);
        encLv = layers.get(2);
        dec = layers.get(3);
        decOut = layers.get(4);
    }

    /** The buffers of one batch size (the last batch of an epoch is smaller). */
    private static final class Buffers {
        final Matrix h, mu, logvar, eps, z, g, logits, dLogits, dg, dz, dMu, dLogvar, dh, dhLv;
        final double[] rowLoss;

        Buffers(int n, int d, int hid, int k) {
            h = Matrix.zeros(n, hid);
            mu = Matrix.zeros(n, k);
            logvar = Matrix.zeros(n, k);
            eps = Matrix.zeros(n, k);
            z = Matrix.zeros(n, k);
            g = Matrix.zeros(n, hid);
            logits = Matrix.zeros(n, d);
            dLogits = Matrix.zeros(n, d);
            dg = Matrix.zeros(n, hid);
            dz = Matrix.zeros(n, k);
            dMu = Matrix.zeros(n, k);
            dLogvar = Matrix.zeros(n, k);
            dh = Matrix.zeros(n, hid);
            dhLv = Matrix.zeros(n, hid);
            rowLoss = new double[n];
        }
    }

    /** Starts (true) or stops timing each phase; {@link #phaseNanos()} accumulates. Returns this. */
    public TrainingStep timing(boolean on) {
        timing = on;
        return this;
    }

    /** Nanoseconds spent in each of {@link #PHASES} since timing started (live array: reset it with fill). */
    public long[] phaseNanos() {
        return phaseNanos;
    }

    /** The kernel in use. */
    public MatMul matmul() {
        return mm;
    }

    /** As {@link Vae#lossAndGradient(Matrix, Rng)}: eps drawn from {@code rng} (advanced) in the same order. */
    public Loss lossAndGradient(Matrix x, Rng rng) {
        Buffers b = buffersFor(x.rows());
        rng.fillGaussian(b.eps.data());
        return run(x, b);
    }

    /** As {@link Vae#lossAndGradient(Matrix, Matrix)}: overwrites every parameter's gradient, returns the loss. */
    public Loss lossAndGradient(Matrix x, Matrix eps) {
        Buffers b = buffersFor(x.rows());
        Matrix.requireShape(eps, x.rows(), config.latentDim(), "eps");
        System.arraycopy(eps.data(), 0, b.eps.data(), 0, eps.data().length);
        return run(x, b);
    }

    private Buffers buffersFor(int n) {
        if (n < 1) throw new IllegalArgumentException("a batch needs at least 1 image, got " + n);
        return buffers.computeIfAbsent(n, r -> new Buffers(r, config.inputDim(), config.hiddenDim(), config.latentDim()));
    }

    private Loss run(Matrix x, Buffers b) {
        Matrix.requireCols(x, config.inputDim(), "images");
        int n = x.rows(), k = config.latentDim();
        float beta = (float) config.beta();
        long t = timing ? System.nanoTime() : 0;

        // x as sparse rows (forward) and sparse columns (dW1); dense when not sparse enough to pay
        boolean sparse = xRows.setRows(x).density() < 0.5;
        if (sparse) xColumns.setTransposeOf(xRows);
        t = lap(0, t);

        // encoder: h = relu(x W1 + b1)
        if (sparse) MatMuls.mulSparse(mm, xRows, enc.weight().value(), b.h, parallel);
        else mm.mul(x, enc.weight().value(), b.h);
        ElementWise.addBiasReluInPlace(b.h.data(), enc.bias().value().data(), n);
        t = lap(1, t);

        // mu = h Wmu + bmu, logvar = h Wlv + blv, z = mu + exp(logvar / 2) * eps
        // the two heads are small: one per thread, each whole (no row split, one hand-off)
        parallel.forRange(2, headWork(n), (from, to) -> {
            for (int head = from; head < to; head++) {
                Dense layer = head == 0 ? encMu : encLv;
                Matrix out = head == 0 ? b.mu : b.logvar;
                small.mul(b.h, layer.weight().value(), out);
                ElementWise.addBiasInPlace(out.data(), layer.bias().value().data(), n);
            }
        });
        float[] mu = b.mu.data(), lv = b.logvar.data(), e = b.eps.data(), z = b.z.data();
        for (int i = 0; i < z.length; i++) z[i] = mu[i] + (float) Math.exp(0.5 * lv[i]) * e[i];
        double kl = 0;
        for (double v : Vae.klAnalytic(new Encoding(b.mu, b.logvar))) kl += v;
        t = lap(2, t);

        // decoder: g = relu(z W3 + b3), logits = g W4 + b4
        small.mul(b.z, dec.weight().value(), b.g);
        ElementWise.addBiasReluInPlace(b.g.data(), dec.bias().value().data(), n);
        mm.mul(b.g, decOut.weight().value(), b.logits);
        ElementWise.addBiasInPlace(b.logits.data(), decOut.bias().value().data(), n);
        t = lap(3, t);

        // reconstruction = -sum log p(x|z) and d logits = sigmoid(logits) - x, in one pass
        int d = config.inputDim();
        parallel.forRange(n, 20L * d, (from, to) ->
                ElementWise.bernoulliLossAndGradientRows(x.data(), b.logits.data(), b.dLogits.data(), d, from, to, b.rowLoss));
        double reconstruction = 0;
        for (int i = 0; i < n; i++) reconstruction += b.rowLoss[i];     // rows in order: any thread count
        t = lap(4, t);

        // decoder backward: dW4 = g^T dlogits, db4, dg = (dlogits W4^T) * 1[g > 0], dW3 = z^T dg, db3, dz = dg W3^T
        mm.mulTransA(b.g, b.dLogits, decOut.weight().grad());
        ElementWise.sumRowsInto(b.dLogits.data(), n, decOut.bias().grad().data());
        mm.mulTransB(b.dLogits, decOut.weight().value(), b.dg);
        ElementWise.reluBackwardInPlace(b.dg.data(), b.g.data(), b.dg.data().length);
        parallel.forRange(2, headWork(n), (from, to) -> {        // two small products, one per thread
            for (int part = from; part < to; part++) {
                if (part == 0) {
                    small.mulTransA(b.z, b.dg, dec.weight().grad());
                    ElementWise.sumRowsInto(b.dg.data(), n, dec.bias().grad().data());
                } else {
                    small.mulTransB(b.dg, dec.weight().value(), b.dz);
                }
            }
        });
        t = lap(5, t);

        // d mu = dz + beta mu;  d logvar = dz eps sigma / 2 + beta (sigma^2 - 1) / 2
        float[] g = b.dz.data(), gm = b.dMu.data(), gl = b.dLogvar.data();
        for (int i = 0; i < gm.length; i++) {
            float sigma = (float) Math.exp(0.5 * lv[i]);
            gm[i] = g[i] + beta * mu[i];
            gl[i] = g[i] * e[i] * 0.5f * sigma + beta * 0.5f * (sigma * sigma - 1f);
        }
        // heads: dWmu = h^T dmu, dWlv = h^T dlogvar, dh = (dmu Wmu^T + dlogvar Wlv^T) * 1[h > 0]
        parallel.forRange(2, headWork(n), (from, to) -> {        // one head per thread
            for (int head = from; head < to; head++) {
                Dense layer = head == 0 ? encMu : encLv;
                Matrix grad = head == 0 ? b.dMu : b.dLogvar;
                small.mulTransA(b.h, grad, layer.weight().grad());
                ElementWise.sumRowsInto(grad.data(), n, layer.bias().grad().data());
                small.mulTransB(grad, layer.weight().value(), head == 0 ? b.dh : b.dhLv);
            }
        });
        float[] dh = b.dh.data(), dhLv = b.dhLv.data(), h = b.h.data();
        for (int i = 0; i < dh.length; i++) dh[i] = h[i] > 0f ? dh[i] + dhLv[i] : 0f;
        t = lap(6, t);

        // encoder: dW1 = x^T dh (sparse columns of x), db1
        if (sparse) MatMuls.mulSparse(mm, xColumns, b.dh, enc.weight().grad(), parallel);
        else mm.mulTransA(x, b.dh, enc.weight().grad());
        ElementWise.sumRowsInto(dh, n, enc.bias().grad().data());
        lap(7, t);
        return new Loss(n, reconstruction, kl, config.beta());
    }

    /** Multiply-adds of one product through the latent layer (for {@link Parallel#forRange} over 2 parts). */
    private long headWork(int n) {
        return (long) n * config.hiddenDim() * config.latentDim();
    }

    private long lap(int phase, long start) {
        if (!timing) return 0;
        long now = System.nanoTime();
        phaseNanos[phase] += now - start;
        return now;
    }

    @Override
    public String toString() {
        return "TrainingStep(" + vae + ", " + mm + ")";
    }
}
