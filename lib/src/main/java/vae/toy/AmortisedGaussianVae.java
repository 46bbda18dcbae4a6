package vae.toy;

import vae.prob.ArgumentChecks;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import vae.linalg.ElementWise;
import vae.linalg.MatMul;
import vae.linalg.Matrix;
import vae.linalg.Parallel;
import vae.nn.Dense;
import vae.nn.Module;
import vae.nn.Parameter;
import vae.nn.ReLU;
import vae.prob.DiagonalGaussian;
import vae.prob.Distribution;
import vae.prob.KL;
import vae.prob.Normal;
import vae.prob.Reparameterisation;
import vae.prob.Rng;
import vae.train.Adam;

/**
 * A small VAE for low-dimensional real-valued data, with a <b>Gaussian</b> decoder of fixed noise
 * (the library's {@link vae.model.Vae} has a Bernoulli decoder for images). Encoder and decoder are
 * one-hidden-layer ReLU networks from {@link vae.nn}:
 * <pre>
 *   encoder  q(z|x) = N(mu(x), diag exp(logvar(x))):  h = relu(x W1 + b1),  mu = h Wmu + bmu,  logvar = h Wlv + blv
 *   decoder  p(x|z) = N(f(z), s^2 I):                 g = relu(z W3 + b3),  f(z) = g W4 + b4      (s fixed)
 *   z = mu + exp(logvar / 2) * eps,  eps ~ N(0, I)                                              (reparameterisation)
 *   ELBO(x) = E_q[log p(x|z)] - KL(q(z|x) || N(0, I))
 *           = [-D/2 log(2 pi s^2) - ||x - f(z)||^2 / (2 s^2)]  -  [-1/2 sum_j (1 + logvar_j - mu_j^2 - exp(logvar_j))]
 *             (reconstruction, one sample of z)                   (KL to the prior, closed form)
 * </pre>
 * The training loss is {@code -ELBO} averaged over the batch; {@link #lossAndGradient} computes it
 * and every parameter's gradient by hand-written backward passes (each step beside the forward step it
 * inverts). {@link #encode} and {@link #decode} evaluate the trained networks in double precision
 * without touching the layers' caches, and {@link #decoderModel()} exposes the decoder as a
 * {@link LatentModel} {@code p(x, z) = N(z; 0, I) N(x; f(z), s^2 I)}, so the toy tools (quadrature,
 * exact ELBO, importance sampling) apply to the learned model.
 *
 * <p>Call order: construct, then {@link #train} (or {@link #lossAndGradient} and an optimiser step
 * yourself, many times). Not thread-safe.
 */
public final class AmortisedGaussianVae implements Module {
    private final int dataDim;
    private final int hiddenDim;
    private final int latentDim;
    private final double noiseStd;
    private final Dense encoderHidden, encoderMean, encoderLogVar, decoderHidden, decoderOut;
    private final ReLU encoderRelu = new ReLU(), decoderRelu = new ReLU();

    /**
     * A new VAE with layers initialised from rng (PyTorch's default: uniform in +-1/sqrt(fan_in)).
     *
     * @param noiseStd the decoder's fixed standard deviation s of p(x|z) = N(f(z), s^2 I)
     */
    public AmortisedGaussianVae(int dataDim, int hiddenDim, int latentDim, double noiseStd, Rng rng) {
        ArgumentChecks.atLeast("dataDim", dataDim, 1);
        ArgumentChecks.atLeast("hiddenDim", hiddenDim, 1);
        ArgumentChecks.atLeast("latentDim", latentDim, 1);
        ArgumentChecks.positive("noiseStd", noiseStd);
        this.dataDim = dataDim;
        this.hiddenDim = hiddenDim;
        this.latentDim = latentDim;
        this.noiseStd = noiseStd;
        MatMul mm = MatMul.loops(Parallel.serial()); // tiny matrices: threads would cost more than they save
        encoderHidden = new Dense("encoder.hidden", dataDim, hiddenDim, mm, rng);
        encoderMean = new Dense("encoder.mean", hiddenDim, latentDim, mm, rng);
        encoderLogVar = new Dense("encoder.logvar", hiddenDim, latentDim, mm, rng);
        decoderHidden = new Dense("decoder.hidden", latentDim, hiddenDim, mm, rng);
        decoderOut = new Dense("decoder.out", hiddenDim, dataDim, mm, rng);
    }

    /** Batch averages per example: {@code elbo = reconstruction - kl}. */
    public record Terms(double elbo, double reconstruction, double kl) {}

    public int dataDim() {
        return dataDim;
    }

    public int latentDim() {
        return latentDim;
    }

    /** The decoder's fixed noise standard deviation s. */
    public double noiseStd() {
        return noiseStd;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>();
        for (Dense d : List.of(encoderHidden, encoderMean, encoderLogVar, decoderHidden, decoderOut)) ps.addAll(d.parameters());
        return ps;
    }

    /** The ELBO terms of a batch (rows of x) for the given eps (batch x latentDim); computes only (gradients are set but unused). */
    public Terms loss(Matrix x, Matrix eps) {
        return lossAndGradient(x, eps);
    }

    /**
     * Forward and backward for a batch: returns the per-example ELBO terms and overwrites every
     * parameter's gradient with the gradient of the loss {@code -(1/B) sum_b ELBO(x_b)}.
     */
    public Terms lossAndGradient(Matrix x, Matrix eps) {
        Matrix.requireCols(x, dataDim, "data batch");
        int b = x.rows();
        Matrix.requireShape(eps, b, latentDim, "eps");
        // Encoder: q(z|x) = N(mu, exp(logvar)).
        Matrix h = encoderRelu.forward(encoderHidden.forward(x));
        Matrix mu = encoderMean.forward(h), logVar = encoderLogVar.forward(h);
        // Reparameterise: z = mu + exp(logvar / 2) * eps.
        Matrix z = Matrix.zeros(b, latentDim);
        float[] md = mu.data(), lvd = logVar.data(), ed = eps.data();
        Reparameterisation.sample(md, lvd, ed, z.data(), md.length);
        // Decoder mean f(z).
        Matrix xHat = decoderOut.forward(decoderRelu.forward(decoderHidden.forward(z)));
        // Reconstruction log N(x; f(z), s^2 I) over the batch, and its gradient; the loss is -ELBO / B.
        double s2 = noiseStd * noiseStd, r2 = 0.0;
        Matrix dXHat = Matrix.zeros(b, dataDim);
        float[] xd = x.data(), xh = xHat.data(), dxh = dXHat.data();
        for (int i = 0; i < xd.length; i++) {
            double r = xd[i] - xh[i];
            r2 += r * r;
            dxh[i] = (float) (-r / s2 / b);                    // d(-recon/B)/d f(z) = -(x - f(z)) / (s^2 B)
        }
        double recon = Normal.logDensityIsotropic(r2, b * dataDim, noiseStd);
        double kl = KL.toStandardNormal(md, lvd, 0, md.length);
        // Backward through the decoder to z.
        Matrix dZ = decoderHidden.backward(decoderRelu.backward(decoderOut.backward(dXHat)));
        // Through z = mu + exp(logvar/2) eps, plus the KL's own gradient (weighted 1/B like the loss).
        Matrix dMu = Matrix.zeros(b, latentDim), dLogVar = Matrix.zeros(b, latentDim);
        Reparameterisation.backward(dZ.data(), lvd, ed, dMu.data(), dLogVar.data(), md.length);
        KL.addGradToStandardNormal(1f / b, md, lvd, dMu.data(), dLogVar.data(), md.length);
        // Backward through the encoder: both heads feed the same hidden layer, so their input gradients add.
        Matrix dH = encoderMean.backward(dMu);
        Matrix dH2 = encoderLogVar.backward(dLogVar);
        float[] dh = dH.data(), dh2 = dH2.data();
        for (int i = 0; i < dh.length; i++) dh[i] += dh2[i];
        encoderHidden.backwardParameters(encoderRelu.backward(dH));
        return new Terms((recon - kl) / b, recon / b, kl / b);
    }

    /**
     * Trains with Adam (betas 0.9, 0.999, eps 1e-8) on minibatches of {@code data} (one row per
     * example), reshuffled every epoch, drawing shuffles and eps from rng. Returns the history: one
     * row per epoch with the averages over that epoch's batches of ELBO, reconstruction and KL, and a
     * first row (epoch 0) for the untrained model on the whole data set.
     */
    public Table train(double[][] data, int epochs, int batchSize, double learningRate, Rng rng) {
        return train(data, epochs, batchSize, learningRate, rng, epoch -> {});
    }

    /**
     * As {@link #train(double[][], int, int, double, Rng)}, calling {@code afterEpoch} with the epoch number (0 for the
     * untrained model, then 1..epochs) after that epoch's updates, e.g. to measure the model as it learns. The
     * callback draws nothing from rng, so the training is the same with or without it.
     */
    public Table train(double[][] data, int epochs, int batchSize, double learningRate, Rng rng, java.util.function.IntConsumer afterEpoch) {
        if (afterEpoch == null) throw new IllegalArgumentException("afterEpoch must not be null (use train without it)");
        ArgumentChecks.atLeast("epochs", epochs, 1);
        ArgumentChecks.atLeast("batchSize", batchSize, 1);
        ArgumentChecks.positive("learningRate", learningRate);
        int n = data.length;
        Adam adam = new Adam(parameters(), learningRate, 0.9, 0.999, 1e-8);
        int[] epochCol = new int[epochs + 1];
        double[] elbo = new double[epochs + 1], recon = new double[epochs + 1], kl = new double[epochs + 1];
        Terms start = loss(rows(data, identity(n), 0, n), standardNormal(n, rng));
        elbo[0] = start.elbo();
        recon[0] = start.reconstruction();
        kl[0] = start.kl();
        afterEpoch.accept(0);
        for (int e = 1; e <= epochs; e++) {
            int[] order = rng.permutation(n);
            double se = 0, sr = 0, sk = 0;
            for (int from = 0; from < n; from += batchSize) {
                int to = Math.min(n, from + batchSize);
                Terms t = lossAndGradient(rows(data, order, from, to), standardNormal(to - from, rng));
                adam.step();
                se += t.elbo() * (to - from);
                sr += t.reconstruction() * (to - from);
                sk += t.kl() * (to - from);
            }
            epochCol[e] = e;
            elbo[e] = se / n;
            recon[e] = sr / n;
            kl[e] = sk / n;
            if (!Double.isFinite(elbo[e])) throw new IllegalStateException("training diverged at epoch " + e + ": ELBO " + elbo[e]);
            afterEpoch.accept(e);
        }
        return Table.create("training history (averages per example)").addColumns(IntColumn.create("epoch", epochCol),
                DoubleColumn.create("ELBO", elbo), DoubleColumn.create("reconstruction", recon), DoubleColumn.create("KL", kl));
    }

    /** The ELBO terms on a whole data set, one eps per example drawn from rng (KL in closed form). */
    public Terms evaluate(double[][] data, Rng rng) {
        return loss(rows(data, identity(data.length), 0, data.length), standardNormal(data.length, rng));
    }

    /** The encoder's {@code q(z|x) = N(mu(x), diag exp(logvar(x)))}, computed in double from the current weights. */
    public DiagonalGaussian encode(double[] x) {
        ArgumentChecks.length("x", x, dataDim);
        double[] h = relu(affine(x, encoderHidden));
        return DiagonalGaussian.ofMeanLogVar(affine(h, encoderMean), affine(h, encoderLogVar));
    }

    /** The decoder mean {@code f(z)}, computed in double from the current weights. */
    public double[] decode(double[] z) {
        ArgumentChecks.length("z", z, latentDim);
        return affine(relu(affine(z, decoderHidden)), decoderOut);
    }

    /**
     * The decoder as a latent-variable model {@code p(x, z) = N(z; 0, I) N(x; f(z), s^2 I)} (it reads the
     * current weights on every call). Its {@code gradLogJointZ} uses central differences (step 1e-5).
     */
    public LatentModel decoderModel() {
        DiagonalGaussian prior = DiagonalGaussian.standard(latentDim);
        return new LatentModel() {
            public int latentDim() { return latentDim; }
            public int dataDim() { return dataDim; }
            public Distribution prior() { return prior; }

            public double logLikelihood(double[] x, double[] z) {
                ArgumentChecks.length("x", x, dataDim);
                return Normal.logDensityIsotropic(x, decode(z), noiseStd);
            }

            @Override
            public void logJointAt(double[] x, double[] zs, double[] out) {
                ArgumentChecks.length("x", x, dataDim);
                LatentModel.requireRoom(zs, out);
                if (latentDim != 1) LatentModel.super.logJointAt(x, zs, out);
                else logJointsAt1D(x, zs, out, prior);
            }

            public double[] gradLogJointZ(double[] x, double[] z) {
                double[] g = new double[latentDim];
                double h = 1e-5;
                for (int j = 0; j < latentDim; j++) {
                    double[] up = z.clone(), down = z.clone();
                    up[j] += h;
                    down[j] -= h;
                    g[j] = (logJoint(x, up) - logJoint(x, down)) / (2 * h);
                }
                return g;
            }

            public Sample sample(Rng rng) {
                double[] z = prior.sample(rng);
                double[] x = decode(z);
                for (int i = 0; i < dataDim; i++) x[i] += noiseStd * rng.nextGaussian();
                return new Sample(z, x);
            }

            @Override
            public String toString() {
                return "decoder of " + AmortisedGaussianVae.this;
            }
        };
    }

    /**
     * {@code log p(x) = log int N(z; 0, 1) N(x; f(z), s^2 I) dz} of the learned decoder by quadrature on [-12, 12]
     * (1-D latent only), to 1e-6 in log units: f is piecewise linear (ReLU), so the trapezoid rule converges like h^2
     * and a tighter tolerance would cost millions of evaluations.
     */
    public double logMarginal(double[] x) {
        if (latentDim != 1) throw new IllegalStateException("quadrature needs a 1-D latent, got latentDim=" + latentDim);
        LatentModel m = decoderModel();
        return Quadrature.logIntegral((zs, out) -> m.logJointAt(x, zs, out), -Quadrature.DEFAULT_HALF_WIDTH,
                Quadrature.DEFAULT_HALF_WIDTH, 1e-6).logValue();
    }

    /**
     * {@code log p(x, z)} at the 1-D latents {@code zs} (latentDim 1): the decoder means f(z) of all
     * points by {@link ElementWise#reluNetworkAt} (on the Vector API, a lane per point), then for each
     * the prior and {@link Normal#logDensityIsotropic} as {@link #decoderModel()}'s {@code logJoint}
     * computes them: the same sums in the same order as {@link #decode}, so the same values as one point
     * at a time. (One at a time, each decode's last layer adds its 64 terms in one chain, each addition
     * waiting for the one before, and each point took a logarithm of s: ExactElbo's 6001 points per
     * ELBO and the quadratures of log p(x), in notebook 05b, spent most of their time there.)
     */
    private void logJointsAt1D(double[] x, double[] zs, double[] out, Distribution prior) {
        int n = zs.length, d = dataDim;
        double[] f = new double[n * d];
        ElementWise.reluNetworkAt(zs, 0, n, decoderHidden.weight().value().data(), decoderHidden.bias().value().data(),
                decoderOut.weight().value().data(), decoderOut.bias().value().data(), hiddenDim, d, f);
        double logNormaliser = Normal.isotropicLogNormaliser(d, noiseStd);
        double[] z = new double[1];
        for (int p = 0; p < n; p++) {
            z[0] = zs[p];
            out[p] = prior.logDensity(z) + Normal.logDensityIsotropicGivenNormaliser(Normal.squaredDistance(x, f, p * d), noiseStd, logNormaliser);
        }
    }

    /**
     * {@code x W + b} for one input row, in double from the layer's float weights: {@code y_j = b_j + sum over i
     * increasing of x_i w_ij}. Four outputs at a time, their sums held in registers: with the sums in the array y,
     * each multiply-add waited for the store of the previous one, and the quadratures and fits of notebook 05b,
     * which decode millions of points, spent 85 % of their time here (same sums in the same order: the same bits).
     */
    private static double[] affine(double[] x, Dense layer) {
        float[] w = layer.weight().value().data(), bias = layer.bias().value().data();
        int in = layer.inputSize(), out = layer.outputSize();
        double[] y = new double[out];
        int j = 0;
        for (; j + 4 <= out; j += 4) {
            double s0 = bias[j], s1 = bias[j + 1], s2 = bias[j + 2], s3 = bias[j + 3];
            for (int i = 0, row = j; i < in; i++, row += out) {
                double xi = x[i];
                s0 += xi * w[row];
                s1 += xi * w[row + 1];
                s2 += xi * w[row + 2];
                s3 += xi * w[row + 3];
            }
            y[j] = s0;
            y[j + 1] = s1;
            y[j + 2] = s2;
            y[j + 3] = s3;
        }
        for (; j + 2 <= out; j += 2) {                // the decoder's last layer: two outputs
            double s0 = bias[j], s1 = bias[j + 1];
            for (int i = 0, row = j; i < in; i++, row += out) {
                double xi = x[i];
                s0 += xi * w[row];
                s1 += xi * w[row + 1];
            }
            y[j] = s0;
            y[j + 1] = s1;
        }
        for (; j < out; j++) {
            double s = bias[j];
            for (int i = 0; i < in; i++) s += x[i] * w[i * out + j];
            y[j] = s;
        }
        return y;
    }

    private static double[] relu(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = Math.max(0.0, v[i]);
        return out;
    }

    private static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        return p;
    }

    private Matrix rows(double[][] data, int[] order, int from, int to) {
        Matrix m = Matrix.zeros(to - from, dataDim);
        float[] d = m.data();
        for (int r = from; r < to; r++) {
            double[] row = data[order[r]];
            if (row.length != dataDim) throw new IllegalArgumentException("data row " + order[r] + ": expected " + dataDim + " values, got " + row.length);
            for (int j = 0; j < dataDim; j++) d[(r - from) * dataDim + j] = (float) row[j];
        }
        return m;
    }

    private Matrix standardNormal(int rows, Rng rng) {
        Matrix m = Matrix.zeros(rows, latentDim);
        rng.fillGaussian(m.data());
        return m;
    }

    @Override
    public String toString() {
        return "AmortisedGaussianVae(dataDim=" + dataDim + ", hiddenDim=" + hiddenDim + ", latentDim=" + latentDim
                + ", decoder noise std=" + noiseStd + ", parameters=" + parameterCount() + ")";
    }
}
