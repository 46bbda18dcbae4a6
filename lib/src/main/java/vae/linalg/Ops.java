package vae.linalg;

/**
 * Small element-wise kernels beside {@link MatMul}: bias add, column sums, axpy. Each says in its
 * name and javadoc what it modifies.
 */
public final class Ops {
    private Ops() {}

    /** {@code C[i][j] += b[j]} for every row i: adds the 1 x n row vector b to each row of C (modified). */
    public static void addBiasInPlace(Matrix c, Matrix bias) {
        if (!bias.hasShape(1, c.cols())) Matrix.requireShape(bias, 1, c.cols(), "bias for a " + c.shape() + " matrix");
        ElementWise.addToEachRow(c.data(), bias.data(), c.cols(), c.rows());
    }

    /**
     * {@code out[j] = sum_i A[i][j]}: the column sums of A into the 1 x n matrix out (modified),
     * summed over rows in increasing order. The bias gradient of a dense layer.
     */
    public static void sumRowsInto(Matrix a, Matrix out) {
        if (!out.hasShape(1, a.cols())) Matrix.requireShape(out, 1, a.cols(), "column sums of a " + a.shape() + " matrix");
        ElementWise.sumRows(a.data(), a.cols(), a.rows(), out.data());
    }

    /** {@code y = alpha * x + y}; y (modified) and x must have the same shape. */
    public static void axpyInPlace(float alpha, Matrix x, Matrix y) {
        Matrix.requireShape(x, y.rows(), y.cols(), "axpy: x must match y");
        float[] X = x.data(), Y = y.data();
        for (int i = 0; i < Y.length; i++) Y[i] += alpha * X[i];
    }
}
