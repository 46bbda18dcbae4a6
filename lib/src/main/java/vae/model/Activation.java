package vae.model;

import vae.linalg.Matrix;
import vae.nn.ReLU;
import vae.nn.Tanh;

/** The hidden-layer non-linearity of the encoder and decoder. */
public enum Activation {
    /** {@code max(0, x)}: the reference VAE's ({@link ReLU}). */
    RELU,
    /** {@code tanh(x)}: Burda et al.'s ({@link Tanh}). */
    TANH;

    /** {@code y = f(y)} over the rows [from, to) of y (modified). */
    public void forwardInPlace(Matrix y, int from, int to) {
        if (this == TANH) Tanh.forwardInPlace(y, from, to);
        else ReLU.forwardInPlace(y, from, to);
    }

    /** {@code dy = dy * f'(x)} over the rows [from, to), given the activation's output y; dy modified. */
    public void backwardInPlace(Matrix dy, Matrix y, int from, int to) {
        if (this == TANH) Tanh.backwardInPlace(dy, y, from, to);
        else ReLU.backwardInPlace(dy, y, from, to);
    }
}
