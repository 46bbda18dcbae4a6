package vae.nn;

import java.util.List;
import vae.linalg.MatMul;
import vae.linalg.Matrix;
import vae.linalg.Ops;
import vae.prob.Rng;

/**
 * A fully connected layer {@code y = x W + b} on a batch: x is batch x in, W is in x out
 * (one row per input: fan_in rows), b is 1 x out, y is batch x out.
 *
 * <p>Initialised like PyTorch's {@code nn.Linear}: W and b drawn from
 * {@code U(-1/sqrt(fan_in), 1/sqrt(fan_in))} (kaiming-uniform with a = sqrt(5)).
 *
 * <p>Call order: {@link #forward} (keeps a reference to x), then {@link #backward} or
 * {@link #backwardParameters} with the gradient of the loss wrt y. Backward overwrites
 * the parameters' gradients (each parameter is used once per forward pass), it does not
 * accumulate. Not thread-safe.
 */
public final class Dense implements Module {
    private final String name;
    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;
    private final MatMul matmul;
    private Matrix input; // x of the last forward pass, for backward

    /** A new in -> out layer drawing its initial weights from {@code rng} (W row by row, then b). */
    public Dense(String name, int in, int out, MatMul matmul, Rng rng) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException(name + ": sizes must be >= 1, got " + in + " -> " + out);
        }
        this.name = name;
        this.in = in;
        this.out = out;
        this.matmul = matmul;
        double bound = 1.0 / Math.sqrt(in);
        Matrix w = Matrix.zeros(in, out);
        Matrix b = Matrix.zeros(1, out);
        fillUniform(w, bound, rng);
        fillUniform(b, bound, rng);
        this.weight = new Parameter(name + ".weight", w);
        this.bias = new Parameter(name + ".bias", b);
    }

    private static void fillUniform(Matrix m, double bound, Rng rng) {
        float[] d = m.data();
        for (int i = 0; i < d.length; i++) d[i] = (float) rng.nextDouble(-bound, bound);
    }

    /** {@code y = x W + b}; x (batch x in) is kept, not copied, for the backward pass. */
    public Matrix forward(Matrix x) {
        Matrix.requireCols(x, in, name + " input");
        input = x;
        Matrix y = Matrix.zeros(x.rows(), out);
        matmul.mul(x, weight.value(), y);      // y = x W
        Ops.addBiasInPlace(y, bias.value());   // y += b
        return y;
    }

    /**
     * Given {@code dy = dL/dy} (batch x out), sets {@code dW = x^T dy}, {@code db = sum_rows dy}
     * (the parameters' gradients, modified) and returns {@code dx = dy W^T} (batch x in).
     */
    public Matrix backward(Matrix dy) {
        backwardParameters(dy);
        Matrix dx = Matrix.zeros(dy.rows(), in);
        matmul.mulTransB(dy, weight.value(), dx); // dx = dy W^T
        return dx;
    }

    /** As {@link #backward} but skips {@code dx} (for a first layer, whose input needs no gradient). */
    public void backwardParameters(Matrix dy) {
        if (input == null) throw new IllegalStateException(name + ": backward called before forward");
        Matrix.requireShape(dy, input.rows(), out, name + " output gradient");
        matmul.mulTransA(input, dy, weight.grad()); // dW = x^T dy
        Ops.sumRowsInto(dy, bias.grad());           // db = sum over the batch of dy
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    public int inputSize() {
        return in;
    }

    public int outputSize() {
        return out;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    @Override
    public String toString() {
        return "Dense(" + name + ": " + in + " -> " + out + ")";
    }
}
