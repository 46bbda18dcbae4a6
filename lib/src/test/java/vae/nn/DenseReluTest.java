package vae.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import vae.linalg.MatMul;
import vae.linalg.Matrix;
import vae.linalg.Parallel;
import vae.prob.Rng;
import vae.reference.GradCheck;
import vae.reference.Reference64;
import vae.reference.Reference64.Dense64;

/**
 * Dense and ReLU: (1) finite differences in double on the double reference, every entry of W, b
 * and x: error below 1e-6 (h = 1e-5; for the quadratic test objective the central difference
 * is exact up to rounding, about 1e-16 * |L| / h ~ 1e-10); (2) the float layers against the
 * reference with the same weights: within 1e-5 relative to the largest entry (float rounding,
 * 6e-8 per operation over sums of 9 terms, stays below 1e-6; a wrong formula is off by O(1)).
 */
class DenseReluTest {
    private static final int N = 4, IN = 9, OUT = 5;
    private static final double H = 1e-5;
    private static final double FD_TOL = 1e-6;

    private static double[] gaussians(int n, Rng rng) {
        return rng.gaussians(n);
    }

    /** L = sum_ij (G_ij y_ij + y_ij^2 / 2), so dL/dy = G + y. */
    private static double objective(double[] y, double[] g) {
        double s = 0;
        for (int i = 0; i < y.length; i++) s += g[i] * y[i] + 0.5 * y[i] * y[i];
        return s;
    }

    @Test
    void denseGradientMatchesFiniteDifferencesInDouble() {
        Rng rng = new Rng(11);
        Dense64 d = new Dense64(IN, OUT, gaussians(IN * OUT, rng), gaussians(OUT, rng));
        double[] x = gaussians(N * IN, rng), g = gaussians(N * OUT, rng);
        double[] y = d.forward(x, N);
        double[] dy = new double[y.length];
        for (int i = 0; i < y.length; i++) dy[i] = g[i] + y[i];
        double[] dx = d.backward(dy);
        double[] dw = d.dw.clone(), db = d.db.clone();
        double worst = 0;
        for (double[][] pair : new double[][][] {{d.w, dw}, {d.b, db}, {x, dx}}) {
            for (int i = 0; i < pair[0].length; i++) {
                double num = GradCheck.centralDifference(pair[0], i, H, () -> objective(d.forward(x, N), g));
                worst = Math.max(worst, GradCheck.error(pair[1][i], num, 1e-3));
            }
        }
        assertTrue(worst < FD_TOL, "worst error " + worst);
    }

    @Test
    void reluGradientMatchesFiniteDifferencesInDouble() {
        Rng rng = new Rng(12);
        double[] x = gaussians(50, rng), g = gaussians(50, rng);
        for (double v : x) assertTrue(Math.abs(v) > 10 * H, "input " + v + " too close to the kink for h = " + H);
        double[] dx = Reference64.reluBackward(x, g);
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            double num = GradCheck.centralDifference(x, i, H, () -> {
                double[] y = Reference64.relu(x);
                double s = 0;
                for (int j = 0; j < y.length; j++) s += g[j] * y[j];
                return s;
            });
            worst = Math.max(worst, GradCheck.error(dx[i], num, 1e-3));
        }
        assertTrue(worst < FD_TOL, "worst error " + worst);
    }

    @Test
    void floatDenseMatchesDoubleReference() {
        Rng rng = new Rng(13);
        Dense dense = new Dense("layer", IN, OUT, MatMul.loops(Parallel.serial()), rng);
        Dense64 ref = Dense64.of(dense);
        Matrix x = Matrix.zeros(N, IN), dy = Matrix.zeros(N, OUT);
        rng.fillGaussian(x.data());
        rng.fillGaussian(dy.data());
        Matrix y = dense.forward(x);
        Matrix dx = dense.backward(dy);
        double[] y64 = ref.forward(Reference64.toDouble(x), N);
        double[] dx64 = ref.backward(Reference64.toDouble(dy));
        assertClose(y64, Reference64.toDouble(y), "y");
        assertClose(dx64, Reference64.toDouble(dx), "dx");
        assertClose(ref.dw, Reference64.grad(dense.weight()), "dW");
        assertClose(ref.db, Reference64.grad(dense.bias()), "db");
    }

    @Test
    void denseInitIsPytorchUniform() {
        Dense dense = new Dense("layer", 400, 300, MatMul.loops(Parallel.serial()), new Rng(1));
        float bound = (float) (1 / Math.sqrt(400));
        float max = 0;
        double sumSq = 0;
        for (float v : dense.weight().value().data()) {
            max = Math.max(max, Math.abs(v));
            sumSq += v * v;
        }
        assertTrue(max <= bound, "max |w| " + max + " above 1/sqrt(fan_in) " + bound);
        // U(-a, a) has variance a^2/3; 120000 draws: relative standard error of the variance ~ 0.3 %, allow 3 %.
        double var = sumSq / (400 * 300);
        assertEquals(bound * bound / 3.0, var, 0.03 * bound * bound / 3.0);
        for (float v : dense.bias().value().data()) assertTrue(Math.abs(v) <= bound);
    }

    @Test
    void floatReluIsExactAndKeepsNaN() {
        ReLU relu = new ReLU();
        Matrix y = relu.forward(Matrix.of(1, 4, -1f, 0f, 2f, Float.NaN));
        assertArrayEquals(new float[] {0f, 0f, 2f, Float.NaN}, y.data());
        Matrix dx = relu.backward(Matrix.of(1, 4, 5f, 6f, 7f, 8f));
        assertArrayEquals(new float[] {0f, 0f, 7f, 0f}, dx.data());
    }

    @Test
    void denseChecksShapes() {
        Dense dense = new Dense("encoderHidden", 784, 4, MatMul.loops(Parallel.serial()), new Rng(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> dense.forward(Matrix.zeros(2, 783)));
        assertEquals("encoderHidden input: expected 784 columns, got 783", e.getMessage());
        assertThrows(IllegalStateException.class, () -> dense.backward(Matrix.zeros(2, 4)));
    }

    static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        double scale = 0;
        for (double v : expected) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5 * scale, what + "[" + i + "]");
        }
    }
}
