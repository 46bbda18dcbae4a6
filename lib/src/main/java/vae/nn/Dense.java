package vae.nn;

import java.util.List;
import vae.linalg.MatMul;
import vae.linalg.Matrix;
import vae.linalg.Ops;
import vae.linalg.SparseRows;
import vae.prob.Rng;

/**
 * A fully connected layer {@code y = x W + b} on a batch: x is batch x in, W is in x out
 * (one row per input: fan_in rows), b is 1 x out, y is batch x out.
 *
 * <p>Initialised like PyTorch's {@code nn.Linear}: W and b drawn from
 * {@code U(-1/sqrt(fan_in), 1/sqrt(fan_in))} (kaiming-uniform with a = sqrt(5)).
 *
 * <p>Two ways to call it. The friendly one: {@link #forward(Matrix)} (new output; keeps a
 * reference to x), then {@link #backward(Matrix)} or {@link #backwardParameters(Matrix)}. The
 * one for hot loops (as in ejml, the caller owns the buffers; nothing is kept): {@link
 * #forward(Matrix, Matrix)} or its sparse overload, then {@link #backwardParameters(Matrix,
 * Matrix)} and {@link #backwardInput}. Backward overwrites the parameters' gradients (each
 * parameter is used once per forward pass), it does not accumulate. Not thread-safe.
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

    /**
     * A new in -> out layer started as Glorot and Bengio (2010) propose ("Glorot-uniform", the
     * start in Burda et al.'s code): W drawn row by row from {@code U(-r, r)}, {@code r =
     * sqrt(6 / (in + out))}, from {@code rng} (advanced), and b = 0.
     */
    public static Dense glorotUniform(String name, int in, int out, MatMul matmul, Rng rng) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException(name + ": sizes must be >= 1, got " + in + " -> " + out);
        }
        Matrix w = Matrix.zeros(in, out);
        fillUniform(w, Math.sqrt(6.0 / (in + out)), rng);
        return new Dense(name, w, Matrix.zeros(1, out), matmul);
    }

    /** A copy of this layer's values (not its gradients) that runs its products on {@code matmul}. */
    public Dense copyOn(MatMul matmul) {
        return new Dense(name, weight.value().copy(), bias.value().copy(), matmul);
    }

    private Dense(String name, Matrix w, Matrix b, MatMul matmul) {
        this.name = name;
        this.in = w.rows();
        this.out = w.cols();
        this.matmul = matmul;
        Matrix.requireShape(b, 1, out, name + " bias");
        this.weight = new Parameter(name + ".weight", w);
        this.bias = new Parameter(name + ".bias", b);
    }

    private static void fillUniform(Matrix m, double bound, Rng rng) {
        float[] d = m.data();
        for (int i = 0; i < d.length; i++) d[i] = (float) rng.nextDouble(-bound, bound);
    }

    /** {@code y = x W + b} into a new matrix; x (batch x in) is kept, not copied, for {@link #backward}. */
    public Matrix forward(Matrix x) {
        Matrix y = Matrix.zeros(x.rows(), out);
        forward(x, y);
        input = x;
        return y;
    }

    /** {@code y = x W + b} into y (batch x out, modified); x is neither modified nor kept. */
    public void forward(Matrix x, Matrix y) {
        Matrix.requireCols(x, in, name + " input");
        matmul.mul(x, weight.value(), y);       // y = x W
        Ops.addBiasInPlace(y, bias.value());    // y += b
    }

    /** The same with x given by its non-zeros (exact: a skipped term is {@code 0 * w}); y modified. */
    public void forward(SparseRows x, Matrix y) {
        if (x.cols() != in) throw new IllegalArgumentException(name + " input: expected " + in + " columns, got " + x.cols());
        matmul.mulSparse(x, weight.value(), y); // y = x W over x's non-zeros
        Ops.addBiasInPlace(y, bias.value());    // y += b
    }

    /**
     * Given {@code dy = dL/dy} (batch x out) for the input x of the last {@link #forward(Matrix)},
     * sets {@code dW = x^T dy}, {@code db = sum_rows dy} (the parameters' gradients, modified) and
     * returns {@code dx = dy W^T} (batch x in).
     */
    public Matrix backward(Matrix dy) {
        backwardParameters(dy);
        Matrix dx = Matrix.zeros(dy.rows(), in);
        backwardInput(dy, dx);
        return dx;
    }

    /** As {@link #backward} but skips {@code dx} (for a first layer, whose input needs no gradient). */
    public void backwardParameters(Matrix dy) {
        if (input == null) throw new IllegalStateException(name + ": backward called before forward");
        backwardParameters(input, dy);
    }

    /**
     * {@code dW = x^T dy} and {@code db = sum over the batch of dy}, for the given input x (batch x
     * in) and {@code dy = dL/dy} (batch x out): the parameters' gradients are overwritten.
     */
    public void backwardParameters(Matrix x, Matrix dy) {
        Matrix.requireShape(dy, x.rows(), out, name + " output gradient");
        matmul.mulTransA(x, dy, weight.grad()); // dW = x^T dy
        Ops.sumRowsInto(dy, bias.grad());       // db = sum over the batch of dy
    }

    /**
     * The same with x given as the non-zeros of its transpose (columns of x: {@link
     * SparseRows#setTransposeOf}): {@code dW = x^T dy} over x's non-zeros, {@code db} as above.
     */
    public void backwardParameters(SparseRows xTransposed, Matrix dy) {
        if (xTransposed.rows() != in) {
            throw new IllegalArgumentException(name + " input (transposed): expected " + in + " rows, got " + xTransposed.rows());
        }
        matmul.mulSparse(xTransposed, dy, weight.grad()); // dW = x^T dy
        Ops.sumRowsInto(dy, bias.grad());
    }

    /** {@code dx = dy W^T} into dx (batch x in, modified): the gradient with respect to the input. */
    public void backwardInput(Matrix dy, Matrix dx) {
        matmul.mulTransB(dy, weight.value(), dx);
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
