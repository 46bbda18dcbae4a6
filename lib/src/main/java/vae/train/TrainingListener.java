package vae.train;

/**
 * Receives the trainer's progress: after every batch and after every epoch (both default to
 * doing nothing). Called on the training thread; keep it quick.
 */
public interface TrainingListener {

    /** After a training step. */
    default void onBatch(BatchProgress progress) {}

    /** After an epoch and its test evaluation. */
    default void onEpoch(EpochSummary summary) {}

    /**
     * @param epoch        1-based epoch
     * @param epochs       the number of the last epoch this {@code fit} call trains (epochs done before it
     *                     plus the configuration's epochs), so that "epoch 3/4" reads right on a second fit
     * @param batch        1-based batch within the epoch
     * @param batches      batches per epoch
     * @param lossPerImage this batch's loss per image
     * @param seconds      seconds since the epoch started
     */
    record BatchProgress(int epoch, int epochs, int batch, int batches, double lossPerImage, double seconds) {}

    /**
     * Per-image means over the epoch (the train loss as accumulated during the epoch, like the
     * reference), the test loss (NaN without test data) and training seconds (test excluded).
     */
    record EpochSummary(int epoch, int epochs, double trainLoss, double reconstruction, double kl,
                        double testLoss, double seconds) {}
}
