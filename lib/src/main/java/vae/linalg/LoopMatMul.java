package vae.linalg;

/**
 * {@link MatMul} with plain loops. The innermost loop runs along a row of B and of C
 * (i-k-j order), which the JIT vectorises ({@code A B^T} first transposes B, as a dot-product
 * inner loop would be a serial float reduction the JIT cannot vectorise). Output rows are split over the threads of a
 * {@link Parallel}; each C[i][j] is summed over k in increasing order by one thread, so the
 * result is the same bit for bit for any thread count (and equals a naive triple loop, since
 * Java never fuses a*b+c into an FMA on its own).
 */
final class LoopMatMul implements MatMul {
    private final Parallel parallel;

    LoopMatMul(Parallel parallel) {
        this.parallel = parallel;
    }

    @Override
    public void mul(Matrix a, Matrix b, Matrix c) {
        int m = a.rows(), k = a.cols(), n = b.cols();
        ProductShapes.mul(a, b, c);
        // a(i, p) = A[i * k + p]
        parallel.forRange(m, (long) k * n, (from, to) -> rows(a.data(), k, 1, b.data(), c.data(), k, n, from, to));
    }

    @Override
    public void mulTransB(Matrix a, Matrix b, Matrix c) {
        ProductShapes.mulTransB(a, b, c);
        // Transpose B once (n x k -> k x n) so the product runs in i-k-j order with a vectorised
        // inner loop; each C[i][j] is still summed over p in increasing order.
        mul(a, transpose(b), c);
    }

    /** B^T as a new matrix. */
    static Matrix transpose(Matrix b) {
        int r = b.rows(), q = b.cols();
        Matrix t = Matrix.zeros(q, r);
        float[] B = b.data(), T = t.data();
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < q; j++) T[j * r + i] = B[i * q + j];
        }
        return t;
    }

    @Override
    public void mulTransA(Matrix a, Matrix b, Matrix c) {
        int k = a.rows(), m = a.cols(), n = b.cols();
        ProductShapes.mulTransA(a, b, c);
        // a(i, p) = A[p * m + i]
        parallel.forRange(m, (long) k * n, (from, to) -> rows(a.data(), 1, m, b.data(), c.data(), k, n, from, to));
    }

    /**
     * Rows [from, to) of {@code C = op(A) B}, with {@code op(A)(i, p) = A[i * rs + p * ps]} and B k x n:
     * {@code C[i][j] = sum over p = 0..k-1 of op(A)(i, p) B[p][j]}, summed in increasing p (i-k-j order).
     */
    private static void rows(float[] A, int rs, int ps, float[] B, float[] C, int k, int n, int from, int to) {
        for (int i = from; i < to; i++) {
            int ci = i * n;
            for (int j = 0; j < n; j++) C[ci + j] = 0f;
            for (int p = 0; p < k; p++) {
                float aip = A[i * rs + p * ps];
                int bp = p * n;
                for (int j = 0; j < n; j++) C[ci + j] += aip * B[bp + j];
            }
        }
    }

    @Override
    public void mulSparse(SparseRows s, Matrix b, Matrix c) {
        s.mulLoops(b, c, parallel);
    }

    @Override
    public MatMul on(Parallel other) {
        return new LoopMatMul(other);
    }

    @Override
    public String toString() {
        return "MatMul.loops(threads=" + parallel.threads() + ")";
    }
}
