package vae.linalg;

/**
 * The three dense products a dense layer needs, behind one small interface so a faster kernel
 * (e.g. the Vector API) can replace the plain loops without touching the layers.
 *
 * <ul>
 *   <li>{@link #mul}: {@code C = A B} (forward: {@code y = x W})</li>
 *   <li>{@link #mulTransB}: {@code C = A B^T} (input gradient: {@code dx = dy W^T})</li>
 *   <li>{@link #mulTransA}: {@code C = A^T B} (weight gradient: {@code dW = x^T dy})</li>
 * </ul>
 * Each overwrites C (the only argument modified) and checks every shape first.
 *
 * <p>Contract for implementations: every output element is computed by one thread, summing
 * over the inner index in increasing order, so results do not depend on the thread count.
 */
public interface MatMul {

    /** {@code C = A B}: A is m x k, B is k x n, C (modified) is m x n. */
    void mul(Matrix a, Matrix b, Matrix c);

    /** {@code C = A B^T}: A is m x k, B is n x k, C (modified) is m x n. */
    void mulTransB(Matrix a, Matrix b, Matrix c);

    /** {@code C = A^T B}: A is k x m, B is k x n, C (modified) is m x n. */
    void mulTransA(Matrix a, Matrix b, Matrix c);

    /**
     * {@code C = S B} with S given by its non-zeros ({@link SparseRows}, m x k), B dense k x n, C
     * (modified) m x n. Equal, bit for bit, to {@link #mul} of the dense S when B is finite (a
     * skipped term is {@code 0 * b}).
     */
    void mulSparse(SparseRows s, Matrix b, Matrix c);

    /**
     * The same kernel (Vector API or loops) on another pool: {@code Parallel.serial()} for small
     * products, where handing half the rows to another thread costs more than it saves. Results
     * are the same bit for bit (no kernel depends on the thread count).
     */
    MatMul on(Parallel parallel);

    /** Plain Java loops (i-k-j order), rows of C split over the threads of {@code parallel}. */
    static MatMul loops(Parallel parallel) {
        return new LoopMatMul(parallel);
    }

    /** {@code C = A B} into a new matrix. */
    default Matrix mul(Matrix a, Matrix b) {
        Matrix c = Matrix.zeros(a.rows(), b.cols());
        mul(a, b, c);
        return c;
    }

    /** {@code C = A B^T} into a new matrix. */
    default Matrix mulTransB(Matrix a, Matrix b) {
        Matrix c = Matrix.zeros(a.rows(), b.rows());
        mulTransB(a, b, c);
        return c;
    }

    /** {@code C = A^T B} into a new matrix. */
    default Matrix mulTransA(Matrix a, Matrix b) {
        Matrix c = Matrix.zeros(a.cols(), b.cols());
        mulTransA(a, b, c);
        return c;
    }
}
