package vae.model;

import vae.data.Binarisation;
import vae.linalg.Parallel;

/**
 * Every hyperparameter of the VAE and its training, with the defaults of the PyTorch reference
 * ({@code shared/REFERENCE.md}) in one place: the {@link Builder}'s field initialisers.
 *
 * <pre>
 *   VaeConfig c = VaeConfig.defaults();                             // the reference
 *   VaeConfig small = VaeConfig.builder().latentDim(2).epochs(5).build();
 *   VaeConfig other = c.toBuilder().beta(4.0).build();
 * </pre>
 * Immutable. {@link #toString()} prints every field, so a notebook shows its configuration.
 */
public final class VaeConfig {
    private final int inputDim;
    private final int hiddenDim;
    private final int latentDim;
    private final Activation activation;
    private final int batchSize;
    private final double learningRate;
    private final double adamBeta1;
    private final double adamBeta2;
    private final double adamEpsilon;
    private final double beta;
    private final long seed;
    private final int epochs;
    private final Binarisation binarisation;
    private final int threads;

    private VaeConfig(Builder b) {
        this.inputDim = b.inputDim;
        this.hiddenDim = b.hiddenDim;
        this.latentDim = b.latentDim;
        this.activation = b.activation;
        this.batchSize = b.batchSize;
        this.learningRate = b.learningRate;
        this.adamBeta1 = b.adamBeta1;
        this.adamBeta2 = b.adamBeta2;
        this.adamEpsilon = b.adamEpsilon;
        this.beta = b.beta;
        this.seed = b.seed;
        this.epochs = b.epochs;
        this.binarisation = b.binarisation;
        this.threads = b.threads;
    }

    /** The reference configuration: 784-400-20, ReLU, batch 128, Adam 1e-3, beta 1, seed 1, 10 epochs. */
    public static VaeConfig defaults() {
        return new Builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.inputDim = inputDim;
        b.hiddenDim = hiddenDim;
        b.latentDim = latentDim;
        b.activation = activation;
        b.batchSize = batchSize;
        b.learningRate = learningRate;
        b.adamBeta1 = adamBeta1;
        b.adamBeta2 = adamBeta2;
        b.adamEpsilon = adamEpsilon;
        b.beta = beta;
        b.seed = seed;
        b.epochs = epochs;
        b.binarisation = binarisation;
        b.threads = threads;
        return b;
    }

    /** Pixels per image (784 = 28 x 28). */
    public int inputDim() { return inputDim; }
    /** Width of the encoder's and the decoder's hidden layer. */
    public int hiddenDim() { return hiddenDim; }
    /** Dimension of z. */
    public int latentDim() { return latentDim; }
    public Activation activation() { return activation; }
    public int batchSize() { return batchSize; }
    public double learningRate() { return learningRate; }
    public double adamBeta1() { return adamBeta1; }
    public double adamBeta2() { return adamBeta2; }
    public double adamEpsilon() { return adamEpsilon; }
    /** Weight of the KL term: loss = reconstruction + beta * KL (1 gives the ELBO). */
    public double beta() { return beta; }
    /** Seeds initialisation, shuffling, sampling: same seed, same numbers, bit for bit. */
    public long seed() { return seed; }
    public int epochs() { return epochs; }
    public Binarisation binarisation() { return binarisation; }
    /** Threads for the dense products (results do not depend on it). */
    public int threads() { return threads; }

    @Override
    public String toString() {
        return "VaeConfig{inputDim=" + inputDim + ", hiddenDim=" + hiddenDim + ", latentDim=" + latentDim
                + ", activation=" + activation + ", batchSize=" + batchSize + ", learningRate=" + learningRate
                + ", adamBeta1=" + adamBeta1 + ", adamBeta2=" + adamBeta2 + ", adamEpsilon=" + adamEpsilon
                + ", beta=" + beta + ", seed=" + seed + ", epochs=" + epochs
                + ", binarisation=" + binarisation + ", threads=" + threads + "}";
    }

    /** Builds a {@link VaeConfig}; its field initialisers are the library's defaults. */
    public static final class Builder {
        private int inputDim = 784;
        private int hiddenDim = 400;
        private int latentDim = 20;
        private Activation activation = Activation.RELU;
        private int batchSize = 128;
        private double learningRate = 1e-3;
        private double adamBeta1 = 0.9;
        private double adamBeta2 = 0.999;
        private double adamEpsilon = 1e-8;
        private double beta = 1.0;
        private long seed = 1;
        private int epochs = 10;
        private Binarisation binarisation = Binarisation.NONE;
        private int threads = Parallel.defaultThreads();

        private Builder() {}

        public Builder inputDim(int v) { inputDim = v; return this; }
        public Builder hiddenDim(int v) { hiddenDim = v; return this; }
        public Builder latentDim(int v) { latentDim = v; return this; }
        public Builder activation(Activation v) { activation = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder learningRate(double v) { learningRate = v; return this; }
        public Builder adamBeta1(double v) { adamBeta1 = v; return this; }
        public Builder adamBeta2(double v) { adamBeta2 = v; return this; }
        public Builder adamEpsilon(double v) { adamEpsilon = v; return this; }
        public Builder beta(double v) { beta = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder epochs(int v) { epochs = v; return this; }
        public Builder binarisation(Binarisation v) { binarisation = v; return this; }
        public Builder threads(int v) { threads = v; return this; }

        /** Checks every value and builds the configuration. */
        public VaeConfig build() {
            positive("inputDim", inputDim);
            positive("hiddenDim", hiddenDim);
            positive("latentDim", latentDim);
            positive("batchSize", batchSize);
            positive("threads", threads);
            if (epochs < 0) throw new IllegalArgumentException("epochs must be >= 0, got " + epochs);
            if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
            if (!(adamBeta1 >= 0 && adamBeta1 < 1)) throw new IllegalArgumentException("adamBeta1 must be in [0, 1), got " + adamBeta1);
            if (!(adamBeta2 >= 0 && adamBeta2 < 1)) throw new IllegalArgumentException("adamBeta2 must be in [0, 1), got " + adamBeta2);
            if (!(adamEpsilon > 0)) throw new IllegalArgumentException("adamEpsilon must be > 0, got " + adamEpsilon);
            if (!(beta >= 0) || Double.isInfinite(beta)) throw new IllegalArgumentException("beta must be finite and >= 0, got " + beta);
            if (activation == null) throw new IllegalArgumentException("activation must not be null");
            if (binarisation == null) throw new IllegalArgumentException("binarisation must not be null");
            return new VaeConfig(this);
        }

        private static void positive(String name, int v) {
            if (v < 1) throw new IllegalArgumentException(name + " must be >= 1, got " + v);
        }
    }
}
