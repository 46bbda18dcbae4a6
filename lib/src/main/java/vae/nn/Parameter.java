package vae.nn;

import vae.linalg.Matrix;

/**
 * A trainable tensor: its value and the gradient of the loss with respect to it, same shape.
 * Layers write {@link #grad()} in their backward pass; an optimiser reads it and updates
 * {@link #value()} in place.
 */
public final class Parameter {
    private final String name;
    private final Matrix value;
    private final Matrix grad;

    /** A parameter named {@code name} holding {@code value} (not copied) and a zero gradient. */
    public Parameter(String name, Matrix value) {
        this.name = name;
        this.value = value;
        this.grad = Matrix.zeros(value.rows(), value.cols());
    }

    public String name() {
        return name;
    }

    /** The value (not a copy: optimisers modify it in place). */
    public Matrix value() {
        return value;
    }

    /** The gradient of the loss with respect to the value (not a copy). */
    public Matrix grad() {
        return grad;
    }

    /** Number of scalar entries. */
    public int size() {
        return value.rows() * value.cols();
    }

    @Override
    public String toString() {
        return "Parameter(" + name + ", " + value.shape() + ")";
    }
}
