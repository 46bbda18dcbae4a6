package vae.check;

/** A notebook check that did not hold; the message names the quantity, the expected and found values and the tolerance. */
public final class CheckFailure extends IllegalStateException {
    CheckFailure(String message) {
        super(message);
    }
}
