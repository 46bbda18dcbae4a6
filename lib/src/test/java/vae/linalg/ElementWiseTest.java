package vae.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import vae.nn.ReLU;
import vae.prob.BernoulliLogits;
import vae.prob.Rng;

/**
 * The fused kernels against {@link BernoulliLogits} (double, one term at a time).
 * Tolerances: the Vector API's float loss terms are within about 1e-7 relative each, so the
 * loss of a batch agrees within 1e-6 relative; gradients (sigmoid(l) - x in [-1, 1]) within 1e-6
 * absolute. The double log-likelihood agrees within 1e-12 relative (a few ulps per term, other
 * summation order). Logits cover the extremes (|l| up to 200) where naive formulas overflow.
 */
class ElementWiseTest {
    private static float[] logits(int n, Random rng) {
        float[] l = new float[n];
        for (int i = 0; i < n; i++) l[i] = (float) (i % 97 == 0 ? 200 * (rng.nextDouble() - 0.5) : 6 * rng.nextGaussian());
        return l;
    }

    private static float[] pixels(int n, Random rng) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = rng.nextDouble() < 0.8 ? 0f : (float) rng.nextDouble();
        return x;
    }

    @Test
    void lossAndGradientMatchBernoulliLogits() {
        Random rng = new Random(21);
        int rows = 7, cols = 789;                        // 789: a tail after the vectors
        float[] x = pixels(rows * cols, rng), l = logits(rows * cols, rng), g = new float[rows * cols];
        double loss = ElementWise.bernoulliLossAndGradient(x, l, g, rows, cols);
        double expected = 0;
        for (int i = 0; i < x.length; i++) {
            expected -= BernoulliLogits.logProb((double) x[i], (double) l[i]);
            assertEquals(BernoulliLogits.gradNegLogProb((double) x[i], (double) l[i]), g[i], 1e-6, "gradient " + i);
        }
        assertEquals(expected, loss, 1e-6 * Math.abs(expected));
    }

    @Test
    void logLikelihoodMatchesBernoulliLogitsInDouble() {
        Random rng = new Random(22);
        int n = 3 * 784 + 5;
        float[] x = pixels(n, rng), l = logits(n, rng);
        // lengths: whole vectors, an odd number of 8 (24, 40: at 16 float lanes the last 8 widened one by one), 8 to 15,
        // short, and over the 1024 terms of a chunk (2100: two chunks, then 48 and a scalar tail of 4)
        for (int[] range : new int[][] {{0, 0, 784}, {784, 3, 784}, {5, 1, 781}, {0, 0, 0}, {0, 0, 24}, {3, 2, 40}, {1, 0, 8}, {2, 5, 15},
                {0, 0, 5}, {3, 7, 2100}}) {
            double expected = 0;
            for (int j = 0; j < range[2]; j++) expected += BernoulliLogits.logProb((double) x[range[0] + j], (double) l[range[1] + j]);
            double actual = ElementWise.sumBernoulliLogProb(x, range[0], l, range[1], range[2]);
            assertEquals(expected, actual, 1e-12 * Math.abs(expected));
        }
        assertThrows(IndexOutOfBoundsException.class, () -> ElementWise.sumBernoulliLogProb(x, n - 3, l, 0, 4));
    }

    @Test
    void biasReluAndBackward() {
        Matrix y = Matrix.of(2, 3, -1, 0.5f, 2, -3, Float.NaN, 1);
        Ops.addBiasInPlace(y, Matrix.of(1, 3, 0.5f, -1, 1));
        ReLU.forwardInPlace(y);
        assertArrayEquals(new float[] {0, 0, 3, 0, Float.NaN, 2}, y.data());
        Matrix dy = Matrix.of(2, 3, 1, 2, 3, 4, 5, 6);
        ReLU.backwardInPlace(dy, Matrix.of(2, 3, 0, 1, 2, 0, -1, 3));
        assertArrayEquals(new float[] {0, 2, 3, 0, 0, 6}, dy.data());
        Matrix sums = Matrix.zeros(1, 3);
        Ops.sumRowsInto(Matrix.of(2, 3, 1, 2, 3, 4, 5, 6), sums);
        assertArrayEquals(new float[] {5, 7, 9}, sums.data());
    }

    /**
     * The rectifier's mask on lengths that leave no, a short and a long scalar tail past the vectors
     * (and shorter than one vector): bit for bit the definition {@code y > 0 ? dy : 0}, with
     * NaN, -0 and +0 among y and -0 among dy.
     */
    @Test
    void keepWherePositiveIsTheMaskBitForBit() {
        Random rng = new Random(3);
        for (int len : new int[] {0, 5, 16, 47, 51200}) {
            float[] y = new float[len], dy = new float[len];
            for (int i = 0; i < len; i++) {
                y[i] = switch (i % 11) {
                    case 3 -> Float.NaN;
                    case 5 -> -0f;
                    case 7 -> 0f;
                    default -> (float) rng.nextGaussian();
                };
                dy[i] = i % 13 == 4 ? -0f : (float) rng.nextGaussian();
            }
            int from = len / 3;   // a range that starts inside the arrays, off any vector boundary but for len < 3
            float[] expected = dy.clone();
            for (int i = from; i < len; i++) expected[i] = y[i] > 0f ? dy[i] : 0f;
            ElementWise.keepWherePositive(dy, y, from, len);
            for (int i = 0; i < len; i++) {
                assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(dy[i]), "element " + i + " of " + len);
            }
        }
        assertThrows(IndexOutOfBoundsException.class, () -> ElementWise.keepWherePositive(new float[3], new float[2], 0, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> ElementWise.keepWherePositive(new float[3], new float[3], 2, 1));
    }
    @Test
    void biasAddAndColumnSumsGiveTheScalarLoopsBits() {
        Random rng = new Random(22);
        for (int[] shape : new int[][] {{128, 784}, {128, 400}, {7, 37}, {3, 5}, {0, 20}, {1, 16}}) {
            int rows = shape[0], cols = shape[1];
            float[] a = new float[rows * cols], b = new float[cols];
            for (int i = 0; i < a.length; i++) a[i] = i % 11 == 0 ? -0f : (float) (rng.nextGaussian() * Math.pow(10, rng.nextInt(9) - 4));
            for (int j = 0; j < cols; j++) b[j] = (float) rng.nextGaussian();
            float[] sums = new float[cols], expectedSums = new float[cols];
            for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) expectedSums[j] += a[i * cols + j];   // from +0, rows in order
            ElementWise.sumRows(a, cols, rows, sums);
            assertArrayEquals(expectedSums, sums, 0f, rows + " x " + cols + ": column sums");
            for (int j = 0; j < cols; j++) assertEquals(Float.floatToRawIntBits(expectedSums[j]), Float.floatToRawIntBits(sums[j]), "column " + j);
            float[] c = a.clone(), expected = a.clone();
            for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) expected[i * cols + j] += b[j];
            ElementWise.addToEachRow(c, b, cols, rows);
            for (int q = 0; q < c.length; q++) assertEquals(Float.floatToRawIntBits(expected[q]), Float.floatToRawIntBits(c[q]), rows + " x " + cols + ": element " + q);
        }
        assertThrows(IndexOutOfBoundsException.class, () -> ElementWise.sumRows(new float[10], 5, 3, new float[5]));
        assertThrows(IndexOutOfBoundsException.class, () -> ElementWise.addToEachRow(new float[15], new float[4], 5, 3));
    }

    @Test
    void bernoulliDrawsAreTheLoopOverNextDoubleBitForBit() {
        // p: MNIST-like (most 0, the rest spread over (0, 1)) plus the edges 1, a tiny p, NaN, below 0, just below 1 and above 1
        Random random = new Random(5);
        // n: under one vector (0-9, 15-17), 24, 25, 40 (at 16 float lanes, the last 8 probabilities widened one by one),
        // around a chunk of 1024, 1030 and 1041 (a chunk, then 6 left to the scalar loop at 8 double lanes, or 17), two
        // chunks and a bit, and a batch of 128 images (98 chunks). DrawsAtEveryWidthTest runs this at each vector width.
        for (int n : new int[] {0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 24, 25, 40, 1023, 1024, 1025, 1030, 1041, 2050, 128 * 784}) {
            float[] p = new float[n + 3];
            for (int i = 0; i < p.length; i++) {
                double r = random.nextDouble();
                p[i] = r < 0.6 ? 0f : r < 0.85 ? (float) random.nextDouble() : r < 0.9 ? 1f : r < 0.93 ? 1e-30f
                        : r < 0.95 ? Float.NaN : r < 0.97 ? -0.5f : r < 0.99 ? Math.nextDown(1f) : 2f;
            }
            for (long seed : new long[] {1, 42, -7}) {
                Rng loop = new Rng(seed), bulk = new Rng(seed);
                float[] expected = new float[n + 5], found = new float[n + 5];
                for (int i = 0; i < n; i++) expected[2 + i] = loop.nextDouble() < p[3 + i] ? 1f : 0f;
                ElementWise.bernoulliDraws(bulk.takeUniforms(n), p, 3, found, 2);
                assertArrayEquals(expected, found, "n = " + n + ", seed " + seed);
                assertEquals(loop.nextLong(), bulk.nextLong(), "the stream after the draws");
            }
        }
        assertThrows(IndexOutOfBoundsException.class, () -> ElementWise.bernoulliDraws(new Rng(1).takeUniforms(4), new float[3], 0, new float[4], 0));
    }

    @Test
    void strictExpIsStrictMathBitForBit() {
        // fdlibm's branches and their edges (|x| about ln 2 / 2, its k = +-1 bound 1.0397205, 1.5 ln 2, 2^-28, 700,
        // the overflow and underflow limits), specials, and random floats over every magnitude and sign, times the
        // scales the step uses (1/2: sigma; 1: exp(logvar)) and others
        float[] edges = {0f, -0f, 0.34657356f, -0.34657356f, 1.0397204f, -1.0397204f, 1.0397205f, -1.0397205f, 0.34657359f,
                -0.34657359f, 0.3465736f, -0.3465736f, 0.34657362f, 1.0397207f, -1.0397207f,
                1.0397208f, -1.0397208f, 1.039721f, 0x1p-28f, -0x1p-28f, 0x1.fffffep-29f, 0x1.000002p-28f, 700f, -700f, 700.0001f,
                -700.0001f, 708.5f, -708.5f, 709.78f, 709.79f, -745.1f, -745.2f, 1400f, -1416f, Float.MIN_VALUE, -Float.MIN_VALUE,
                Float.MAX_VALUE, -Float.MAX_VALUE, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1f, -1f, 88.7f, -87.3f};
        assertTrue(MatMuls.vectorAvailable(), "the tests run with the vector module: this test is about the vector path");
        Random rng = new Random(23);
        int n = 200_003;                                                   // not a whole number of vectors: a scalar tail
        float[] a = new float[n + 5];
        for (int i = 0; i < a.length; i++) {
            double r = rng.nextDouble(), magnitude;
            if (r < 0.1) magnitude = edges[rng.nextInt(edges.length)];
            else if (r < 0.5) magnitude = Math.scalb(rng.nextDouble(), rng.nextInt(40) - 30);   // 2^-30 .. 2^10
            else if (r < 0.9) magnitude = 8 * rng.nextGaussian();                               // log-variances and their halves
            else magnitude = Float.intBitsToFloat(rng.nextInt());                              // any float at all
            a[i] = (float) magnitude * (rng.nextBoolean() ? 1 : -1);
        }
        System.arraycopy(edges, 0, a, 0, edges.length);
        for (double scale : new double[] {0.5, 1.0, -1.0, 0.25, 3.0}) {
            for (int from : new int[] {0, 5}) {
                double[] out = new double[n];
                ElementWise.strictExp(a, from, scale, out, n);
                for (int i = 0; i < n; i++) {
                    double x = scale * a[from + i], expected = StrictMath.exp(x);
                    if (Double.doubleToRawLongBits(expected) != Double.doubleToRawLongBits(out[i])) {
                        throw new AssertionError("exp(" + x + ") (scale " + scale + ", element " + i + "): StrictMath " + expected
                                + " (bits " + Long.toHexString(Double.doubleToRawLongBits(expected)) + "), found " + out[i]
                                + " (bits " + Long.toHexString(Double.doubleToRawLongBits(out[i])) + ")");
                    }
                }
            }
        }
        double[] few = new double[3];
        ElementWise.strictExp(new float[] {1f, 2f, 3f, 4f}, 1, 1.0, few, 3);
        assertEquals(StrictMath.exp(4.0), few[2], 0.0);
        assertThrows(IndexOutOfBoundsException.class, () -> ElementWise.strictExp(new float[4], 2, 1.0, new double[3], 3));
        assertThrows(IndexOutOfBoundsException.class, () -> ElementWise.strictExp(new float[4], 0, 1.0, new double[2], 3));
    }
}
