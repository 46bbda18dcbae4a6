package vae.exercise;

/** Thrown by an exercise's placeholder body: the student has not written the code yet. */
public final class NotSolved extends RuntimeException {
    public NotSolved() {
        super("not yet solved", null, false, false);   // no stack trace: it is a marker, not an error
    }
}
