package vae.linalg;

/**
 * The shape checks of the three products, shared by every {@link MatMul} implementation so
 * that each kernel says the same thing about the same mistake. A message is built only when a
 * shape is wrong: these checks run on every product, a dozen times a training step, and building
 * the strings every time allocated some 30 MB a second of training.
 */
final class ProductShapes {
    private ProductShapes() {}

    /** C = A B: A is m x k, B must be k x n, C must be m x n. */
    static void mul(Matrix a, Matrix b, Matrix c) {
        int k = a.cols();
        if (b.rows() != k) {
            throw new IllegalArgumentException("C = A B: A is " + a.shape() + ", so B needs " + k
                    + " rows, got " + b.shape());
        }
        if (!c.hasShape(a.rows(), b.cols())) Matrix.requireShape(c, a.rows(), b.cols(), "C = A B with A " + a.shape() + ", B " + b.shape() + ": C");
    }

    /** C = A B^T: A is m x k, B must be n x k, C must be m x n. */
    static void mulTransB(Matrix a, Matrix b, Matrix c) {
        int k = a.cols();
        if (b.cols() != k) {
            throw new IllegalArgumentException("C = A B^T: A is " + a.shape() + ", so B needs " + k
                    + " columns, got " + b.shape());
        }
        if (!c.hasShape(a.rows(), b.rows())) Matrix.requireShape(c, a.rows(), b.rows(), "C = A B^T with A " + a.shape() + ", B " + b.shape() + ": C");
    }

    /** C = A^T B: A is k x m, B must be k x n, C must be m x n. */
    static void mulTransA(Matrix a, Matrix b, Matrix c) {
        int k = a.rows();
        if (b.rows() != k) {
            throw new IllegalArgumentException("C = A^T B: A is " + a.shape() + ", so B needs " + k
                    + " rows, got " + b.shape());
        }
        if (!c.hasShape(a.cols(), b.cols())) Matrix.requireShape(c, a.cols(), b.cols(), "C = A^T B with A " + a.shape() + ", B " + b.shape() + ": C");
    }
}
