package vae.eval;

/** Where the importance samples z_k come from. */
public enum Proposal {
    /** The encoder's {@code q(z|x) = N(mu(x), diag(sigma(x)^2))}: guided by x, efficient. */
    POSTERIOR,
    /** The prior {@code p(z) = N(0, I)}: knows nothing of x; the weights collapse onto a few samples. */
    PRIOR
}
