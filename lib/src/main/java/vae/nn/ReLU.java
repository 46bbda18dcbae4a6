package vae.nn;

import vae.linalg.Matrix;

/**
 * The rectifier {@code y = max(0, x)}, element-wise; its derivative is 1 where x > 0 and 0
 * elsewhere (0 at x = 0, as in PyTorch). A NaN input stays NaN, so divergence is not hidden.
 * No parameters.
 *
 * <p>Call order: {@link #forward} (keeps a reference to y), then {@link #backward}. Not thread-safe.
 */
public final class ReLU {
    private Matrix output; // y of the last forward pass: y > 0 exactly where x > 0

    /** {@code y = max(0, x)} into a new matrix; x is not modified. */
    public Matrix forward(Matrix x) {
        Matrix y = Matrix.zeros(x.rows(), x.cols());
        float[] X = x.data(), Y = y.data();
        for (int i = 0; i < X.length; i++) Y[i] = Math.max(X[i], 0f); // NaN stays NaN
        output = y;
        return y;
    }

    /** {@code dx = dy * 1[x > 0]} into a new matrix; dy is not modified. */
    public Matrix backward(Matrix dy) {
        if (output == null) throw new IllegalStateException("ReLU: backward called before forward");
        Matrix.requireShape(dy, output.rows(), output.cols(), "ReLU output gradient");
        Matrix dx = Matrix.zeros(dy.rows(), dy.cols());
        float[] D = dy.data(), Y = output.data(), DX = dx.data();
        for (int i = 0; i < D.length; i++) DX[i] = Y[i] > 0f ? D[i] : 0f;
        return dx;
    }

    @Override
    public String toString() {
        return "ReLU";
    }
}
