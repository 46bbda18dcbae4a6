package vae.model;

/** The hidden-layer non-linearity of the encoder and decoder. Only ReLU for now (the reference's). */
public enum Activation {
    /** {@code max(0, x)}. */
    RELU
}
