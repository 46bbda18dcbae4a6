package vae.eval;

/** Where the importance samples z_k come from. */
public enum Proposal {
    /**
     * The encoder's {@code q(z|x) = N(mu(x), diag(sigma(x)^2))}: guided by x, efficient. (Not the
     * true posterior {@code p(z|x)}, which the importance weights correct for.)
     */
    ENCODER("q(z|x)"),
    /** The prior {@code p(z) = N(0, I)}: knows nothing of x; the weights collapse onto a few samples. */
    PRIOR("p(z)");

    private final String label;

    Proposal(String label) {
        this.label = label;
    }

    /** The distribution's name as the lecture writes it, for tables: "q(z|x)" or "p(z)". */
    public String label() {
        return label;
    }
}
