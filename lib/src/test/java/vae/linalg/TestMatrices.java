package vae.linalg;

import java.util.Random;

/** Matrices for the product tests. */
final class TestMatrices {
    private TestMatrices() {}

    /** An r x c matrix of standard normal floats from {@code rng}. */
    static Matrix gaussian(int r, int c, Random rng) {
        Matrix m = Matrix.zeros(r, c);
        for (int i = 0; i < m.data().length; i++) m.data()[i] = (float) rng.nextGaussian();
        return m;
    }
}
