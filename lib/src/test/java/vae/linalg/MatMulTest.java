package vae.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The loop kernels against a naive triple loop. Tolerance: none (bit-for-bit). Both sum each
 * C[i][j] over the inner index in increasing order in float, and Java never contracts a*b+c into
 * an FMA, so the results must be identical; a future Vector-API kernel will need a tolerance.
 * Sizes are odd and large enough (> Parallel.MIN_PARALLEL_WORK) that 2 threads really split.
 */
class MatMulTest {
    /** C[i][j] = sum_p op(A)[i][p] op(B)[p][j], p increasing, in float. */
    private static Matrix naive(Matrix a, boolean transA, Matrix b, boolean transB) {
        int m = transA ? a.cols() : a.rows(), k = transA ? a.rows() : a.cols();
        int n = transB ? b.rows() : b.cols();
        Matrix c = Matrix.zeros(m, n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0f;
                for (int p = 0; p < k; p++) {
                    float av = transA ? a.get(p, i) : a.get(i, p);
                    float bv = transB ? b.get(j, p) : b.get(p, j);
                    s += av * bv;
                }
                c.set(i, j, s);
            }
        }
        return c;
    }

    @Test
    void kernelsEqualNaiveLoopsBitForBitWithOneAndTwoThreads() {
        Random rng = new Random(3);
        Matrix a = TestMatrices.gaussian(67, 131, rng), b = TestMatrices.gaussian(131, 45, rng), bt = TestMatrices.gaussian(45, 131, rng), at = TestMatrices.gaussian(131, 67, rng);
        assertTrue(67L * 131 * 45 > Parallel.MIN_PARALLEL_WORK, "sizes must be big enough to split");
        for (int threads : new int[] {1, 2, 3}) {
            MatMul mm = MatMul.loops(Parallel.of(threads));
            assertArrayEquals(naive(a, false, b, false).data(), mm.mul(a, b).data(), "A B, threads " + threads);
            assertArrayEquals(naive(a, false, bt, true).data(), mm.mulTransB(a, bt).data(), "A B^T, threads " + threads);
            assertArrayEquals(naive(at, true, b, false).data(), mm.mulTransA(at, b).data(), "A^T B, threads " + threads);
        }
    }

    @Test
    void outputIsOverwrittenNotAccumulated() {
        Random rng = new Random(4);
        Matrix a = TestMatrices.gaussian(5, 7, rng), b = TestMatrices.gaussian(7, 3, rng);
        Matrix c = TestMatrices.gaussian(5, 3, rng);
        MatMul.loops(Parallel.serial()).mul(a, b, c);
        assertArrayEquals(naive(a, false, b, false).data(), c.data());
    }

    @Test
    void shapeErrorsNameTheShapes() {
        MatMul mm = MatMul.loops(Parallel.serial());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> mm.mul(Matrix.zeros(2, 784), Matrix.zeros(783, 3)));
        assertEquals("C = A B: A is 2x784, so B needs 784 rows, got 783x3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> mm.mul(Matrix.zeros(2, 3), Matrix.zeros(3, 4), Matrix.zeros(2, 5)));
        assertTrue(e.getMessage().contains("expected 2x4, got 2x5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> mm.mulTransB(Matrix.zeros(2, 3), Matrix.zeros(4, 5)));
        assertThrows(IllegalArgumentException.class, () -> mm.mulTransA(Matrix.zeros(2, 3), Matrix.zeros(4, 5)));
        e = assertThrows(IllegalArgumentException.class, () -> Matrix.requireCols(Matrix.zeros(1, 783), 784, "images"));
        assertEquals("images: expected 784 columns, got 783", e.getMessage());
    }

    @Test
    void opsAddBiasSumRowsAxpy() {
        Matrix c = Matrix.of(2, 3, 1, 2, 3, 4, 5, 6);
        Ops.addBiasInPlace(c, Matrix.of(1, 3, 10, 20, 30));
        assertArrayEquals(new float[] {11, 22, 33, 14, 25, 36}, c.data());
        Matrix sums = Matrix.zeros(1, 3);
        Ops.sumRowsInto(c, sums);
        assertArrayEquals(new float[] {25, 47, 69}, sums.data());
        Matrix y = Matrix.of(1, 2, 1, 1);
        Ops.axpyInPlace(2f, Matrix.of(1, 2, 3, 4), y);
        assertArrayEquals(new float[] {7, 9}, y.data());
        assertThrows(IllegalArgumentException.class, () -> Ops.addBiasInPlace(c, Matrix.zeros(1, 2)));
    }
}
