package vae.model;

import java.util.List;
import vae.linalg.MatMul;
import vae.linalg.MatMuls;
import vae.linalg.Matrix;
import vae.linalg.Parallel;
import vae.linalg.SparseRows;
import vae.nn.Dense;
import vae.nn.Module;
import vae.nn.Parameter;
import vae.nn.ReLU;
import vae.prob.Reparameterisation;
import vae.prob.Rng;

/**
 * The variational autoencoder of Kingma and Welling (2014), as in the PyTorch reference:
 * <pre>
 *   encoder  h = relu(x W1 + b1);  mu = h Wmu + bmu;  logvar = h Wlv + blv     q(z|x) = N(mu, diag(exp(logvar)))
 *   sample   z = mu + exp(logvar / 2) * eps,  eps ~ N(0, I)                   (reparameterisation)
 *   decoder  g = relu(z W3 + b3);  logits = g W4 + b4                         p(x|z) = Bernoulli(sigmoid(logits))
 *   loss     -log p(x|z) + beta * KL(q(z|x) || N(0, I))                       (minus the ELBO for beta = 1)
 * </pre>
 * with sizes {@code inputDim -> hiddenDim -> latentDim -> hiddenDim -> inputDim} from the
 * {@link VaeConfig}. Batches are matrices with one image per row.
 *
 * <p>The five named {@link Dense} layers are the model; this class composes them. Each step of
 * the forward and the backward pass is written once, here, on buffers the caller owns
 * (package-private: {@link #encode(Matrix, SparseRows, Matrix, Matrix, Matrix)}, {@link
 * #decode(Matrix, Matrix, Matrix)}, {@link #decoderBackward}, {@link #encoderBackward});
 * {@link TrainingStep} runs them in the order of the maths, and the public methods below are
 * the same calls on new matrices. So the code that trains is the code a reader reads.
 *
 * <p>Call order for training: {@link #lossAndGradient} (sets every parameter's gradient), then an
 * optimiser step on {@link #parameters()}. {@link #encode(Matrix)}, {@link #decode(Matrix)} and
 * {@link #loss} only compute. Not thread-safe. The dense products run on {@code config.threads()}
 * threads, on {@link MatMuls#best} (the Vector API kernel when the JVM has {@code
 * jdk.incubator.vector}); the three small layers through the latent space each run whole on one
 * thread, two at a time where two are independent (splitting a product of about 1 M
 * multiply-adds costs more in hand-offs than it saves).
 */
public final class Vae implements Module, GaussianBernoulliVae {
    private final VaeConfig config;
    private final Parallel parallel;
    private final MatMul matmul;
    private final Dense encoderHidden;
    private final Dense encoderMu;
    private final Dense encoderLogvar;
    private final Dense decoderHidden;
    private final Dense decoderOut;
    private TrainingStep step; // created on first use

    /** A new VAE initialised from the {@code init} stream of {@link Seeds#of Seeds.of(config.seed())}. */
    public Vae(VaeConfig config) {
        this(config, Seeds.of(config.seed()).init());
    }

    /**
     * A new VAE whose weights are drawn from {@code rng} (advanced), layer by layer in the order
     * encoderHidden, encoderMu, encoderLogvar, decoderHidden, decoderOut (each W, then b).
     */
    public Vae(VaeConfig config, Rng rng) {
        this(config, rng, MatMuls.best(Parallel.of(config.threads())));
    }

    /** The same, with the weights of {@code Seeds.of(config.seed()).init()}, on the given kernel (loops or Vector API). */
    public Vae(VaeConfig config, MatMul matmul) {
        this(config, Seeds.of(config.seed()).init(), matmul);
    }

    private Vae(VaeConfig config, Rng rng, MatMul matmul) {
        this.config = config;
        this.parallel = Parallel.of(config.threads());
        this.matmul = matmul.on(parallel);
        MatMul oneThread = matmul.on(Parallel.serial()); // the small layers through the latent space
        int d = config.inputDim(), h = config.hiddenDim(), k = config.latentDim();
        encoderHidden = new Dense("encoderHidden", d, h, this.matmul, rng);
        encoderMu = new Dense("encoderMu", h, k, oneThread, rng);
        encoderLogvar = new Dense("encoderLogvar", h, k, oneThread, rng);
        decoderHidden = new Dense("decoderHidden", k, h, oneThread, rng);
        decoderOut = new Dense("decoderOut", h, d, this.matmul, rng);
    }

    public VaeConfig config() {
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

    /** The kernel of the wide layers. */
    public MatMul matmul() {
        return matmul;
    }

    /** The thread pool of this model ({@code config.threads()} threads). */
    Parallel parallel() {
        return parallel;
    }

    // ---------------------------------------------------------------------------------------
    // The forward and backward pass, each step once, on the caller's buffers (n images a batch)

    /**
     * {@code q(z|x)}: {@code h = relu(x W1 + b1)}, {@code mu = h Wmu + bmu}, {@code logvar = h Wlv + blv}
     * into h (n x hidden), mu and logvar (n x latent), all modified. {@code xSparse}, when not null,
     * holds the non-zeros of x ({@link SparseRows#setRows}); the first product then skips the zeros.
     */
    void encode(Matrix x, SparseRows xSparse, Matrix h, Matrix mu, Matrix logvar) {
        if (xSparse != null) encoderHidden.forward(xSparse, h);
        else encoderHidden.forward(x, h);
        ReLU.forwardInPlace(h);
        parallel.both(headWork(x.rows()),                                   // the two heads, one per thread
                () -> encoderMu.forward(h, mu),
                () -> encoderLogvar.forward(h, logvar));
    }

    /** {@code p(x|z)}'s logits: {@code g = relu(z W3 + b3)}, {@code logits = g W4 + b4} into g and logits (modified). */
    void decode(Matrix z, Matrix g, Matrix logits) {
        decoderHidden.forward(z, g);
        ReLU.forwardInPlace(g);
        decoderOut.forward(g, logits);
    }

    /**
     * Back through the decoder, given {@code dLogits = d loss / d logits} and the forward pass's z
     * and g: sets the decoder's parameter gradients and {@code dz} (modified; dg is scratch):
     * <pre>
     *   dW4 = g^T dlogits, db4;  dg = (dlogits W4^T) * 1[g > 0];  dW3 = z^T dg, db3;  dz = dg W3^T
     * </pre>
     */
    void decoderBackward(Matrix z, Matrix g, Matrix dLogits, Matrix dg, Matrix dz) {
        decoderOut.backwardParameters(g, dLogits);
        decoderOut.backwardInput(dLogits, dg);
        ReLU.backwardInPlace(dg, g);
        parallel.both(headWork(z.rows()),                                   // two small products, one per thread
                () -> decoderHidden.backwardParameters(z, dg),
                () -> decoderHidden.backwardInput(dg, dz));
    }

    /**
     * Back through the encoder, given {@code dMu}, {@code dLogvar} and the forward pass's h: sets the
     * encoder's parameter gradients (dh and dhLogvar are scratch, modified):
     * <pre>
     *   dWmu = h^T dmu, dWlv = h^T dlogvar;  dh = (dmu Wmu^T + dlogvar Wlv^T) * 1[h > 0];  dW1 = x^T dh, db1
     * </pre>
     * {@code xColumns}, when not null, holds the non-zeros of x's columns ({@link SparseRows#setTransposeOf}).
     */
    void encoderBackward(Matrix x, SparseRows xColumns, Matrix h, Matrix dMu, Matrix dLogvar, Matrix dh, Matrix dhLogvar) {
        parallel.both(headWork(x.rows()),                                   // one head per thread
                () -> {
                    encoderMu.backwardParameters(h, dMu);
                    encoderMu.backwardInput(dMu, dh);
                },
                () -> {
                    encoderLogvar.backwardParameters(h, dLogvar);
                    encoderLogvar.backwardInput(dLogvar, dhLogvar);
                });
        float[] a = dh.data(), b = dhLogvar.data();
        for (int i = 0; i < a.length; i++) a[i] += b[i];                     // h feeds both heads: gradients add
        ReLU.backwardInPlace(dh, h);
        if (xColumns != null) encoderHidden.backwardParameters(xColumns, dh);
        else encoderHidden.backwardParameters(x, dh);
    }

    /** Multiply-adds of one product through the latent layer (for {@link Parallel#both}). */
    private long headWork(int n) {
        return (long) n * config.hiddenDim() * config.latentDim();
    }

    // ---------------------------------------------------------------------------------------
    // The same on new matrices

    /** {@code q(z|x)} of a batch of images (n x inputDim), as new matrices. */
    @Override
    public Encoding encode(Matrix x) {
        Matrix.requireCols(x, config.inputDim(), "encode: images");
        int n = x.rows(), k = config.latentDim();
        Encoding q = new Encoding(Matrix.zeros(n, k), Matrix.zeros(n, k));
        encode(x, null, Matrix.zeros(n, config.hiddenDim()), q.mu(), q.logvar());
        return q;
    }

    /** {@code z = mu + exp(logvar / 2) * eps} into a new matrix; nothing is modified. */
    public Matrix reparameterize(Matrix mu, Matrix logvar, Matrix eps) {
        int n = mu.rows(), k = config.latentDim();
        Matrix.requireShape(mu, n, k, "reparameterize: mu");
        Matrix.requireShape(logvar, n, k, "reparameterize: logvar");
        Matrix.requireShape(eps, n, k, "reparameterize: eps");
        Matrix z = Matrix.zeros(n, k);
        Reparameterisation.sample(mu.data(), logvar.data(), eps.data(), z.data(), n * k);
        return z;
    }

    /** {@code z = mu + exp(logvar / 2) * eps} with eps ~ N(0, I) drawn from {@code rng} (advanced). */
    public Matrix reparameterize(Matrix mu, Matrix logvar, Rng rng) {
        return reparameterize(mu, logvar, standardNormal(mu.rows(), mu.cols(), rng));
    }

    /** {@code p(x|z)}'s logits for a batch of codes (n x latentDim), as a new matrix. */
    @Override
    public Matrix decode(Matrix z) {
        Matrix.requireCols(z, config.latentDim(), "decode: z");
        Matrix logits = Matrix.zeros(z.rows(), config.inputDim());
        decode(z, Matrix.zeros(z.rows(), config.hiddenDim()), logits);
        return logits;
    }

    /** {@code z W3} and {@code g W4}: hidden x (latent + input) multiply-adds per code. */
    @Override
    public long decoderMultiplyAdds() {
        return (long) config.hiddenDim() * (config.latentDim() + config.inputDim());
    }

    /** The loss of a batch with eps drawn from {@code rng} (advanced); computes only. */
    public Loss loss(Matrix x, Rng rng) {
        return loss(x, standardNormal(x.rows(), config.latentDim(), rng));
    }

    /** The loss of a batch with the given eps (batch x latent): the forward half of {@link #lossAndGradient}. */
    public Loss loss(Matrix x, Matrix eps) {
        return trainingStep().loss(x, eps);
    }

    /** Forward and backward with eps drawn from {@code rng} (advanced): see {@link #lossAndGradient(Matrix, Matrix)}. */
    public Loss lossAndGradient(Matrix x, Rng rng) {
        return trainingStep().lossAndGradient(x, rng);
    }

    /**
     * The loss of the batch (summed over images) and its gradient: overwrites the gradient of every
     * parameter with d loss / d parameter ({@link TrainingStep} gives the steps).
     */
    public Loss lossAndGradient(Matrix x, Matrix eps) {
        return trainingStep().lossAndGradient(x, eps);
    }

    /** The training step of this model, with its buffers (created on first use). */
    public TrainingStep trainingStep() {
        if (step == null) step = new TrainingStep(this);
        return step;
    }

    /** A new rows x cols matrix of N(0, 1) draws from {@code rng} (advanced), row-major. */
    public static Matrix standardNormal(int rows, int cols, Rng rng) {
        Matrix eps = Matrix.zeros(rows, cols);
        rng.fillGaussian(eps.data());
        return eps;
    }

    /** The layers in order: encoderHidden, encoderMu, encoderLogvar, decoderHidden, decoderOut. */
    public List<Dense> layers() {
        return List.of(encoderHidden, encoderMu, encoderLogvar, decoderHidden, decoderOut);
    }

    /** Every parameter, layer by layer (weight, then bias): the order of save/load and of Adam. */
    @Override
    public List<Parameter> parameters() {
        return layers().stream().flatMap(layer -> layer.parameters().stream()).toList();
    }

    @Override
    public String toString() {
        return "Vae(" + config.inputDim() + " -> " + config.hiddenDim() + " -> (mu " + config.latentDim()
                + ", logvar " + config.latentDim() + ") -> " + config.hiddenDim() + " -> " + config.inputDim()
                + ", relu, " + parameterCount() + " parameters, beta=" + config.beta()
                + ", threads=" + config.threads() + ")";
    }
}
