package vae.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import vae.linalg.Matrix;
import vae.prob.Rng;

/** {@link Tanh} against StrictMath's tanh in double, and its backward pass against finite differences. */
class TanhTest {

    @Test
    void forwardMatchesStrictMathWithinItsStatedError() {
        // 37 columns: two blocks of 16 and a tail of 5; values over the series' range, the formula's and saturation
        Rng rng = new Rng(7);
        Matrix x = Matrix.zeros(9, 37);
        float[] a = x.data();
        for (int i = 0; i < a.length; i++) a[i] = (float) (rng.nextGaussian() * (i % 3 == 0 ? 0.03 : i % 3 == 1 ? 1.5 : 12));
        a[0] = 0f;
        a[1] = -0f;
        a[2] = 0.0625f;
        a[3] = -0.0624999f;
        float[] in = a.clone();
        Tanh.forwardInPlace(x, 0, x.rows());
        for (int i = 0; i < a.length; i++) {
            double expected = StrictMath.tanh(in[i]);
            assertEquals(expected, a[i], 2e-6 * Math.abs(expected) + 1e-12, "tanh(" + in[i] + ")");
        }
        assertEquals(0f, a[0]);
    }

    @Test
    void sameBitsWhateverTheRowsAreSplit() {
        Rng rng = new Rng(8);
        Matrix x = Matrix.zeros(7, 200);
        rng.fillGaussian(x.data());
        Matrix whole = x.copy(), split = x.copy();
        Tanh.forwardInPlace(whole, 0, 7);
        Tanh.forwardInPlace(split, 0, 3);
        Tanh.forwardInPlace(split, 3, 7);
        assertArrayEquals(whole.data(), split.data());
    }

    @Test
    void nanStaysNan() {
        Matrix x = Matrix.of(1, 3, Float.NaN, 1f, -1f);
        Tanh.forwardInPlace(x, 0, 1);
        assertTrue(Float.isNaN(x.get(0, 0)));
    }

    @Test
    void backwardIsTheDerivativeByFiniteDifferences() {
        Rng rng = new Rng(9);
        Matrix x = Matrix.zeros(3, 21);
        rng.fillGaussian(x.data());
        Matrix dy = Matrix.zeros(3, 21);
        rng.fillGaussian(dy.data());
        Matrix y = x.copy();
        Tanh.forwardInPlace(y, 0, 3);
        Matrix dx = dy.copy();
        Tanh.backwardInPlace(dx, y, 0, 3);
        double h = 1e-4;
        for (int i = 0; i < x.data().length; i++) {
            double xi = x.data()[i];
            double slope = (StrictMath.tanh(xi + h) - StrictMath.tanh(xi - h)) / (2 * h); // central difference, double
            assertEquals(dy.data()[i] * slope, dx.data()[i], 1e-5, "d tanh at " + xi);
        }
    }
}
