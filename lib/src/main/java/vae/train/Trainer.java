package vae.train;

import java.util.ArrayList;
import java.util.List;
import vae.data.Binarisation;
import vae.data.Dataset;
import vae.linalg.Matrix;
import vae.model.Loss;
import vae.model.Seeds;
import vae.model.TrainingStep;
import vae.model.Vae;
import vae.model.VaeConfig;
import vae.prob.Rng;

/**
 * Trains a {@link Vae} with {@link Adam} on minibatches, as the reference does: per epoch a fresh
 * shuffle, the summed loss of each batch, one Adam step per batch, then the test loss (one z per
 * image). Everything random comes from {@link Seeds#of Seeds.of(config.seed())}, so the same seed
 * gives the same numbers bit for bit, for any thread count. Each step runs through
 * {@link TrainingStep} (the loss and gradient of {@link Vae#lossAndGradient}, made fast).
 *
 * <pre>
 *   Vae vae = new Vae(VaeConfig.defaults());
 *   TrainingHistory history = new Trainer(vae).listener(new ConsoleProgressBar()).fit(mnist.train(), mnist.test());
 *   history.table();   // epoch, train_loss, reconstruction, kl, test_loss, seconds
 * </pre>
 * Call order: construct, optionally add listeners, then {@link #fit} (runs {@code config.epochs()}
 * epochs; calling it again continues training, epoch numbers continue). The history
 * ({@link TrainingHistory}) holds per-image losses: loss = minus the ELBO for beta = 1;
 * reconstruction and kl are the train epoch's; seconds are training only.
 * Stops with a {@link TrainingDivergedException} naming the epoch and batch when the loss turns
 * NaN or infinite (before the step that would spread it into the weights).
 *
 * <p>Each Adam step runs beside the next batch's gather, binarisation and sparse rows
 * ({@link TrainingStep#updateWhilePreparing}), before the listeners hear of the batch just done:
 * the same numbers as one after the other. A listener may evaluate the model
 * ({@code vae.loss}, {@code vae.encode}) but not train it. One that throws in binarised training
 * leaves the data stream one batch's draws ahead of the weights, so training continued after it
 * differs from training that was never interrupted.
 */
public final class Trainer {
    private final Vae vae;
    private final VaeConfig config;
    private final Adam adam;
    private final TrainingStep step;
    private final Seeds seeds;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private final List<TrainingListener.EpochSummary> epochs = new ArrayList<>();
    private int epochsDone;
    private Matrix batch;     // reused: the batch of the next step (a new one only when the size changes)
    private Matrix binarised; // reused likewise: its binarised draw

    /** A trainer for {@code vae} with the hyperparameters of {@code vae.config()}. */
    public Trainer(Vae vae) {
        this.vae = vae;
        this.config = vae.config();
        this.adam = Adam.of(vae.parameters(), config);
        this.step = vae.trainingStep();
        this.seeds = Seeds.of(config.seed());
    }

    /** Adds a listener (called after every batch and epoch); returns this. */
    public Trainer listener(TrainingListener listener) {
        listeners.add(listener);
        return this;
    }

    /** Trains on {@code train}, evaluating on {@code test} after each epoch; returns the whole history. */
    public TrainingHistory fit(Dataset train, Dataset test) {
        return fit(train.images(), test == null ? null : test.images());
    }

    /**
     * Trains for {@code config.epochs()} epochs on {@code trainImages} (n x inputDim), evaluating
     * the test loss on {@code testImages} after each epoch ({@code null}: NaN in the history).
     * Returns the history so far (with a second call's epochs after the first's).
     */
    public TrainingHistory fit(Matrix trainImages, Matrix testImages) {
        Matrix.requireCols(trainImages, config.inputDim(), "training images");
        if (testImages != null) Matrix.requireCols(testImages, config.inputDim(), "test images");
        Binarisation bin = config.binarisation();
        Matrix test = testImages == null ? null : bin.apply(testImages, seeds.data().split()); // one fixed draw
        Minibatches batches = new Minibatches(trainImages.rows(), config.batchSize());
        int lastEpoch = epochsDone + config.epochs();
        for (int e = 0; e < config.epochs(); e++) {
            int epoch = ++epochsDone;
            long start = System.nanoTime();
            int[][] order = batches.shuffled(seeds.shuffle());
            double sumLoss = 0, sumRec = 0, sumKl = 0;
            TrainingStep.Prepared next = step.prepare(batch(trainImages, order[0], bin));
            for (int b = 0; b < order.length; b++) {
                TrainingStep.Prepared x = next;
                Loss loss = step.lossAndGradient(x, seeds.noise()); // vae.lossAndGradient, on buffers kept per batch size
                if (!loss.isFinite()) {
                    throw new TrainingDivergedException(String.format(
                            "loss became %s at epoch %d, batch %d of %d (reconstruction %s, kl %s per image); "
                                    + "try a lower learning rate (now %s) or check the data for NaN",
                            Double.isNaN(loss.total()) ? "NaN" : "infinite", epoch, b + 1, order.length,
                            loss.reconstructionPerImage(), loss.klPerImage(), config.learningRate()), epoch, b + 1);
                }
                if (b + 1 < order.length) {
                    int[] rows = order[b + 1];
                    next = step.updateWhilePreparing(adam.sharedStep(), () -> batch(trainImages, rows, bin));
                } else {
                    adam.step();
                }
                sumLoss += loss.total();
                sumRec += loss.reconstruction();
                sumKl += loss.kl();
                double seconds = (System.nanoTime() - start) / 1e9;
                for (TrainingListener l : listeners) {
                    l.onBatch(new TrainingListener.BatchProgress(epoch, lastEpoch, b + 1, order.length,
                            loss.perImage(), seconds));
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            int n = trainImages.rows();
            double testLoss = test == null ? Double.NaN : testLoss(test, epoch);
            TrainingListener.EpochSummary s = new TrainingListener.EpochSummary(epoch, lastEpoch, sumLoss / n,
                    sumRec / n, sumKl / n, testLoss, seconds);
            epochs.add(s);
            for (TrainingListener l : listeners) l.onEpoch(s);
        }
        return history();
    }

    /**
     * Batch {@code rows} of {@code trainImages} in the trainer's buffer (reused; a new one only when
     * the size changes), binarised with the data stream's next draws when the configuration says so.
     */
    private Matrix batch(Matrix trainImages, int[] rows, Binarisation bin) {
        if (batch == null || batch.rows() != rows.length) {
            batch = Matrix.zeros(rows.length, trainImages.cols());
            binarised = Matrix.zeros(rows.length, trainImages.cols());
        }
        Minibatches.gatherInto(trainImages, rows, batch);
        return bin == Binarisation.NONE ? batch : bin.apply(batch, seeds.data(), binarised);
    }

    /** The test loss per image: batches in order, one z per image from the evaluation stream. */
    private double testLoss(Matrix test, int epoch) {
        Rng rng = seeds.evaluation();
        double total = 0;
        for (int[] rows : new Minibatches(test.rows(), config.batchSize()).inOrder()) {
            total += vae.loss(Minibatches.gather(test, rows), rng).total();
        }
        if (!Double.isFinite(total)) {
            throw new TrainingDivergedException("test loss became " + total + " after epoch " + epoch, epoch, 0);
        }
        return total / test.rows();
    }

    /** The history so far (a snapshot). */
    public TrainingHistory history() {
        return new TrainingHistory(epochs);
    }

    public Vae vae() {
        return vae;
    }

    @Override
    public String toString() {
        return "Trainer{" + config + ", epochsDone=" + epochsDone + "}";
    }
}
