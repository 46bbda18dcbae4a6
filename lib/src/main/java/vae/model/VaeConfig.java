package vae.model;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vae.data.Binarisation;
import vae.linalg.Parallel;

/**
 * The whole configuration of a VAE and of its training: sizes, activation, optimiser, the KL
 * weight beta, the seed, the epochs and the data protocol (how the images are binarised). A model
 * file records it ({@link ModelFile}), so a saved model says what it is. The defaults are the
 * PyTorch reference's (grey levels, kept for the speed benchmark; see lib/bench/REFERENCE.md) and
 * live in one place: the {@link Builder}'s field initialisers.
 *
 * <pre>
 *   VaeConfig c = VaeConfig.defaults();                             // the reference
 *   VaeConfig small = VaeConfig.builder().latentDim(2).epochs(5).build();
 *   VaeConfig other = c.toBuilder().beta(4.0).build();
 * </pre>
 *
 * @param inputDim             pixels per image (784 = 28 x 28)
 * @param hiddenDim            width of the encoder's and the decoder's hidden layer
 * @param latentDim            dimension of z
 * @param activation           the hidden layers' activation
 * @param batchSize            images per Adam step
 * @param learningRate         Adam's step size
 * @param adamBeta1            Adam's first-moment decay
 * @param adamBeta2            Adam's second-moment decay
 * @param adamEpsilon          Adam's denominator guard
 * @param beta                 weight of the KL term: loss = reconstruction + beta * KL (1 gives the ELBO)
 * @param seed                 seeds initialisation, shuffling, sampling and the training images'
 *                             binarisation: same seed, same numbers, bit for bit
 * @param epochs               passes over the training images
 * @param binarisation         the data protocol for training images: {@link Binarisation#BERNOULLI}
 *                             draws every training batch afresh (so every epoch sees new bits);
 *                             {@link Binarisation#NONE} keeps grey levels (then the Bernoulli
 *                             "likelihood" is not a normalised one)
 * @param testBinarisationSeed the seed of the test images' one fixed Bernoulli draw
 *                             ({@link vae.data.Dataset#binarised}), used with BERNOULLI
 * @param threads              threads for the dense products; results do not depend on it, so it
 *                             is not part of a model's identity ({@link #differencesFrom})
 */
public record VaeConfig(int inputDim, int hiddenDim, int latentDim, Activation activation, int batchSize,
                        double learningRate, double adamBeta1, double adamBeta2, double adamEpsilon, double beta,
                        long seed, int epochs, Binarisation binarisation, long testBinarisationSeed, int threads) {

    /** Every value checked; a bad one is named with what was expected. */
    public VaeConfig {
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
    }

    /**
     * The reference configuration: 784-400-20, ReLU, batch 128, Adam 1e-3, beta 1, seed 1, 10
     * epochs, grey levels (the speed benchmark's; the notebooks binarise, see vae.train.Experiment).
     */
    public static VaeConfig defaults() {
        return new Builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder().inputDim(inputDim).hiddenDim(hiddenDim).latentDim(latentDim).activation(activation)
                .batchSize(batchSize).learningRate(learningRate).adamBeta1(adamBeta1).adamBeta2(adamBeta2)
                .adamEpsilon(adamEpsilon).beta(beta).seed(seed).epochs(epochs).binarisation(binarisation)
                .testBinarisationSeed(testBinarisationSeed).threads(threads);
    }

    /** The fields that are not part of a model's identity: they change speed, not numbers. */
    public static final List<String> EXECUTION_ONLY = List.of("threads");

    /**
     * The fields (all but {@link #EXECUTION_ONLY}) where {@code found} differs from this
     * configuration, one entry each, {@code "beta: expected 1.0, found 4.0"}; empty when they agree.
     */
    public List<String> differencesFrom(VaeConfig found) {
        Map<String, String> mine = fields(), theirs = found.fields();
        List<String> out = new ArrayList<>();
        for (var e : mine.entrySet()) {
            if (EXECUTION_ONLY.contains(e.getKey())) continue;
            String other = theirs.get(e.getKey());
            if (!e.getValue().equals(other)) out.add(e.getKey() + ": expected " + e.getValue() + ", found " + other);
        }
        return out;
    }

    /** Every field by name, in declaration order, as text that {@link #parse} reads back exactly. */
    public Map<String, String> fields() {
        Map<String, String> out = new LinkedHashMap<>();
        for (RecordComponent c : VaeConfig.class.getRecordComponents()) {
            try {
                out.put(c.getName(), String.valueOf(c.getAccessor().invoke(this)));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read VaeConfig." + c.getName(), e);
            }
        }
        return out;
    }

    /**
     * The configuration whose {@link #fields()} are {@code fields} (every field present, no other);
     * a missing, unknown or unreadable field is an error that names it.
     */
    public static VaeConfig parse(Map<String, String> fields) {
        RecordComponent[] components = VaeConfig.class.getRecordComponents();
        List<String> known = Arrays.stream(components).map(RecordComponent::getName).toList();
        for (String name : fields.keySet()) {
            if (!known.contains(name)) throw new IllegalArgumentException("unknown VaeConfig field " + name + ", expected one of " + known);
        }
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            String name = components[i].getName(), text = fields.get(name);
            types[i] = components[i].getType();
            if (text == null) throw new IllegalArgumentException("VaeConfig field " + name + " is missing");
            try {
                values[i] = parseValue(types[i], text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("VaeConfig field " + name + ": cannot read " + types[i].getSimpleName()
                        + " from \"" + text + "\"", e);
            }
        }
        try {
            Constructor<VaeConfig> canonical = VaeConfig.class.getDeclaredConstructor(types);
            return canonical.newInstance(values);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException bad) throw bad;
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build a VaeConfig", e);
        }
    }

    private static Object parseValue(Class<?> type, String text) {
        if (type == int.class) return Integer.parseInt(text);
        if (type == long.class) return Long.parseLong(text);
        if (type == double.class) return Double.parseDouble(text);   // Double.toString round-trips exactly
        if (type == Activation.class) return Activation.valueOf(text);
        if (type == Binarisation.class) return Binarisation.valueOf(text);
        throw new IllegalStateException("no parser for " + type);
    }

    private static void positive(String name, int v) {
        if (v < 1) throw new IllegalArgumentException(name + " must be >= 1, got " + v);
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
        private long testBinarisationSeed = 2016;
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
        public Builder testBinarisationSeed(long v) { testBinarisationSeed = v; return this; }
        public Builder threads(int v) { threads = v; return this; }

        /** Checks every value and builds the configuration. */
        public VaeConfig build() {
            return new VaeConfig(inputDim, hiddenDim, latentDim, activation, batchSize, learningRate, adamBeta1,
                    adamBeta2, adamEpsilon, beta, seed, epochs, binarisation, testBinarisationSeed, threads);
        }
    }
}
