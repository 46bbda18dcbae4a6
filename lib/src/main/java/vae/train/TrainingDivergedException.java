package vae.train;

/** Thrown when the loss turns NaN or infinite; the message names the epoch and the batch. */
public final class TrainingDivergedException extends ArithmeticException {
    private final int epoch;
    private final int batch;

    public TrainingDivergedException(String message, int epoch, int batch) {
        super(message);
        this.epoch = epoch;
        this.batch = batch;
    }

    /** 1-based epoch where the loss stopped being finite. */
    public int epoch() {
        return epoch;
    }

    /** 1-based batch within that epoch (0 for the test evaluation). */
    public int batch() {
        return batch;
    }
}
