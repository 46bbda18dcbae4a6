package vae.model;

import java.util.List;
import vae.linalg.MatMul;
import vae.linalg.MatMuls;
import vae.linalg.Matrix;
import vae.linalg.Ops;
import vae.linalg.Parallel;
import vae.nn.Dense;
import vae.nn.Module;
import vae.nn.Parameter;
import vae.nn.ReLU;
import vae.prob.BernoulliLogits;
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
 * <p>Call order for training: {@link #lossAndGradient} (forward and hand-written backward: sets
 * every parameter's gradient), then an optimiser step on {@link #parameters()}. {@link #encode},
 * {@link #decode} and {@link #loss} only compute. Not thread-safe (layers keep their last input
 * for the backward pass); the dense products inside use {@code config.threads()} threads, on
 * {@link MatMuls#best} (the Vector API kernel when the JVM has {@code jdk.incubator.vector}).
 * {@link vae.train.Trainer} trains through {@link TrainingStep}: the same loss and gradient as
 * {@link #lossAndGradient}, computed fused, sparse in the first layer and without allocation.
 */
public final class Vae implements Module {
    private final VaeConfig config;
    private final Dense encoderHidden;
    private final Dense encoderMu;
    private final Dense encoderLogvar;
    private final Dense decoderHidden;
    private final Dense decoderOut;
    private final ReLU encoderRelu = new ReLU();
    private final ReLU decoderRelu = new ReLU();

    /** A new VAE initialised from the {@code init} stream of {@link Seeds#of Seeds.of(config.seed())}. */
    public Vae(VaeConfig config) {
        this(config, Seeds.of(config.seed()).init());
    }

    /**
     * A new VAE whose weights are drawn from {@code rng} (advanced), layer by layer in the order
     * encoderHidden, encoderMu, encoderLogvar, decoderHidden, decoderOut (each W, then b).
     */
    public Vae(VaeConfig config, Rng rng) {
        this.config = config;
        MatMul mm = MatMuls.best(Parallel.of(config.threads())); // the Vector API kernel when present, else loops
        int d = config.inputDim(), h = config.hiddenDim(), k = config.latentDim();
        encoderHidden = new Dense("encoderHidden", d, h, mm, rng);
        encoderMu = new Dense("encoderMu", h, k, mm, rng);
        encoderLogvar = new Dense("encoderLogvar", h, k, mm, rng);
        decoderHidden = new Dense("decoderHidden", k, h, mm, rng);
        decoderOut = new Dense("decoderOut", h, d, mm, rng);
    }

    public VaeConfig config() {
        return config;
    }

    /** {@code q(z|x)}: {@code h = relu(x W1 + b1)}, {@code mu = h Wmu + bmu}, {@code logvar = h Wlv + blv}. */
    public Encoding encode(Matrix x) {
        Matrix.requireCols(x, config.inputDim(), "encode: images");
        Matrix hidden = encoderRelu.forward(encoderHidden.forward(x));
        return new Encoding(encoderMu.forward(hidden), encoderLogvar.forward(hidden));
    }

    /** {@code z = mu + exp(logvar / 2) * eps} into a new matrix; nothing is modified. */
    public Matrix reparameterize(Matrix mu, Matrix logvar, Matrix eps) {
        int n = mu.rows(), k = config.latentDim();
        Matrix.requireShape(mu, n, k, "reparameterize: mu");
        Matrix.requireShape(logvar, n, k, "reparameterize: logvar");
        Matrix.requireShape(eps, n, k, "reparameterize: eps");
        Matrix z = Matrix.zeros(n, k);
        float[] m = mu.data(), lv = logvar.data(), e = eps.data(), o = z.data();
        for (int i = 0; i < o.length; i++) o[i] = m[i] + (float) Math.exp(0.5 * lv[i]) * e[i];
        return z;
    }

    /** {@code z = mu + exp(logvar / 2) * eps} with eps ~ N(0, I) drawn from {@code rng} (advanced). */
    public Matrix reparameterize(Matrix mu, Matrix logvar, Rng rng) {
        return reparameterize(mu, logvar, standardNormal(mu.rows(), mu.cols(), rng));
    }

    /** {@code p(x|z)}'s logits: {@code g = relu(z W3 + b3)}, {@code logits = g W4 + b4}. */
    public Matrix decode(Matrix z) {
        Matrix.requireCols(z, config.latentDim(), "decode: z");
        return decoderOut.forward(decoderRelu.forward(decoderHidden.forward(z)));
    }

    /** The decoder's pixel means {@code sigmoid(decode(z))}, as a new matrix (for pictures). */
    public Matrix decodeMean(Matrix z) {
        Matrix logits = decode(z);
        float[] l = logits.data();
        for (int i = 0; i < l.length; i++) l[i] = (float) BernoulliLogits.sigmoid(l[i]);
        return logits;
    }

    /** The loss of a batch with eps drawn from {@code rng} (advanced); computes only. */
    public Loss loss(Matrix x, Rng rng) {
        return forward(x, standardNormal(x.rows(), config.latentDim(), rng)).loss;
    }

    /** The loss of a batch with the given eps (batch x latent); computes only. */
    public Loss loss(Matrix x, Matrix eps) {
        return forward(x, eps).loss;
    }

    /** Forward and backward with eps drawn from {@code rng} (advanced): see {@link #lossAndGradient(Matrix, Matrix)}. */
    public Loss lossAndGradient(Matrix x, Rng rng) {
        return lossAndGradient(x, standardNormal(x.rows(), config.latentDim(), rng));
    }

    /**
     * The loss of the batch (summed over images) and its gradient: overwrites the gradient of
     * every parameter with d loss / d parameter. The backward pass, written out:
     * <pre>
     *   d logits = sigmoid(logits) - x                                 (Bernoulli on logits)
     *   d z      = back through decoderOut, relu, decoderHidden
     *   d mu     = d z + beta * mu                                     (KL term: d/dmu = mu)
     *   d logvar = d z * eps * exp(logvar/2) / 2 + beta * (exp(logvar) - 1) / 2
     *   d h      = back through encoderMu (d mu) + back through encoderLogvar (d logvar)
     *   then back through relu and encoderHidden (weights only: x needs no gradient)
     * </pre>
     */
    public Loss lossAndGradient(Matrix x, Matrix eps) {
        Pass p = forward(x, eps);
        int n = x.rows(), d = config.inputDim(), k = config.latentDim();
        float beta = (float) config.beta();

        // d logits = sigmoid(logits) - x
        Matrix dLogits = Matrix.zeros(n, d);
        float[] xs = x.data(), l = p.logits.data(), dl = dLogits.data();
        for (int i = 0; i < dl.length; i++) dl[i] = BernoulliLogits.gradNegLogProb(xs[i], l[i]);

        Matrix dz = decoderHidden.backward(decoderRelu.backward(decoderOut.backward(dLogits)));

        Matrix dMu = Matrix.zeros(n, k);
        Matrix dLogvar = Matrix.zeros(n, k);
        float[] mu = p.mu.data(), lv = p.logvar.data(), e = eps.data(), g = dz.data();
        float[] gm = dMu.data(), gl = dLogvar.data();
        for (int i = 0; i < gm.length; i++) {
            float sigma = (float) Math.exp(0.5 * lv[i]);
            gm[i] = g[i] + beta * mu[i];                                          // dz/dmu = 1; dKL/dmu = mu
            gl[i] = g[i] * e[i] * 0.5f * sigma + beta * 0.5f * (sigma * sigma - 1f); // dz/dlogvar = eps*sigma/2; dKL/dlogvar = (exp(logvar)-1)/2
        }

        Matrix dHidden = encoderMu.backward(dMu);
        Ops.axpyInPlace(1f, encoderLogvar.backward(dLogvar), dHidden); // h feeds both heads: gradients add
        encoderHidden.backwardParameters(encoderRelu.backward(dHidden));
        return p.loss;
    }

    /** One forward pass, keeping what the backward pass needs. */
    private Pass forward(Matrix x, Matrix eps) {
        Matrix.requireCols(x, config.inputDim(), "images");
        Matrix.requireShape(eps, x.rows(), config.latentDim(), "eps");
        Encoding q = encode(x);
        Matrix z = reparameterize(q.mu(), q.logvar(), eps);
        Matrix logits = decode(z);
        double reconstruction = -BernoulliLogits.sumLogProb(x.data(), logits.data(), 0, x.data().length);
        double kl = 0;
        for (double v : klAnalytic(q)) kl += v;
        return new Pass(q.mu(), q.logvar(), logits, new Loss(x.rows(), reconstruction, kl, config.beta()));
    }

    private record Pass(Matrix mu, Matrix logvar, Matrix logits, Loss loss) {}

    /**
     * The closed-form {@code KL(N(mu, diag(exp(logvar))) || N(0, I)) = -0.5 * sum_j (1 + logvar_j - mu_j^2 - exp(logvar_j))}
     * per row, in double.
     */
    public static double[] klAnalytic(Encoding q) {
        Matrix mu = q.mu(), logvar = q.logvar();
        Matrix.requireShape(logvar, mu.rows(), mu.cols(), "logvar (must match mu)");
        int n = mu.rows(), k = mu.cols();
        double[] out = new double[n];
        float[] m = mu.data(), lv = logvar.data();
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = i * k; j < (i + 1) * k; j++) s += 1.0 + lv[j] - (double) m[j] * m[j] - Math.exp(lv[j]);
            out[i] = -0.5 * s;
        }
        return out;
    }

    /**
     * A Monte Carlo estimate of the same KL per row, in double:
     * {@code KL ~ (1/S) sum_s [log q(z_s|x) - log p(z_s)]}, {@code z_s = mu + sigma * eps_s}, where
     * {@code log q(z) - log p(z) = sum_j (-logvar_j/2 - eps_j^2/2 + z_j^2/2)}. Unbiased; its standard
     * error falls like 1/sqrt(S). {@code rng} is advanced.
     */
    public static double[] klMonteCarlo(Encoding q, int samples, Rng rng) {
        if (samples < 1) throw new IllegalArgumentException("samples must be >= 1, got " + samples);
        Matrix mu = q.mu(), logvar = q.logvar();
        Matrix.requireShape(logvar, mu.rows(), mu.cols(), "logvar (must match mu)");
        int n = mu.rows(), k = mu.cols();
        double[] out = new double[n];
        float[] m = mu.data(), lv = logvar.data();
        for (int i = 0; i < n; i++) {
            double total = 0;
            for (int s = 0; s < samples; s++) {
                double logRatio = 0;
                for (int j = i * k; j < (i + 1) * k; j++) {
                    double eps = rng.nextGaussian();
                    double z = m[j] + Math.exp(0.5 * lv[j]) * eps;
                    logRatio += -0.5 * lv[j] - 0.5 * eps * eps + 0.5 * z * z;
                }
                total += logRatio;
            }
            out[i] = total / samples;
        }
        return out;
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
                + ", " + config.activation() + ", " + parameterCount() + " parameters, beta=" + config.beta()
                + ", threads=" + config.threads() + ")";
    }
}
