package vae.paper;

import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import vae.train.LearningRateSchedule;

/** The tables of notebook 10, built from the run's own objects (no number typed in). */
public final class PaperTables {
    private PaperTables() {}

    /** The schedule: stage, its passes, the passes so far, its learning rate. */
    public static Table schedule(LearningRateSchedule s) {
        IntColumn stage = IntColumn.create("stage"), passes = IntColumn.create("passes"), sofar = IntColumn.create("passes so far");
        DoubleColumn lr = DoubleColumn.create("learning rate");
        for (int i = 0; i < s.size(); i++) {
            stage.append(i + 1);
            passes.append(s.stage(i).passes());
            sofar.append(s.passesBefore(i + 1));
            lr.append(PaperRun.roundedRate(s.stage(i).learningRate()));
        }
        return Table.create("the schedule (" + s.totalPasses() + " passes)", stage, passes, sofar, lr);
    }

    /** The model and its training, as the configuration holds them. */
    public static Table model(PaperConfig c) {
        StringColumn what = StringColumn.create("what"), value = StringColumn.create("here");
        what.append("layers");
        value.append(c.model().toString() + " (encoder 784-" + join(c.model().encoderHidden()) + ", then mean and log sigma of "
                + c.model().latentDim() + "; decoder " + c.model().latentDim() + "-" + join(c.model().decoderHidden()) + "-784 logits)");
        what.append("q(z|x)");
        value.append("N(mu, diag(sigma^2)), sigma = exp(linear)");
        what.append("start");
        value.append("Glorot-uniform, a fresh generator (seed " + c.initSeed() + ") per layer; biases 0, output bias "
                + "log-odds of the mean training image, clipped to [" + c.outputBiasClip() + ", " + (1 - c.outputBiasClip()) + "]");
        what.append("data");
        value.append(c.trainImages() + " training images in a fixed order, binarised afresh at every use; "
                + c.testImages() + " test images binarised at random");
        what.append("objective");
        value.append("sum over a minibatch of " + c.batchSize() + " of log p(x|z) - KL(q(z|x) || N(0, I)), one z per image, KL in closed form");
        what.append("optimiser");
        value.append("their Adam: beta1 " + c.adamBeta1() + ", beta2 " + c.adamBeta2() + ", v starting at 1, eps " + c.adamEpsilon()
                + " added to sqrt(v)");
        what.append("evaluation");
        value.append("test NLL with k = " + c.evalK() + " importance samples per image; active units: Var(mu_j) > "
                + c.activeUnitVariance() + " over " + c.activeUnitImages() + " training images");
        return Table.create("the model and its training", what, value);
    }

    /** One row per stage: passes so far, learning rate, test NLL and its standard error, train loss, active units, the time since the run began. */
    public static Table stages(String title, List<StageResult> stages, int k) {
        IntColumn stage = IntColumn.create("stage"), passes = IntColumn.create("passes so far"), units = IntColumn.create("active units");
        DoubleColumn lr = DoubleColumn.create("learning rate"), nll = DoubleColumn.create("test NLL, k = " + k),
                se = DoubleColumn.create("+- (s.e.)"), loss = DoubleColumn.create("train loss");
        StringColumn time = StringColumn.create("time");                    // since the run began (all sessions)
        for (StageResult r : stages) {
            stage.append(r.stage());
            passes.append(r.passes());
            lr.append(PaperRun.roundedRate(r.learningRate()));
            nll.append(Math.round(r.nll() * 100) / 100.0);
            se.append(Math.round(r.nllSe() * 100) / 100.0);
            loss.append(Math.round(r.trainLoss() * 100) / 100.0);
            units.append(r.activeUnits());
            time.append(PaperRun.duration(r.wallSeconds()));
        }
        return Table.create(title, stage, passes, lr, nll, se, loss, units, time);
    }

    /** The bounds L_k on the test set, one row per k. */
    public static Table bounds(String title, List<PaperRun.Bound> bounds) {
        IntColumn k = IntColumn.create("k"), images = IntColumn.create("test images");
        DoubleColumn value = DoubleColumn.create("L_k (nats)"), se = DoubleColumn.create("+- (s.e.)");
        for (PaperRun.Bound b : bounds) {
            k.append(b.k());
            value.append(Math.round(b.logLikelihood() * 100) / 100.0);
            se.append(Math.round(b.se() * 100) / 100.0);
            images.append(b.images());
        }
        return Table.create(title, k, value, se, images);
    }

    private static String join(List<Integer> w) {
        return String.join("-", w.stream().map(String::valueOf).toList());
    }
}
