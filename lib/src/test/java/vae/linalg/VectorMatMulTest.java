package vae.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Vector API kernels against the plain loops, and the sparse product against the dense one.
 *
 * <p>Tolerance, Vector vs loops: both compute C[i][j] = sum_p a_p b_p in float, in different
 * orders and roundings (FMA rounds once; A B^T sums in lanes). Each is within
 * {@code k * u * sum_p |a_p b_p|} of the exact sum (u = 2^-24, first order), so they must agree
 * within twice that, {@code 2 k u sum_p |a_p b_p|}, which the test checks element by element.
 * Bit for bit: the Vector kernel with 1, 2 and 3 threads; the sparse product against the dense
 * one of the same kernel family (a skipped term is 0 * b = +-0, which changes no sum).
 * Shapes are chosen so every tail runs: m not a multiple of 4, n and k not multiples of 16.
 */
class VectorMatMulTest {
    private static final double U = Math.scalb(1.0, -24);

    /** Like MNIST: about 80 % exact zeros, the rest in (0, 1]. */
    private static Matrix sparse(int r, int c, Random rng) {
        Matrix m = Matrix.zeros(r, c);
        for (int i = 0; i < m.data().length; i++) {
            if (rng.nextDouble() < 0.2) m.data()[i] = (float) (1 - rng.nextDouble());
        }
        return m;
    }

    private static Matrix transpose(Matrix a) {
        Matrix t = Matrix.zeros(a.cols(), a.rows());
        for (int i = 0; i < a.rows(); i++) for (int j = 0; j < a.cols(); j++) t.set(j, i, a.get(i, j));
        return t;
    }

    /** Asserts |x - y| <= 2 k u sum_p |a_ip b_pj| for every element of C = A B (A m x k, B k x n, given plainly). */
    private static void assertWithinRounding(Matrix a, Matrix b, Matrix x, Matrix y, String what) {
        int m = a.rows(), k = a.cols(), n = b.cols();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double abs = 0;
                for (int p = 0; p < k; p++) abs += Math.abs((double) a.get(i, p) * b.get(p, j));
                double tol = 2 * k * U * abs;
                double diff = Math.abs((double) x.get(i, j) - y.get(i, j));
                if (!(diff <= tol)) {
                    throw new AssertionError(what + ": C[" + i + "][" + j + "] " + x.get(i, j) + " vs " + y.get(i, j)
                            + ", difference " + diff + " > tolerance " + tol);
                }
            }
        }
    }

    @Test
    void vectorMatchesLoopsWithinFloatRounding() {
        assertTrue(MatMuls.vectorAvailable(), "tests run with --add-modules jdk.incubator.vector (lib/pom.xml)");
        Random rng = new Random(11);
        // A B^T: dot products for m < 64 and k >= 64 ({7, 131, 45}, {5, 784, 400}), B transposed otherwise
        int[][] shapes = {{67, 131, 45}, {128, 784, 400}, {130, 400, 784}, {5, 20, 400}, {3, 7, 9}, {128, 20, 20},
                {7, 131, 45}, {5, 784, 400}};
        MatMul loops = MatMul.loops(Parallel.serial());
        MatMul vec = MatMuls.vector(Parallel.of(2));
        for (int[] s : shapes) {
            int m = s[0], k = s[1], n = s[2];
            Matrix a = TestMatrices.gaussian(m, k, rng), b = TestMatrices.gaussian(k, n, rng), bt = transpose(b), at = transpose(a);
            String shape = " for " + m + "x" + k + " times " + k + "x" + n;
            assertWithinRounding(a, b, loops.mul(a, b), vec.mul(a, b), "A B" + shape);
            assertWithinRounding(a, b, loops.mul(a, b), vec.mulTransB(a, bt), "A B^T" + shape);
            assertWithinRounding(a, b, loops.mul(a, b), vec.mulTransA(at, b), "A^T B" + shape);
        }
    }

    /**
     * The broadcast kernels (A B, A^T B, and A B^T through its transposed copies) compute each C[i][j]
     * as the fma chain over p = 0..k-1 from 0, whatever block covers it: checked bit for bit against
     * that chain written here, for every column count from one vector minus one to three vectors plus
     * one (strips of 3, then 2 vectors, and the overlapping tails: one vector, or two where between one
     * and two are left, as for the latent layer's n = 20) and row counts that leave every row block's
     * remainder (8, 4, 1).
     */
    @Test
    void broadcastKernelsAreTheFmaChainOfEveryElement() {
        Random rng = new Random(13);
        int lanes = VectorMatMul.lanes(), k = 37;
        MatMul vec = MatMuls.vector(Parallel.of(2));
        for (int n = lanes - 1; n <= 3 * lanes + 1; n++) {
            for (int m : new int[] {1, 3, 4, 7, 8, 13, 21, 70}) {
                Matrix a = TestMatrices.gaussian(m, k, rng), b = TestMatrices.gaussian(k, n, rng);
                float[] chain = new float[m * n];
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        float s = 0f;
                        for (int p = 0; p < k; p++) s = Math.fma(a.get(i, p), b.get(p, j), s);
                        chain[i * n + j] = s;
                    }
                }
                String shape = " for " + m + "x" + k + " times " + k + "x" + n + " (" + lanes + " lanes)";
                assertArrayEquals(chain, vec.mul(a, b).data(), "A B" + shape);
                assertArrayEquals(chain, vec.mulTransA(transpose(a), b).data(), "A^T B" + shape);
                if (m >= VectorMatMul.MIN_TRANSPOSE_ROWS) {
                    assertArrayEquals(chain, vec.mulTransB(a, transpose(b)).data(), "A B^T" + shape);
                }
            }
        }
    }

    @Test
    void vectorResultsDoNotDependOnTheThreadCount() {
        Random rng = new Random(12);
        Matrix a = TestMatrices.gaussian(131, 200, rng), b = TestMatrices.gaussian(200, 77, rng), bt = TestMatrices.gaussian(77, 200, rng), at = TestMatrices.gaussian(200, 131, rng);
        MatMul one = MatMuls.vector(Parallel.serial());
        Matrix few = TestMatrices.gaussian(40, 200, rng);                 // A B^T by dot products (fewer than 64 rows)
        for (int threads : new int[] {2, 3}) {
            assertArrayEquals(one.mulTransB(few, bt).data(), MatMuls.vector(Parallel.of(threads)).mulTransB(few, bt).data(),
                    "A B^T (dots), threads " + threads);
            MatMul mm = MatMuls.vector(Parallel.of(threads));
            assertArrayEquals(one.mul(a, b).data(), mm.mul(a, b).data(), "A B, threads " + threads);
            assertArrayEquals(one.mulTransB(a, bt).data(), mm.mulTransB(a, bt).data(), "A B^T, threads " + threads);
            assertArrayEquals(one.mulTransA(at, b).data(), mm.mulTransA(at, b).data(), "A^T B, threads " + threads);
        }
    }

    @Test
    void sparseProductEqualsDenseProductBitForBit() {
        Random rng = new Random(13);
        Matrix x = sparse(130, 784, rng);          // images
        Matrix w = TestMatrices.gaussian(784, 400, rng);           // first-layer weights
        Matrix dy = TestMatrices.gaussian(130, 400, rng);          // gradient at the first layer's output
        Matrix xt = transpose(x);
        for (int threads : new int[] {1, 2}) {
            Parallel par = Parallel.of(threads);
            for (MatMul mm : new MatMul[] {MatMul.loops(par), MatMuls.vector(par)}) {
                Matrix dense = mm.mul(x, w), viaRows = Matrix.zeros(130, 400);
                mm.mulSparse(new SparseRows().setRows(x), w, viaRows);
                assertArrayEquals(dense.data(), viaRows.data(), "x W, " + mm);
                Matrix denseGrad = mm.mulTransA(x, dy), viaColumns = Matrix.zeros(784, 400);
                mm.mulSparse(new SparseRows().setColumns(x), dy, viaColumns);
                assertArrayEquals(denseGrad.data(), viaColumns.data(), "x^T dy, " + mm);
                Matrix odd = TestMatrices.gaussian(784, 45, rng), out = Matrix.zeros(130, 45);   // n with a scalar tail
                mm.mulSparse(new SparseRows().setRows(x), odd, out);
                assertArrayEquals(mm.mul(x, odd).data(), out.data(), "x B (45 columns), " + mm);
            }
        }
        assertArrayEquals(xt.data(), new SparseRows().setColumns(x).toDense().data(), "setColumns stores x^T");
    }

    @Test
    void sparseRowsStoreOnlyNonZerosAndReuseBuffers() {
        Matrix a = Matrix.of(2, 3, 0, 1.5f, 0, -2, 0, 3);
        SparseRows s = new SparseRows().setRows(a);
        assertEquals(3, s.nonZeros());
        assertEquals(0.5, s.density(), 1e-12);
        assertArrayEquals(a.data(), s.toDense().data());
        SparseRows t = new SparseRows().setColumns(a);
        assertEquals(3, t.rows());
        assertEquals(2, t.cols());
        assertArrayEquals(new float[] {0, -2, 1.5f, 0, 0, 3}, t.toDense().data());
        s.setRows(Matrix.zeros(4, 5));   // smaller fill after a bigger one
        assertEquals(0, s.nonZeros());
        assertArrayEquals(new float[20], s.toDense().data());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MatMul.loops(Parallel.serial()).mulSparse(new SparseRows().setRows(a), Matrix.zeros(4, 2),
                        Matrix.zeros(2, 2)));
        assertEquals("C = S B: S is 2x3 (sparse), so B needs 3 rows, got 4x2", e.getMessage());
    }

    @Test
    void shapeErrorsNameTheShapes() {
        MatMul mm = MatMuls.vector(Parallel.serial());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> mm.mul(Matrix.zeros(2, 784), Matrix.zeros(783, 3)));
        assertEquals("C = A B: A is 2x784, so B needs 784 rows, got 783x3", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> mm.mulTransB(Matrix.zeros(2, 3), Matrix.zeros(4, 5)));
        assertThrows(IllegalArgumentException.class, () -> mm.mulTransA(Matrix.zeros(2, 3), Matrix.zeros(4, 5)));
    }

    @Test
    void propertyChoosesTheKernel() {
        String old = System.getProperty(MatMuls.PROPERTY);
        try {
            System.setProperty(MatMuls.PROPERTY, "loops");
            assertTrue(MatMuls.best(Parallel.serial()).toString().startsWith("MatMul.loops"));
            System.setProperty(MatMuls.PROPERTY, "vector");
            assertTrue(MatMuls.best(Parallel.serial()).toString().startsWith("MatMul.vector"));
            System.clearProperty(MatMuls.PROPERTY);
            assertTrue(MatMuls.best(Parallel.serial()).toString().startsWith("MatMul.vector"), "module present: vector");
            System.setProperty(MatMuls.PROPERTY, "fast");
            assertThrows(IllegalArgumentException.class, () -> MatMuls.best(Parallel.serial()));
        } finally {
            if (old == null) System.clearProperty(MatMuls.PROPERTY); else System.setProperty(MatMuls.PROPERTY, old);
        }
    }
}
