package vae.train;

import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import vae.train.TrainingListener.EpochSummary;

/**
 * What a {@link Trainer} has done so far, epoch by epoch: a typed list for code, and the same as a
 * Tablesaw table for a notebook to print and plot. A snapshot: later epochs do not change it.
 *
 * @param epochs one summary per epoch trained, in order (per-image losses, training seconds)
 */
public record TrainingHistory(List<EpochSummary> epochs) {

    public TrainingHistory {
        epochs = List.copyOf(epochs);
    }

    /** The last epoch's summary. */
    public EpochSummary last() {
        if (epochs.isEmpty()) throw new IllegalStateException("no epoch has been trained yet");
        return epochs.get(epochs.size() - 1);
    }

    /**
     * The table {@code history}, one row per epoch, columns {@code epoch, train_loss, reconstruction,
     * kl, test_loss, seconds} (per image; loss = minus the ELBO for beta = 1; test_loss NaN without
     * test data; seconds are training only).
     */
    public Table table() {
        return Table.create("history",
                IntColumn.create("epoch", epochs.stream().mapToInt(EpochSummary::epoch).toArray()),
                DoubleColumn.create("train_loss", epochs.stream().mapToDouble(EpochSummary::trainLoss).toArray()),
                DoubleColumn.create("reconstruction", epochs.stream().mapToDouble(EpochSummary::reconstruction).toArray()),
                DoubleColumn.create("kl", epochs.stream().mapToDouble(EpochSummary::kl).toArray()),
                DoubleColumn.create("test_loss", epochs.stream().mapToDouble(EpochSummary::testLoss).toArray()),
                DoubleColumn.create("seconds", epochs.stream().mapToDouble(EpochSummary::seconds).toArray()));
    }
}
