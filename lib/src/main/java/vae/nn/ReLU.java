package vae.nn;

import vae.linalg.ElementWise;
import vae.linalg.Matrix;

/**
 * The rectifier {@code y = max(0, x)}, element-wise; its derivative is 1 where x > 0 and 0
 * elsewhere (0 at x = 0, as in PyTorch). A NaN input stays NaN, so divergence is not hidden.
 * No parameters.
 *
 * <p>Call order: {@link #forward} (keeps a reference to y), then {@link #backward}; or, on buffers the
 * caller owns, {@link #forwardInPlace} and {@link #backwardInPlace}. Not thread-safe.
 */
public final class ReLU {
    private Matrix output; // y of the last forward pass: y > 0 exactly where x > 0

    /** {@code y = max(0, x)} into a new matrix; x is not modified. */
    public Matrix forward(Matrix x) {
        Matrix y = x.copy();
        forwardInPlace(y);
        output = y;
        return y;
    }

    /** {@code dx = dy * 1[x > 0]} into a new matrix; dy is not modified. */
    public Matrix backward(Matrix dy) {
        if (output == null) throw new IllegalStateException("ReLU: backward called before forward");
        Matrix dx = dy.copy();
        backwardInPlace(dx, output);
        return dx;
    }

    /** {@code y = max(0, y)}, element-wise; y modified. NaN stays NaN. */
    public static void forwardInPlace(Matrix y) {
        forwardInPlace(y, 0, y.rows());
    }

    /** {@code y = max(0, y)} over the rows [from, to) of y (modified). NaN stays NaN. */
    public static void forwardInPlace(Matrix y, int from, int to) {
        float[] Y = y.data();
        int cols = y.cols();
        for (int i = from * cols; i < to * cols; i++) Y[i] = Math.max(Y[i], 0f); // NaN stays NaN
    }

    /** {@code dy = dy * 1[y > 0]} given the rectifier's output y (y > 0 exactly where x > 0); dy modified. */
    public static void backwardInPlace(Matrix dy, Matrix y) {
        backwardInPlace(dy, y, 0, y.rows());
    }

    /** {@code dy = dy * 1[y > 0]} over the rows [from, to); dy modified. */
    public static void backwardInPlace(Matrix dy, Matrix y, int from, int to) {
        Matrix.requireShape(dy, y.rows(), y.cols(), "ReLU output gradient");
        ElementWise.keepWherePositive(dy.data(), y.data(), from * y.cols(), to * y.cols());   // dy * 1[y > 0]
    }

    @Override
    public String toString() {
        return "ReLU";
    }
}
