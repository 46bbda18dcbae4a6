package vae.nn;

import vae.linalg.ElementWise;
import vae.linalg.Matrix;

/**
 * The hyperbolic tangent {@code y = tanh(x)}, element-wise, and its derivative
 * {@code dy/dx = 1 - tanh(x)^2 = 1 - y^2}, so the backward pass needs only the output y.
 * tanh is {@link ElementWise#tanhRows}: on the Vector API a float formula with relative error
 * about 1e-6, the same bits at any vector width and thread count. No parameters. NaN stays NaN.
 */
public final class Tanh {
    private Tanh() {}

    /** {@code y = tanh(y)} over the rows [from, to) of y (modified). */
    public static void forwardInPlace(Matrix y, int from, int to) {
        ElementWise.tanhRows(y.data(), y.cols(), from, to);
    }

    /** {@code dy = dy * (1 - y^2)} over the rows [from, to), given tanh's output y; dy modified. */
    public static void backwardInPlace(Matrix dy, Matrix y, int from, int to) {
        Matrix.requireShape(dy, y.rows(), y.cols(), "tanh output gradient");
        float[] D = dy.data(), Y = y.data();
        int cols = y.cols();
        for (int i = from * cols; i < to * cols; i++) D[i] = D[i] * (1f - Y[i] * Y[i]);
    }
}
