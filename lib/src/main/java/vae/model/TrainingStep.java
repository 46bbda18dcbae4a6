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
    /** The phases timed by {@link #phaseNanos()}, in the order a step runs them. */
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

    private final Vae vae;
    private final VaeConfig config;
    private final SparseRows xRows = new SparseRows();
    private final SparseRows xColumns = new SparseRows();
    private final Map<Integer, Buffers> buffers = new HashMap<>();
    private final long[] phaseNanos = new long[Phase.values().length];
    /** Multiply-adds of an optimiser's step, for {@link vae.linalg.Parallel#both}: about one per parameter. */
    private final long updateWork;
    private boolean timing;
    private boolean sparse; // whether the last forward pass took the sparse path (the backward pass follows it)
    private long preparations; // counts prepare calls: a Prepared is valid only until the next one
    private Mistake mistake = Mistake.NONE;

    /** The step of {@code vae}; {@link Vae#trainingStep()} keeps one per model. */
    TrainingStep(Vae vae) {
        this.vae = vae;
        this.config = vae.config();
        this.updateWork = vae.parameterCount();
    }

    /**
     * A batch made ready for {@link #lossAndGradient(Prepared, Rng)}: the images and, when sparse
     * enough to pay, their sparse rows and columns, which live in the step's own buffers: valid
     * until the step prepares another batch (each {@code lossAndGradient} and {@code loss} call
     * on a plain matrix prepares one).
     */
    public static final class Prepared {
        private final Matrix x;
        private final boolean sparse;
        private final long preparation;

        private Prepared(Matrix x, boolean sparse, long preparation) {
            this.x = x;
            this.sparse = sparse;
            this.preparation = preparation;
        }

        /** The batch's images (n x inputDim), not copied. */
        public Matrix images() {
            return x;
        }
    }

    /**
     * Prepares {@code x} (n x inputDim, not copied: leave it unchanged until its step has run) for
     * {@link #lossAndGradient(Prepared, Rng)}: its sparse rows and columns when fewer than half its
     * pixels are non-zero. Invalidates the batch prepared before.
     */
    public Prepared prepare(Matrix x) {
        Matrix.requireCols(x, config.inputDim(), "images");
        long t = timing ? System.nanoTime() : 0;
        boolean sparseEnough = xRows.setRows(x).density() < SPARSE_BELOW;
        if (sparseEnough) xColumns.setTransposeOf(xRows);
        lap(Phase.SPARSE_INPUT, t);
        return new Prepared(x, sparseEnough, ++preparations);
    }

    /**
     * Runs {@code sharedUpdate} (an optimiser's step over this model's parameters, as a task that
     * threads share, such as {@code Adam.sharedStep()}) on this thread while another of the model's
     * threads makes the next batch ({@code nextBatch}: gather it, binarise it), {@link #prepare}s it
     * and then joins the update; returns that batch. The update is bound by memory, so the next
     * batch's serial work (its gather and sparse rows, about 0.3 ms of a 2.5 ms step on our
     * machines) costs less beside it than before it. Neither task touches the other's data: the
     * results are those of running them one after the other (which is what one thread does).
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
            dhLogvar = Matrix.zeros(n, hid);
            rowLoss = new double[n];
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
        Prepared batch = prepare(x);
        Buffers b = buffersFor(batch);
        Matrix.requireShape(eps, x.rows(), config.latentDim(), "eps");
        System.arraycopy(eps.data(), 0, b.eps.data(), 0, eps.data().length);
        return lossAndGradient(batch, b);
    }

    /** The loss alone (the forward half), on new buffers: for evaluation batches of any size. */
    Loss loss(Matrix x, Matrix eps) {
        Matrix.requireCols(x, config.inputDim(), "images");
        Matrix.requireShape(eps, x.rows(), config.latentDim(), "eps");
        Buffers b = newBuffers(x.rows());
        System.arraycopy(eps.data(), 0, b.eps.data(), 0, eps.data().length);
        return forward(prepare(x), b);
    }

    /** The buffers for {@code batch}'s size, after checking that its sparse forms are still this step's. */
    private Buffers buffersFor(Prepared batch) {
        if (batch.preparation != preparations) {
            throw new IllegalStateException("this batch was prepared (preparation " + batch.preparation
                    + ") before the step's latest one (" + preparations + "), whose sparse rows replaced its own: "
                    + "prepare it again");
        }
        return buffers.computeIfAbsent(batch.x.rows(), this::newBuffers);
    }

    private Buffers newBuffers(int n) {
        if (n < 1) throw new IllegalArgumentException("a batch needs at least 1 image, got " + n);
        return new Buffers(n, config.inputDim(), config.hiddenDim(), config.latentDim());
    }

    private Loss lossAndGradient(Prepared batch, Buffers b) {
        Loss loss = forward(batch, b);
        backward(batch.x, b);
        return loss;
    }

    /** Forward pass and loss; leaves in b what the backward pass needs, d logits among them. */
    private Loss forward(Prepared batch, Buffers b) {
        Matrix x = batch.x;
        int n = x.rows(), d = config.inputDim(), k = config.latentDim();
        long t = timing ? System.nanoTime() : 0;
        sparse = batch.sparse;       // x as sparse rows (forward) and sparse columns (dW1): see prepare

        // q(z|x): h = relu(x W1 + b1), mu = h Wmu + bmu, logvar = h Wlv + blv
        vae.encode(x, sparse ? xRows : null, b.h, b.mu, b.logvar);
        t = lap(Phase.ENCODER, t);

        // z = mu + exp(logvar / 2) eps;  KL(q(z|x) || N(0, I)) = -1/2 sum (1 + logvar - mu^2 - exp(logvar)), row by row
        float[] mu = b.mu.data(), logvar = b.logvar.data();
        mistake.sample(mu, logvar, b.eps.data(), b.z.data(), n * k);          // Reparameterisation.sample (Mistake.NONE)
        double kl = 0;
        for (int i = 0; i < n; i++) kl += KL.toStandardNormal(mu, logvar, i * k, (i + 1) * k);
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
    private void backward(Matrix x, Buffers b) {
        int n = x.rows(), k = config.latentDim();
        long t = timing ? System.nanoTime() : 0;

        // back through the decoder to dz
        vae.decoderBackward(b.z, b.g, b.dLogits, b.dg, b.dz);
        t = lap(Phase.DECODER_BACKWARD, t);

        // d mu = dz + beta mu;  d logvar = dz eps sigma / 2 + beta (sigma^2 - 1) / 2
        mistake.sampleBackward(b.dz.data(), b.logvar.data(), b.eps.data(), b.dMu.data(), b.dLogvar.data(), n * k);
        KL.addGradToStandardNormal((float) mistake.klWeight(config.beta()), b.mu.data(), b.logvar.data(), b.dMu.data(), b.dLogvar.data(), n * k);
        t = lap(Phase.LATENT_BACKWARD, t);

        // back through the encoder's heads, relu and first layer (x needs no gradient)
        vae.encoderBackward(x, sparse ? xColumns : null, b.h, b.dMu, b.dLogvar, b.dh, b.dhLogvar);
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
