package vae.train;

import vae.data.Binarisation;
import vae.data.Dataset;
import vae.data.Mnist;
import vae.model.VaeConfig;

/**
 * The MNIST experiment the notebooks share, in one of two sizes, so that a model saved by one
 * notebook is found by the next (same configuration, same training images):
 * <ul>
 *   <li>{@link #quick()}: the reference model (784-400-20, Adam 1e-3, batch 128) trained for 2
 *       epochs on all 60 000 training images, tested on the first 2 000 test images (a fifth of
 *       the full run's training);</li>
 *   <li>{@link #full()}: the reference configuration (lib/bench/REFERENCE.md): 10 epochs on
 *       all 60 000 training images, all 10 000 test images.</li>
 * </ul>
 * Both on binarised MNIST, so that log p(x) is the log-probability of a binary image: each
 * training batch drawn afresh ({@link Binarisation#BERNOULLI}), the test images drawn once with
 * the configuration's recorded {@code testBinarisationSeed} ({@link #test}).
 * {@link #named(String)} picks one by name, the notebooks' {@code preset} parameter, whose default
 * {@link #defaultPreset()} is "full" with VAE_FULL=1 in the environment, else "quick".
 *
 * @param mode        {@link Mode#QUICK} or {@link Mode#FULL} (its label is part of saved models' file names)
 * @param config      the model and training configuration
 * @param trainImages how many training images (the first ones)
 * @param testImages  how many test images (the first ones)
 */
public record Experiment(Mode mode, VaeConfig config, int trainImages, int testImages) {

    /** The two sizes of the experiment. */
    public enum Mode {
        QUICK, FULL;

        /** "quick" or "full", as printed and as written in saved models' file names. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        @Override
        public String toString() {
            return label();
        }
    }

    /** 2 epochs on all 60 000 training images; the first 2 000 test images. */
    public static Experiment quick() {
        return new Experiment(Mode.QUICK, VaeConfig.builder().binarisation(Binarisation.BERNOULLI).epochs(2).build(), 60_000, 2_000);
    }

    /** The reference: 10 epochs on all 60 000 training images; all 10 000 test images. */
    public static Experiment full() {
        return new Experiment(Mode.FULL, VaeConfig.builder().binarisation(Binarisation.BERNOULLI).build(), 60_000, 10_000);
    }

    /**
     * The preset named {@code preset}: "quick" ({@link #quick()}) or "full" ({@link #full()}), the
     * value of a notebook's {@code preset} parameter.
     */
    public static Experiment named(String preset) {
        for (Mode m : Mode.values()) {
            if (m.label().equals(preset)) return of(m == Mode.FULL);
        }
        throw new IllegalArgumentException("preset must be quick or full, got '" + preset + "'");
    }

    /**
     * The preset a notebook uses when none is given: "full" when the environment variable
     * VAE_FULL is 1 (how the series' full-length run is asked for), else "quick". A recorded run
     * ({@code ./lecture run NOTEBOOK --preset full}) sets VAE_FULL for its kernel accordingly.
     */
    public static String defaultPreset() {
        return ("1".equals(System.getenv("VAE_FULL")) ? Mode.FULL : Mode.QUICK).label();
    }

    /** {@link #full()} if {@code full}, else {@link #quick()}. */
    public static Experiment of(boolean full) {
        return full ? full() : quick();
    }

    /** True for the full-length experiment. */
    public boolean isFull() {
        return mode == Mode.FULL;
    }

    /** The first {@link #trainImages()} training images of {@code mnist}. */
    public Dataset train(Mnist mnist) {
        return mnist.train().head(trainImages);
    }

    /**
     * The first {@link #testImages()} test images of {@code mnist}; with BERNOULLI binarisation
     * drawn once from the configuration's {@code testBinarisationSeed} (the same bits every run).
     */
    public Dataset test(Mnist mnist) {
        Dataset first = mnist.test().head(testImages);
        return config.binarisation() == Binarisation.BERNOULLI ? first.binarised(config.testBinarisationSeed()) : first;
    }

    /** The same experiment with another configuration (e.g. a 2-D latent space or another beta). */
    public Experiment withConfig(VaeConfig other) {
        return new Experiment(mode, other, trainImages, testImages);
    }

    @Override
    public String toString() {
        return "Experiment{mode=" + mode + ", trainImages=" + trainImages + ", testImages=" + testImages + ", "
                + config + "}";
    }
}
