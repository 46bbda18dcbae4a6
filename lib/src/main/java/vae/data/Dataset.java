package vae.data;

import java.util.Arrays;
import vae.linalg.Matrix;
import vae.prob.Rng;

/**
 * Images (one per row, grey levels in [0, 1]) and their labels.
 *
 * @param images n x pixels
 * @param labels n labels (0-9 for MNIST)
 */
public record Dataset(Matrix images, int[] labels) {

    public Dataset {
        if (labels.length != images.rows()) {
            throw new IllegalArgumentException("expected " + images.rows() + " labels (one per image), got " + labels.length);
        }
    }

    /** Number of images. */
    public int size() {
        return images.rows();
    }

    /** Pixels per image. */
    public int pixels() {
        return images.cols();
    }

    /** The first n images and labels, copied. */
    public Dataset head(int n) {
        if (n < 0 || n > size()) throw new IllegalArgumentException("head(" + n + ") of a dataset of " + size() + " images");
        return new Dataset(images.rows(0, n), Arrays.copyOf(labels, n));
    }

    /**
     * The images binarised once, {@code x' ~ Bernoulli(x)} per pixel, drawn from {@code new Rng(seed)}
     * row by row (single-threaded, so the same bits on any machine and thread count), with the same
     * labels: a fixed binary test set, recorded by its seed. Image i's bits do not depend on how
     * many images follow it, so {@code head(n).binarised(s)} is {@code binarised(s).head(n)}.
     */
    public Dataset binarised(long seed) {
        return new Dataset(Binarisation.BERNOULLI.apply(images, new Rng(seed)), labels.clone());
    }

    @Override
    public String toString() {
        return "Dataset(" + size() + " images of " + pixels() + " pixels)";
    }
}
