package vae.model;

import vae.prob.Rng;

/**
 * The independent random streams of one run, all derived from one seed in a fixed order:
 * {@code root = new Rng(seed)}, then {@code init, shuffle, noise, data, evaluation = root.split()}
 * in that order. Separate streams mean, for example, that evaluating the test set does not change
 * the training noise.
 *
 * @param init       initial weights ({@link Vae#Vae(VaeConfig)})
 * @param shuffle    the per-epoch order of the training images
 * @param noise      eps of the reparameterisation during training
 * @param data       Bernoulli binarisation draws
 * @param evaluation eps for the test loss
 */
public record Seeds(Rng init, Rng shuffle, Rng noise, Rng data, Rng evaluation) {

    /** The streams of a run seeded with {@code seed}. */
    public static Seeds of(long seed) {
        Rng root = new Rng(seed);
        Rng init = root.split();
        Rng shuffle = root.split();
        Rng noise = root.split();
        Rng data = root.split();
        Rng evaluation = root.split();
        return new Seeds(init, shuffle, noise, data, evaluation);
    }
}
