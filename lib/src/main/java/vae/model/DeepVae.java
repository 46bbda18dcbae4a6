package vae.model;

import java.util.ArrayList;
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
import vae.nn.Module;
import vae.nn.Parameter;
import vae.prob.KL;
import vae.prob.Reparameterisation;
import vae.prob.Rng;

/**
 * A VAE with any number of hidden layers, in the form of Burda, Grosse and Salakhutdinov (2016):
 * <pre>
 *   encoder  h_1 = f(x W + b), ..., h_L = f(h_{L-1} W + b);  mu = h_L Wmu + bmu;  log sigma = h_L Ws + bs
 *   sample   z = mu + sigma * eps,  eps ~ N(0, I)
 *   decoder  g_1 = f(z W + b), ..., g_M = f(g_{M-1} W + b);  logits = g_M Wout + bout      p(x|z) = Bernoulli(sigmoid(logits))
 *   loss     -log p(x|z) + KL(q(z|x) || N(0, I))           summed over the images of a batch
 * </pre>
 * f is the {@link DeepVaeConfig#activation()}. The encoder's second head is {@code log sigma}
 * (sigma = exp of a linear layer, as in the authors' code), not the reference {@link Vae}'s
 * log-variance; the formulas of the library take the log-variance, which is {@code 2 log sigma}
 * (exact in float), so the sample, the KL and their gradients are the library's one copy
 * ({@link Reparameterisation}, {@link KL}, {@link ElementWise}'s Bernoulli kernel), and
 * {@code d loss / d log sigma = 2 d loss / d logvar}.
 *
 * <p>Why a second model beside {@link Vae}: the reference model is tuned around its one hidden
 * layer (the sparse first layer, the heads run one per thread, its model file and the mistakes of
 * notebook 09), and its arithmetic is pinned bit for bit by the notebooks' recorded runs; this
 * class composes the same {@link Dense} layers and formulas for any depth without touching it.
 *
 * <p>Start: every linear layer Glorot-uniform ({@link Dense#glorotUniform}) from a fresh
 * {@code new Rng(initSeed)} per layer (so, as in the authors' code, layers of one shape start
 * identical: the mean and log-sigma heads, for one); biases 0; {@link #setOutputBiasToLogOdds}
 * sets the decoder's output bias from the training images. Not thread-safe.
 */
public final class DeepVae implements Module, GaussianBernoulliVae {
    /** Below this fraction of non-zero pixels the first layer runs on the sparse rows of x. */
    private static final double SPARSE_BELOW = 0.5;
    /** Work per element of the Bernoulli pass and of tanh, in multiply-adds (for the thread split). */
    private static final long ELEMENT_WORK = 20;

    private final DeepVaeConfig config;
    private final Parallel parallel;
    private final List<Dense> encoder = new ArrayList<>();
    private final Dense mu;
    private final Dense logSigma;
    private final List<Dense> decoder = new ArrayList<>();
    private final Dense out;
    private final Map<Integer, Buffers> buffers = new HashMap<>();
    private final SparseRows xRows = new SparseRows();
    private final SparseRows xColumns = new SparseRows();

    /** A new model whose every linear layer starts from {@code new Rng(initSeed)}. */
    public DeepVae(DeepVaeConfig config, long initSeed) {
        this.config = config;
        this.parallel = Parallel.of(config.threads());
        MatMul matmul = MatMuls.best(parallel);
        int in = config.inputDim();
        for (int i = 0; i < config.encoderHidden().size(); i++) {
            int w = config.encoderHidden().get(i);
            encoder.add(Dense.glorotUniform("encoder" + (i + 1), in, w, matmul, new Rng(initSeed)));
            in = w;
        }
        mu = Dense.glorotUniform("encoderMu", in, config.latentDim(), matmul, new Rng(initSeed));
        logSigma = Dense.glorotUniform("encoderLogSigma", in, config.latentDim(), matmul, new Rng(initSeed));
        in = config.latentDim();
        for (int i = 0; i < config.decoderHidden().size(); i++) {
            int w = config.decoderHidden().get(i);
            decoder.add(Dense.glorotUniform("decoder" + (i + 1), in, w, matmul, new Rng(initSeed)));
            in = w;
        }
        out = Dense.glorotUniform("decoderOut", in, config.inputDim(), matmul, new Rng(initSeed));
    }

    /** A copy of {@code other}'s values on {@code threads} threads (same results, other speed). */
    private DeepVae(DeepVae other, int threads) {
        this.config = other.config.withThreads(threads);
        this.parallel = Parallel.of(threads);
        MatMul matmul = MatMuls.best(parallel);
        for (Dense d : other.encoder) encoder.add(d.copyOn(matmul));
        mu = other.mu.copyOn(matmul);
        logSigma = other.logSigma.copyOn(matmul);
        for (Dense d : other.decoder) decoder.add(d.copyOn(matmul));
        out = other.out.copyOn(matmul);
    }

    /** A copy of this model's parameter values running on {@code threads} threads. */
    public DeepVae copyOnThreads(int threads) {
        return new DeepVae(this, threads);
    }

    public DeepVaeConfig config() {
        return config;
    }

    @Override
    public int inputDim() {
        return config.inputDim();
    }

    @Override
    public int latentDim() {
        return config.latentDim();
    }

    @Override
    public int threads() {
        return config.threads();
    }

    /**
     * Sets the decoder's output bias to the log-odds {@code log(p / (1 - p))} of each pixel's mean
     * grey level p over the rows of {@code images}, p clipped to [clip, 1 - clip] (the authors'
     * start, with clip = 0.001), so the untrained decoder already draws the average image.
     */
    public void setOutputBiasToLogOdds(Matrix images, double clip) {
        Matrix.requireCols(images, config.inputDim(), "images");
        if (!(clip > 0 && clip < 0.5)) throw new IllegalArgumentException("clip must be in (0, 0.5), got " + clip);
        int n = images.rows(), d = config.inputDim();
        double[] sum = new double[d];
        float[] x = images.data();
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) sum[j] += x[i * d + j];
        float[] b = out.bias().value().data();
        for (int j = 0; j < d; j++) {
            double p = Math.min(Math.max(sum[j] / n, clip), 1 - clip);
            b[j] = (float) StrictMath.log(p / (1 - p));
        }
    }

    // ---------------------------------------------------------------------------------------
    // Buffers of one batch size, and the passes on them

    /** The matrices of a forward and backward pass for n images. */
    private final class Buffers {
        final Matrix[] h, dh, g, dg;
        final Matrix mu, logSigma, logvar, eps, z, logits, dLogits, dz, dMu, dLogvar, dLogSigma, dhFromSigma;
        final double[] rowLoss;

        Buffers(int n) {
            int k = config.latentDim(), d = config.inputDim();
            h = layerMatrices(n, config.encoderHidden());
            dh = layerMatrices(n, config.encoderHidden());
            g = layerMatrices(n, config.decoderHidden());
            dg = layerMatrices(n, config.decoderHidden());
            mu = Matrix.zeros(n, k);
            logSigma = Matrix.zeros(n, k);
            logvar = Matrix.zeros(n, k);
            eps = Matrix.zeros(n, k);
            z = Matrix.zeros(n, k);
            logits = Matrix.zeros(n, d);
            dLogits = Matrix.zeros(n, d);
            dz = Matrix.zeros(n, k);
            dMu = Matrix.zeros(n, k);
            dLogvar = Matrix.zeros(n, k);
            dLogSigma = Matrix.zeros(n, k);
            dhFromSigma = Matrix.zeros(n, config.encoderHidden().get(config.encoderHidden().size() - 1));
            rowLoss = new double[n];
        }
    }

    private static Matrix[] layerMatrices(int n, List<Integer> widths) {
        Matrix[] m = new Matrix[widths.size()];
        for (int i = 0; i < m.length; i++) m[i] = Matrix.zeros(n, widths.get(i));
        return m;
    }

    private Buffers buffersFor(Matrix x) {
        Matrix.requireCols(x, config.inputDim(), "images");
        if (x.rows() < 1) throw new IllegalArgumentException("a batch needs at least 1 image, got 0");
        return buffers.computeIfAbsent(x.rows(), Buffers::new);
    }

    /** f over the rows of y (modified), split over the threads. */
    private void activate(Matrix y) {
        parallel.forRange(y.rows(), ELEMENT_WORK * y.cols(), (a, b) -> config.activation().forwardInPlace(y, a, b));
    }

    /** dy = dy * f'(.) given f's output y (dy modified). */
    private void activateBackward(Matrix dy, Matrix y) {
        parallel.forRange(y.rows(), ELEMENT_WORK * y.cols(), (a, b) -> config.activation().backwardInPlace(dy, y, a, b));
    }

    /** The encoder into b.h, b.mu, b.logSigma and b.logvar = 2 log sigma; x's non-zeros in xRows when sparse. */
    private void encodeInto(Matrix x, boolean sparse, Buffers b) {
        Dense first = encoder.get(0);
        if (sparse) first.forward(xRows, b.h[0]);
        else first.forward(x, b.h[0]);
        activate(b.h[0]);
        for (int i = 1; i < encoder.size(); i++) {
            encoder.get(i).forward(b.h[i - 1], b.h[i]);
            activate(b.h[i]);
        }
        Matrix top = b.h[encoder.size() - 1];
        mu.forward(top, b.mu);
        logSigma.forward(top, b.logSigma);
        float[] s = b.logSigma.data(), lv = b.logvar.data();
        for (int i = 0; i < s.length; i++) lv[i] = 2f * s[i];                // logvar = 2 log sigma, exact
    }

    /** The decoder from z into b.g and b.logits. */
    private void decodeInto(Matrix z, Matrix[] g, Matrix logits) {
        decoder.get(0).forward(z, g[0]);
        activate(g[0]);
        for (int i = 1; i < decoder.size(); i++) {
            decoder.get(i).forward(g[i - 1], g[i]);
            activate(g[i]);
        }
        out.forward(g[decoder.size() - 1], logits);
    }

    /**
     * The loss of the batch x (n x inputDim) with the noise eps (n x latentDim), summed over the
     * images, and its gradient: overwrites every parameter's gradient with d loss / d parameter.
     * The KL term is the closed form ({@link KL#toStandardNormal(float[], float[], int, int)}).
     */
    public Loss lossAndGradient(Matrix x, Matrix eps) {
        Buffers b = buffersFor(x);
        int n = x.rows(), d = config.inputDim(), k = config.latentDim();
        Matrix.requireShape(eps, n, k, "eps");
        System.arraycopy(eps.data(), 0, b.eps.data(), 0, n * k);

        // forward: q(z|x), z = mu + sigma eps, KL, p(x|z), the Bernoulli loss and d logits in one pass
        boolean sparse = xRows.setRows(x).density() < SPARSE_BELOW;
        if (sparse) xColumns.setTransposeOf(xRows);
        encodeInto(x, sparse, b);
        Reparameterisation.sample(b.mu.data(), b.logvar.data(), b.eps.data(), b.z.data(), n * k);
        double kl = 0;
        for (int i = 0; i < n; i++) kl += KL.toStandardNormal(b.mu.data(), b.logvar.data(), i * k, (i + 1) * k);
        decodeInto(b.z, b.g, b.logits);
        parallel.forRange(n, ELEMENT_WORK * d, (from, to) ->
                ElementWise.bernoulliLossAndGradientRows(x.data(), b.logits.data(), b.dLogits.data(), d, from, to, b.rowLoss));
        double reconstruction = 0;
        for (int i = 0; i < n; i++) reconstruction += b.rowLoss[i];       // rows in order: any thread count

        // back through the decoder to dz
        int last = decoder.size() - 1;
        out.backwardParameters(b.g[last], b.dLogits);
        out.backwardInput(b.dLogits, b.dg[last]);
        for (int i = last; i >= 0; i--) {
            activateBackward(b.dg[i], b.g[i]);
            Matrix input = i == 0 ? b.z : b.g[i - 1];
            decoder.get(i).backwardParameters(input, b.dg[i]);
            decoder.get(i).backwardInput(b.dg[i], i == 0 ? b.dz : b.dg[i - 1]);
        }

        // d mu, d logvar from the sample and the KL; d log sigma = 2 d logvar
        Reparameterisation.backward(b.dz.data(), b.logvar.data(), b.eps.data(), b.dMu.data(), b.dLogvar.data(), n * k);
        KL.addGradToStandardNormal(1f, b.mu.data(), b.logvar.data(), b.dMu.data(), b.dLogvar.data(), n * k);
        float[] dlv = b.dLogvar.data(), ds = b.dLogSigma.data();
        for (int i = 0; i < ds.length; i++) ds[i] = 2f * dlv[i];

        // back through the heads (h_L feeds both: gradients add) and the hidden layers
        int top = encoder.size() - 1;
        mu.backwardParameters(b.h[top], b.dMu);
        mu.backwardInput(b.dMu, b.dh[top]);
        logSigma.backwardParameters(b.h[top], b.dLogSigma);
        logSigma.backwardInput(b.dLogSigma, b.dhFromSigma);
        float[] dh = b.dh[top].data(), extra = b.dhFromSigma.data();
        for (int i = 0; i < dh.length; i++) dh[i] += extra[i];
        for (int i = top; i >= 0; i--) {
            activateBackward(b.dh[i], b.h[i]);
            if (i == 0) {
                if (sparse) encoder.get(0).backwardParameters(xColumns, b.dh[0]);
                else encoder.get(0).backwardParameters(x, b.dh[0]);
            } else {
                encoder.get(i).backwardParameters(b.h[i - 1], b.dh[i]);
                encoder.get(i).backwardInput(b.dh[i], b.dh[i - 1]);
            }
        }
        return new Loss(n, reconstruction, kl, 1.0);
    }

    /** The same with eps drawn from {@code rng} (advanced: n x latentDim normals, row-major). */
    public Loss lossAndGradient(Matrix x, Rng rng) {
        return lossAndGradient(x, Vae.standardNormal(x.rows(), config.latentDim(), rng));
    }

    // ---------------------------------------------------------------------------------------
    // The same passes on new matrices

    @Override
    public Encoding encode(Matrix x) {
        Matrix.requireCols(x, config.inputDim(), "encode: images");
        Buffers b = new Buffers(x.rows());
        encodeInto(x, false, b);
        return new Encoding(b.mu, b.logvar);
    }

    @Override
    public Matrix decode(Matrix z) {
        Matrix.requireCols(z, config.latentDim(), "decode: z");
        Matrix logits = Matrix.zeros(z.rows(), config.inputDim());
        decodeInto(z, layerMatrices(z.rows(), config.decoderHidden()), logits);
        return logits;
    }

    /** latent -> each decoder width -> input: the sum of in x out over those layers. */
    @Override
    public long decoderMultiplyAdds() {
        long sum = 0;
        int in = config.latentDim();
        for (int width : config.decoderHidden()) {
            sum += (long) in * width;
            in = width;
        }
        return sum + (long) in * config.inputDim();
    }

    /** The layers: encoder hidden layers, mu, log sigma, decoder hidden layers, output. */
    public List<Dense> layers() {
        List<Dense> all = new ArrayList<>(encoder);
        all.add(mu);
        all.add(logSigma);
        all.addAll(decoder);
        all.add(out);
        return all;
    }

    /** Every parameter, layer by layer (weight, then bias): the order of checkpoints, of the digest and of Adam. */
    @Override
    public List<Parameter> parameters() {
        return layers().stream().flatMap(layer -> layer.parameters().stream()).toList();
    }

    @Override
    public String toString() {
        return "DeepVae(" + config + ", sigma = exp(linear), " + parameterCount() + " parameters, threads="
                + config.threads() + ")";
    }
}
