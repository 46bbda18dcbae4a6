package vae.model;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import vae.linalg.ElementWise;
import vae.linalg.Matrix;
import vae.linalg.SparseRows;
import vae.prob.KL;
import vae.prob.Reparameterisation;
import vae.prob.Rng;

/**
 * The loss of a {@link Vae} on a batch and its gradient, in the order of the maths: the forward
 * pass, the loss, the backward pass, each a call of the model's named layers ({@link Vae}) or of
 * the formula's one method in {@code vae.prob} ({@link Reparameterisation}, {@link KL}, the
 * Bernoulli likelihood). What makes it fast is where the work goes, not a second copy:
 * <ul>
 *   <li>buffers kept per batch size (the last batch of an epoch is smaller) and reused: the
 *       matrices of a step are allocated once;</li>
 *   <li>a sparse first layer: 81 % of MNIST's pixels are 0, so {@code h = x W1} and
 *       {@code dW1 = x^T dh} run over the non-zero pixels only ({@link SparseRows}; exact: a
 *       skipped term is {@code 0 * w}), when fewer than half the pixels are non-zero (the index
 *       costs about as much as the product it saves at that density);</li>
 *   <li>the Bernoulli loss and its gradient in one pass from one {@code exp(-|l|)}, split over the
 *       threads by rows ({@link ElementWise#bernoulliLossAndGradientRows}; row sums added in order).</li>
 * </ul>
 * Same seed, same bits, for any thread count: every sum runs in a fixed order.
 *
 * <p>Call order: {@link Vae#trainingStep()} (one per model), then per batch {@link #lossAndGradient}
 * (overwrites every parameter's gradient), then an optimiser step. The parameters are read at each
 * call, so the optimiser may update them in place between calls. A training loop may instead
 * {@link #prepare} the first batch, then per batch call {@link #lossAndGradient(Prepared, Rng)} and
 * {@link #updateWhilePreparing} (the optimiser's step beside the next batch's preparation). Not
 * thread-safe.
 */
public final class TrainingStep {
    /**
     * The phases timed by {@link #phaseNanos()}, in the order a step runs them ({@code SPARSE_INPUT}
     * is {@link #prepare}, which a trainer runs for the next batch beside the optimiser's step).
     */
    public enum Phase {
        SPARSE_INPUT("sparse x"),
        ENCODER("encoder (h, mu, logvar)"),
        SAMPLE_AND_KL("z = mu + sigma eps, KL"),
        DECODER("decoder forward"),
        RECONSTRUCTION("loss and d logits"),
        DECODER_BACKWARD("decoder backward"),
        LATENT_BACKWARD("d mu, d logvar"),
        ENCODER_BACKWARD("encoder backward");

        private final String label;

        Phase(String label) {
            this.label = label;
        }

        /** A short description for the benchmark's profile. */
        public String label() {
            return label;
        }
    }

    /** Below this fraction of non-zero pixels the first layer runs on the sparse rows of x. */
    private static final double SPARSE_BELOW = 0.5;
    /** Work per element of the Bernoulli pass (an exp, a log1p and a few operations), in multiply-adds. */
    private static final long BERNOULLI_WORK = 20;
    /** A normal's cost in multiply-adds, for {@link vae.linalg.Parallel#forRange}: a log, a sine or cosine and a square root (about 25 ns). */
    private static final long GAUSSIAN_WORK = 100;
    /**
     * The latent part's work per element (an exponential for the sample, one for the KL, a few
     * operations), in multiply-adds, for {@link vae.linalg.Parallel#forRange}: a batch of 128 x 20 is
     * split over the threads (measured, alternating: 0.044-0.057 ms for both latent phases on one
     * thread, 0.030-0.036 split).
     */
    private static final long LATENT_WORK = 50;

    private final Vae vae;
    private final VaeConfig config;
    private final SparseRows xRows = new SparseRows();
    private final SparseRows xColumns = new SparseRows();
    private final Map<Integer, Buffers> buffers = new HashMap<>();
    private final long[] phaseNanos = new long[Phase.values().length];
    /** Multiply-adds of each thread's share of an optimiser's step (about one per parameter), for {@link vae.linalg.Parallel#both}. */
    private final long updateWork;
    private boolean timing;
    private long preparations; // counts prepare calls: a Prepared is valid only until the next one
    private Mistake mistake = Mistake.NONE;

    /** The step of {@code vae}; {@link Vae#trainingStep()} keeps one per model. */
    TrainingStep(Vae vae) {
        this.vae = vae;
        this.config = vae.config();
        this.updateWork = vae.parameterCount() / 2;    // each of two threads takes about half
    }

    /**
     * A batch made ready for {@link #lossAndGradient(Prepared, Rng)} by {@link #prepare}: the images
     * and, when sparse enough to pay, their sparse rows and columns. These live in the step's own
     * buffers, so a batch is valid until the step prepares another ({@code prepare}, and each
     * {@code lossAndGradient} on a plain matrix, prepares one; {@link #loss} does not).
     */
    public static final class Prepared {
        private final TrainingStep owner;     // null: evaluation's own rows, never stale
        private final Matrix x;
        private final SparseRows rows;        // null: the dense path
        private final SparseRows columns;     // null: the dense path, or no backward pass
        private final long preparation;

        private Prepared(TrainingStep owner, Matrix x, SparseRows rows, SparseRows columns, long preparation) {
            this.owner = owner;
            this.x = x;
            this.rows = rows;
            this.columns = columns;
            this.preparation = preparation;
        }

        /** The batch's images (n x inputDim), not copied. */
        public Matrix images() {
            return x;
        }
    }

    /**
     * Prepares {@code x} (n x inputDim, not copied: leave it unchanged until its step has run) for
     * {@link #lossAndGradient(Prepared, Rng)}: its sparse rows and columns, when fewer than half its
     * pixels are non-zero, into this step's buffers. The batch prepared before becomes stale.
     */
    public Prepared prepare(Matrix x) {
        Matrix.requireCols(x, config.inputDim(), "images");
        long t = timing ? System.nanoTime() : 0;
        boolean sparse = xRows.setRows(x).density() < SPARSE_BELOW;
        if (sparse) xColumns.setTransposeOf(xRows);
        lap(Phase.SPARSE_INPUT, t);
        return new Prepared(this, x, sparse ? xRows : null, sparse ? xColumns : null, ++preparations);
    }

    /**
     * Runs an optimiser's step over this model's parameters beside the preparation of the next
     * batch, and returns that batch, {@link #prepare}d; the same results as the step, then
     * {@code prepare(nextBatch.get())}, for any thread count.
     *
     * <p>{@code sharedUpdate} must be a task that threads share, such as {@code Adam.sharedStep()}:
     * it runs on this thread at once and on a second of the model's threads once that thread has
     * prepared the next batch (with one thread: twice, one after the other, the second run finding
     * nothing left). A plain update (such as {@code adam::step}) would be applied twice.
     * {@code nextBatch} (gather the batch, binarise it) runs on that second thread, beside the
     * update: it must not read or write the parameters, their gradients or this step (the parallel
     * kernels it calls run on its thread alone). An exception of either task is thrown here once
     * both have ended. Why: the optimiser reads and writes every parameter and its moments, which
     * the step's products have pushed out of the caches, so it runs at the memory's pace, and the
     * next batch's serial work costs little beside it (see the README's speed section).
     */
    public Prepared updateWhilePreparing(Runnable sharedUpdate, Supplier<Matrix> nextBatch) {
        Prepared[] next = new Prepared[1];
        vae.parallel().both(updateWork, sharedUpdate, () -> {
            next[0] = prepare(nextBatch.get());
            sharedUpdate.run();
        });
        return next[0];
    }

    /** The matrices of one step for a batch of n images. */
    private static final class Buffers {
        final Matrix h, mu, logvar, eps, z, g, logits, dLogits, dg, dz, dMu, dLogvar, dh, dhLogvar;
        final double[] rowLoss, rowKl;

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
            dhLogvar = Matrix.zeros(n, hid);
            rowLoss = new double[n];
            rowKl = new double[n];
        }
    }

    /** Starts (true) or stops timing each phase; {@link #phaseNanos()} accumulates. Returns this. */
    public TrainingStep timing(boolean on) {
        timing = on;
        return this;
    }

    /** Nanoseconds spent in each {@link Phase} (by ordinal) since timing started (live array: reset it with fill). */
    public long[] phaseNanos() {
        return phaseNanos;
    }

    /**
     * Makes this step (and so the {@code vae.train.Trainer} of this model and {@link Vae#loss}) commit a named
     * {@link Mistake}, for notebook 09; {@link Mistake#NONE} restores the correct step. Returns this.
     */
    public TrainingStep mistake(Mistake m) {
        if (m == null) throw new IllegalArgumentException("mistake must not be null (Mistake.NONE is the correct step)");
        mistake = m;
        return this;
    }

    /** The mistake this step makes ({@link Mistake#NONE} unless set). */
    public Mistake mistake() {
        return mistake;
    }

    /**
     * Loss and gradient with eps drawn from {@code rng} (advanced), row by row: the normals that
     * {@code rng.fillGaussian} would give, computed on the model's threads, a range of rows each
     * ({@link Rng#takeGaussians}: 2560 normals took 58-75 us on one thread, each a log and a sine or
     * cosine).
     */
    public Loss lossAndGradient(Matrix x, Rng rng) {
        return lossAndGradient(prepare(x), rng);
    }

    /** As {@link #lossAndGradient(Matrix, Rng)}, on a batch this step has {@link #prepare}d (and no other since). */
    public Loss lossAndGradient(Prepared batch, Rng rng) {
        Buffers b = buffersFor(batch);
        int k = config.latentDim();
        float[] eps = b.eps.data();
        Rng.Gaussians normals = rng.takeGaussians(eps.length);
        vae.parallel().forRange(batch.x.rows(), GAUSSIAN_WORK * k, (from, to) -> normals.fill(eps, from * k, from * k, to * k));
        return lossAndGradient(batch, b);
    }

    /** Loss and gradient with the given eps (batch x latent): overwrites every parameter's gradient, returns the loss. */
    public Loss lossAndGradient(Matrix x, Matrix eps) {
        Matrix.requireShape(eps, x.rows(), config.latentDim(), "eps");
        Prepared batch = prepare(x);
        Buffers b = buffersFor(batch);
        System.arraycopy(eps.data(), 0, b.eps.data(), 0, eps.data().length);
        return lossAndGradient(batch, b);
    }

    /** The loss alone (the forward half), on new buffers: for evaluation batches of any size. */
    Loss loss(Matrix x, Matrix eps) {
        Matrix.requireCols(x, config.inputDim(), "images");
        Matrix.requireShape(eps, x.rows(), config.latentDim(), "eps");
        Buffers b = newBuffers(x.rows());
        System.arraycopy(eps.data(), 0, b.eps.data(), 0, eps.data().length);
        // sparse rows of its own, so an evaluation (a training listener's, say) leaves a prepared batch valid
        SparseRows rows = new SparseRows();
        boolean sparse = rows.setRows(x).density() < SPARSE_BELOW;
        return forward(new Prepared(null, x, sparse ? rows : null, null, 0), b);
    }

    /** The buffers for {@code batch}'s size, after checking that its sparse forms are still this step's. */
    private Buffers buffersFor(Prepared batch) {
        if (batch.owner != this) {
            throw new IllegalArgumentException("expected a batch prepared by this step (" + this + "), got one "
                    + (batch.owner == null ? "prepared for an evaluation" : "prepared by another step (" + batch.owner + ")"));
        }
        if (batch.preparation != preparations) {
            throw new IllegalStateException("expected the batch of this step's latest prepare (number " + preparations
                    + "), got number " + batch.preparation + ": a prepare or a lossAndGradient on a plain matrix came in "
                    + "between and its sparse rows replaced this batch's; prepare it again");
        }
        return buffers.computeIfAbsent(batch.x.rows(), this::newBuffers);
    }

    private Buffers newBuffers(int n) {
        if (n < 1) throw new IllegalArgumentException("a batch needs at least 1 image, got " + n);
        return new Buffers(n, config.inputDim(), config.hiddenDim(), config.latentDim());
    }

    private Loss lossAndGradient(Prepared batch, Buffers b) {
        Loss loss = forward(batch, b);
        backward(batch, b);
        return loss;
    }

    /** Forward pass and loss; leaves in b what the backward pass needs, d logits among them. */
    private Loss forward(Prepared batch, Buffers b) {
        Matrix x = batch.x;
        int n = x.rows(), d = config.inputDim(), k = config.latentDim();
        long t = timing ? System.nanoTime() : 0;

        // q(z|x): h = relu(x W1 + b1), mu = h Wmu + bmu, logvar = h Wlv + blv
        vae.encode(x, batch.rows, b.h, b.mu, b.logvar);              // x's sparse rows, or null: see prepare
        t = lap(Phase.ENCODER, t);

        // z = mu + exp(logvar / 2) eps;  KL(q(z|x) || N(0, I)) = -1/2 sum (1 + logvar - mu^2 - exp(logvar)), row by row
        float[] mu = b.mu.data(), logvar = b.logvar.data(), eps = b.eps.data(), z = b.z.data();
        double[] rowKl = b.rowKl;
        Mistake m = mistake;
        vae.parallel().forRange(n, LATENT_WORK * k, (from, to) -> {
            m.sample(mu, logvar, eps, z, from * k, to * k);            // Reparameterisation.sample (Mistake.NONE)
            for (int i = from; i < to; i++) rowKl[i] = KL.toStandardNormal(mu, logvar, i * k, (i + 1) * k);
        });
        double kl = 0;
        for (int i = 0; i < n; i++) kl += rowKl[i];                     // rows in order: any thread count
        t = lap(Phase.SAMPLE_AND_KL, t);

        // p(x|z): g = relu(z W3 + b3), logits = g W4 + b4
        vae.decode(b.z, b.g, b.logits);
        t = lap(Phase.DECODER, t);

        // reconstruction = -sum log p(x|z) and d logits = sigmoid(logits) - x, in one pass
        vae.parallel().forRange(n, BERNOULLI_WORK * d, (from, to) ->
                ElementWise.bernoulliLossAndGradientRows(x.data(), b.logits.data(), b.dLogits.data(), d, from, to, b.rowLoss));
        double reconstruction = 0;
        for (int i = 0; i < n; i++) reconstruction += b.rowLoss[i];     // rows in order: any thread count
        lap(Phase.RECONSTRUCTION, t);
        return new Loss(n, reconstruction, kl, mistake.klWeight(config.beta()));
    }

    /** Backward pass: overwrites every parameter's gradient. */
    private void backward(Prepared batch, Buffers b) {
        Matrix x = batch.x;
        int n = x.rows(), k = config.latentDim();
        long t = timing ? System.nanoTime() : 0;

        // back through the decoder to dz
        vae.decoderBackward(b.z, b.g, b.dLogits, b.dg, b.dz);
        t = lap(Phase.DECODER_BACKWARD, t);

        // d mu = dz + beta mu;  d logvar = dz eps sigma / 2 + beta (sigma^2 - 1) / 2
        Mistake m = mistake;
        float klWeight = (float) m.klWeight(config.beta());
        vae.parallel().forRange(n, LATENT_WORK * k, (from, to) -> {
            m.sampleBackward(b.dz.data(), b.logvar.data(), b.eps.data(), b.dMu.data(), b.dLogvar.data(), from * k, to * k);
            KL.addGradToStandardNormal(klWeight, b.mu.data(), b.logvar.data(), b.dMu.data(), b.dLogvar.data(), from * k, to * k);
        });
        t = lap(Phase.LATENT_BACKWARD, t);

        // back through the encoder's heads, relu and first layer (x needs no gradient)
        vae.encoderBackward(x, batch.columns, b.h, b.dMu, b.dLogvar, b.dh, b.dhLogvar);
        lap(Phase.ENCODER_BACKWARD, t);
    }

    private long lap(Phase phase, long start) {
        if (!timing) return 0;
        long now = System.nanoTime();
        phaseNanos[phase.ordinal()] += now - start;
        return now;
    }

    @Override
    public String toString() {
        return "TrainingStep(" + vae + ", " + vae.matmul() + ")";
    }
}
