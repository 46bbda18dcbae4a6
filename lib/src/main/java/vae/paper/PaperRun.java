package vae.paper;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import vae.data.Binarisation;
import vae.eval.ImportanceEstimate;
import vae.eval.ImportanceWeighted;
import vae.eval.LatentCodes;
import vae.eval.Proposal;
import vae.eval.SampleMean;
import vae.linalg.Matrix;
import vae.model.DeepVae;
import vae.model.Loss;
import vae.model.WeightsDigest;
import vae.prob.Rng;
import vae.train.DelayedAdam;
import vae.train.LearningRateSchedule;

/**
 * The paper's experiment, run to the end and resumable: trains a {@link DeepVae} through the
 * stages of the {@link LearningRateSchedule} with {@link DelayedAdam}, evaluates the test
 * log-likelihood with {@code evalK} importance samples and the active units after each stage, and
 * keeps a {@link Checkpoint} in its folder after every stage and every few passes.
 *
 * <p>Random streams: pass p (counting over all stages) draws the binarisation of its images and
 * the noise of its samples from its own stream, {@link Rng#splitNumber Rng.splitNumber(trainSeed,
 * p)}; stage s's evaluation from {@code splitNumber(evalSeed, s)}. So the generators' state at a
 * pass boundary is the pass number, and a run resumed from a checkpoint draws what an unbroken run
 * draws. Checkpoints are taken at pass boundaries only.
 *
 * <p>Each training image is binarised afresh (pixel = 1 where a uniform draw is below its grey
 * level) every time a minibatch uses it; the minibatches come in the same order every pass (no
 * shuffling). The objective is the sum over the minibatch.
 */
public final class PaperRun {
    /** Test images per call of the estimate, with a progress line after each (the draws do not depend on it). */
    private static final int EVALUATION_BLOCK = 500;
    /** The stream names' indices under the run's seed. */
    private static final int TRAIN_STREAMS = 0, EVAL_STREAMS = 1, ACTIVE_UNIT_STREAMS = 2;

    private final PaperConfig config;
    private final Matrix train;
    private final Matrix test;
    private final Path folder;
    private final PrintStream log;
    private final DeepVae model;
    private final DelayedAdam adam;
    private Checkpoint.Progress progress;
    private int checkpointEveryPasses = 10;
    private double checkpointEverySeconds = 600;
    private double progressEverySeconds = 30;
    private boolean restoreStreams = true; // false only to show the resume test can fail
    private int evaluationThreads;

    /**
     * A run of {@code config} on the grey-level images {@code train} (at least trainImages rows; the
     * first are used) and {@code test}, checkpointing into {@code folder}; resumes from the
     * checkpoint there, if any (refused if it was made under another configuration).
     */
    public PaperRun(PaperConfig config, Matrix train, Matrix test, Path folder, PrintStream log) throws IOException {
        if (train.rows() < config.trainImages()) {
            throw new IllegalArgumentException("need " + config.trainImages() + " training images, got " + train.rows());
        }
        if (test.rows() < config.testImages()) {
            throw new IllegalArgumentException("need " + config.testImages() + " test images, got " + test.rows());
        }
        this.config = config;
        this.train = train.rows(0, config.trainImages());
        this.test = test.rows(0, config.testImages());
        this.folder = folder;
        this.log = log;
        this.model = new DeepVae(config.model(), config.initSeed());
        model.setOutputBiasToLogOdds(this.train, config.outputBiasClip());
        this.adam = new DelayedAdam(model.parameters(), config.adamBeta1(), config.adamBeta2(), config.adamEpsilon());
        this.evaluationThreads = config.model().threads();
        Checkpoint found = Checkpoint.read(folder, config);
        if (found == null) {
            progress = Checkpoint.Progress.start();
        } else {
            found.restoreInto(model, adam);
            progress = found.progress();
            log.printf(Locale.ROOT, "resuming from %s: %s, %d of %d passes done, %d steps%n", Checkpoint.file(folder),
                    finished() ? "every stage done" : "stage " + (progress.stage() + 1), progress.passesDone(),
                    config.schedule().totalPasses(), adam.steps());
        }
    }

    /** Checkpoints within a stage every this many passes or this many seconds, whichever comes first. */
    public PaperRun checkpointEvery(int passes, double seconds) {
        checkpointEveryPasses = passes;
        checkpointEverySeconds = seconds;
        return this;
    }

    /**
     * The evaluations run on this many threads (a copy of the model: the same numbers). Training
     * on minibatches of 20 gains little from a second thread (each product is small and the
     * threads meet at every one); the evaluation's products of 5000 rows do.
     */
    public PaperRun evaluationThreads(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        evaluationThreads = threads;
        return this;
    }

    /** A progress line at least every this many seconds (and at the end of each pass). */
    public PaperRun progressEvery(double seconds) {
        progressEverySeconds = seconds;
        return this;
    }

    /** For the resume test only: with false, a resumed run starts its passes' streams from 0 again (wrong). */
    PaperRun restoreStreams(boolean on) {
        restoreStreams = on;
        return this;
    }

    public DeepVae model() {
        return model;
    }

    public Checkpoint.Progress progress() {
        return progress;
    }

    public boolean finished() {
        return progress.stage() >= config.schedule().size();
    }

    /** Runs to the end of the schedule. */
    public void run() throws IOException {
        runPasses(Integer.MAX_VALUE);
    }

    /**
     * Runs at most {@code maxPasses} more passes (then checkpoints and returns: a run stopped
     * halfway), or to the end of the schedule, evaluating after each stage.
     */
    public void runPasses(int maxPasses) throws IOException {
        LearningRateSchedule schedule = config.schedule();
        long sessionStart = System.nanoTime();
        double wallBefore = progress.wallSeconds();
        long lastCheckpoint = System.nanoTime();
        int passesSinceCheckpoint = 0, passesThisSession = 0;
        double trainSecondsThisSession = 0;
        int firstPassThisSession = progress.passesDone();
        while (!finished() && passesThisSession < maxPasses) {
            int s = progress.stage();
            LearningRateSchedule.Stage stage = schedule.stage(s);
            if (progress.passInStage() < stage.passes()) {
                long t0 = System.nanoTime();
                int stream = restoreStreams ? progress.passesDone() : passesThisSession;
                double loss = pass(progress.passesDone(), stream, stage.learningRate(), s, sessionStart, wallBefore,
                        trainSecondsThisSession, passesThisSession);
                double seconds = (System.nanoTime() - t0) / 1e9;
                trainSecondsThisSession += seconds;
                passesThisSession++;
                passesSinceCheckpoint++;
                progress = progress.afterPass(loss, seconds, wall(sessionStart, wallBefore));
                boolean stageDone = progress.passInStage() == stage.passes();
                if (!stageDone && (passesSinceCheckpoint >= checkpointEveryPasses
                        || (System.nanoTime() - lastCheckpoint) / 1e9 >= checkpointEverySeconds
                        || passesThisSession == maxPasses)) {
                    save(sessionStart, wallBefore);
                    lastCheckpoint = System.nanoTime();
                    passesSinceCheckpoint = 0;
                }
                if (!stageDone) continue;
            }
            // the stage's passes are done: evaluate, then checkpoint the finished stage
            long t0 = System.nanoTime();
            Evaluation e = evaluate(s, s == schedule.size() - 1);
            double evalSeconds = (System.nanoTime() - t0) / 1e9;
            StageResult r = new StageResult(s + 1, schedule.passesBefore(s + 1), stage.learningRate(), e.nll(), e.nllSe(),
                    progress.lastPassLoss(), progress.stageTrainSeconds(), evalSeconds, 0, e.activeUnits(), e.finalBounds());
            progress = progress.afterStage(r, wall(sessionStart, wallBefore));
            log.printf(Locale.ROOT, "stage %d/%d done: %d passes at lr %s, test NLL (k=%d) %.2f +- %.2f nats, train loss %.2f,"
                            + " %d active units, evaluation %.0f s%n", s + 1, schedule.size(), r.passes(), roundedRate(r.learningRate()),
                    config.evalK(), r.nll(), r.nllSe(), r.trainLoss(), r.activeUnits(), evalSeconds);
            save(sessionStart, wallBefore);
            lastCheckpoint = System.nanoTime();
            passesSinceCheckpoint = 0;
        }
        if (passesThisSession > 0) {
            log.printf(Locale.ROOT, "this session: %d passes (%d..%d) in %.0f s of training, %.2f s per pass%n",
                    passesThisSession, firstPassThisSession + 1, progress.passesDone(), trainSecondsThisSession,
                    trainSecondsThisSession / passesThisSession);
        }
    }

    private double wall(long sessionStart, double before) {
        return before + (System.nanoTime() - sessionStart) / 1e9;
    }

    private void save(long sessionStart, double wallBefore) throws IOException {
        progress = progress.withWallSeconds(wall(sessionStart, wallBefore));
        Checkpoint.write(folder, config, model, adam, progress);
    }

    /** One pass over the training images in order, minibatch by minibatch; returns the mean loss per image. */
    private double pass(int passIndex, int streamIndex, double learningRate, int stage, long sessionStart, double wallBefore,
                        double trainSecondsSoFar, int passesSoFar) {
        long trainStreams = Rng.splitNumber(config.seed(), TRAIN_STREAMS).seed();
        Rng rng = Rng.splitNumber(trainStreams, streamIndex);
        int n = train.rows(), b = config.batchSize();
        double sum = 0;
        long start = System.nanoTime(), lastLine = start;
        for (int from = 0; from < n; from += b) {
            int to = Math.min(n, from + b);
            Matrix x = Binarisation.BERNOULLI.apply(train.rows(from, to), rng);
            Loss loss = model.lossAndGradient(x, rng);
            if (!loss.isFinite()) {
                throw new IllegalStateException("the loss is " + loss.total() + " at pass " + (passIndex + 1) + ", images "
                        + from + ".." + to + ": training diverged");
            }
            adam.step(learningRate);
            sum += loss.total();
            long now = System.nanoTime();
            if ((now - lastLine) / 1e9 >= progressEverySeconds) {
                lastLine = now;
                line(stage, passIndex, from + b, sum / to, (now - start) / 1e9, sessionStart, wallBefore,
                        trainSecondsSoFar, passesSoFar);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        line(stage, passIndex, n, sum / n, seconds, sessionStart, wallBefore, trainSecondsSoFar + seconds, passesSoFar + 1);
        return sum / n;
    }

    /** A progress line: stage, pass, loss so far, speed, time used and left. */
    private void line(int stage, int passIndex, int images, double loss, double passSeconds, long sessionStart,
                      double wallBefore, double trainSeconds, int passes) {
        LearningRateSchedule schedule = config.schedule();
        int inStage = passIndex - schedule.passesBefore(stage) + 1;
        double perPass = passes > 0 ? trainSeconds / passes : passSeconds * train.rows() / Math.max(1, images);
        int passesLeft = schedule.totalPasses() - passIndex - (images >= train.rows() ? 1 : 0);
        double evalPerStage = progress.meanEvalSeconds();
        double left = passesLeft * perPass + (schedule.size() - stage) * evalPerStage
                - (images >= train.rows() ? 0 : passSeconds);
        log.printf(Locale.ROOT, "stage %d/%d (lr %s) pass %d/%d (%d/%d in all) images %d/%d loss %.2f %.0f images/s"
                        + " elapsed %s left ~%s%s%n",
                stage + 1, schedule.size(), roundedRate(schedule.stage(stage).learningRate()), inStage, schedule.stage(stage).passes(),
                passIndex + 1, schedule.totalPasses(), images, train.rows(), loss, images / Math.max(1e-9, passSeconds),
                duration(wall(sessionStart, wallBefore)), duration(Math.max(0, left)),
                evalPerStage > 0 ? "" : " (+ evaluations)");
        log.flush();
    }

    /** A learning rate to three significant digits (7.2E-4, not 7.199999999999999E-4), for tables and progress lines. */
    public static double roundedRate(double rate) {
        return new java.math.BigDecimal(rate).round(new java.math.MathContext(3)).doubleValue();
    }

    /** Seconds as {@code 4m05s} or {@code 3h10m}. */
    public static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 3600) return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }

    /** What the evaluation after a stage finds. */
    record Evaluation(double nll, double nllSe, int activeUnits, List<Bound> finalBounds) {}

    /** An importance-weighted bound on the test set: its mean log-likelihood bound (nats, >= is better) and standard error. */
    public record Bound(int k, double logLikelihood, double se, int images) {}

    /**
     * The test NLL: {@code -mean over the test images of log (1/K) sum_k w_k} with K = evalK, the
     * test images binarised at random; its standard error over the images; the active units; and,
     * when {@code last}, the bounds with the further sample counts.
     */
    private Evaluation evaluate(int stage, boolean last) {
        long evalStreams = Rng.splitNumber(config.seed(), EVAL_STREAMS).seed();
        Rng rng = Rng.splitNumber(evalStreams, stage);
        Matrix x = Binarisation.BERNOULLI.apply(test, rng);
        log.printf(Locale.ROOT, "stage %d: evaluating log p(x) with k = %d on %d test images ...%n", stage + 1, config.evalK(),
                x.rows());
        log.flush();
        DeepVae evaluated = model.copyOnThreads(evaluationThreads);
        SampleMean nll = loggedNll(evaluated, x, config.evalK(), rng);
        List<Bound> bounds = new ArrayList<>();
        if (last) {
            for (int k : config.finalKs()) {
                SampleMean b = loggedNll(evaluated, x, k, rng);
                bounds.add(new Bound(k, -b.mean(), b.standardError(), x.rows()));
            }
            bounds.add(new Bound(config.evalK(), -nll.mean(), nll.standardError(), x.rows()));
        }
        return new Evaluation(nll.mean(), nll.standardError(), activeUnits(evaluated, stage), bounds);
    }

    /**
     * The importance-weighted bound with k samples on the (binary) rows of x: the mean over the
     * images of {@code log (1/k) sum w} and its standard error, drawing from {@code rng} (advanced).
     */
    public static Bound bound(DeepVae model, Matrix x, int k, Rng rng) {
        SampleMean nll = negativeLogLikelihood(model, x, k, rng, null);
        return new Bound(k, -nll.mean(), nll.standardError(), x.rows());
    }

    private SampleMean loggedNll(DeepVae model, Matrix x, int k, Rng rng) {
        return negativeLogLikelihood(model, x, k, rng, log);
    }

    /**
     * The mean of {@code -log (1/k) sum w} over the rows of x, and its standard error. The images go
     * in blocks of {@value #EVALUATION_BLOCK}, one after the other on the same generator: the same
     * draws as one call over all of them (the estimate draws image by image; encoding draws nothing).
     * With a log, a progress line after each block when k >= 1000.
     */
    private static SampleMean negativeLogLikelihood(DeepVae model, Matrix x, int k, Rng rng, PrintStream log) {
        int n = x.rows();
        double[] nll = new double[n];
        long start = System.nanoTime();
        for (int from = 0; from < n; from += EVALUATION_BLOCK) {
            int to = Math.min(n, from + EVALUATION_BLOCK);
            ImportanceEstimate e = ImportanceWeighted.estimate(model, x.rows(from, to), k, Proposal.ENCODER, rng);
            for (int i = from; i < to; i++) nll[i] = -e.logpx()[i - from];
            if (log != null && to < n && k >= 1000) {
                double seconds = (System.nanoTime() - start) / 1e9;
                log.printf(Locale.ROOT, "  k = %d: %d of %d test images, NLL so far %.2f, %.1f images/s, left ~%s%n", k, to, n,
                        SampleMean.of(java.util.Arrays.copyOf(nll, to)).mean(), to / seconds, duration(seconds * (n - to) / to));
                log.flush();
            }
        }
        return SampleMean.of(nll);
    }

    /**
     * Units whose encoder mean varies: the variance over the first activeUnitImages training images
     * (binarised at random) of each dimension of mu, above activeUnitVariance (Burda et al.'s count,
     * {@link LatentCodes#activeUnits(double)}).
     */
    private int activeUnits(DeepVae model, int stage) {
        long streams = Rng.splitNumber(config.seed(), ACTIVE_UNIT_STREAMS).seed();
        Matrix x = Binarisation.BERNOULLI.apply(train.rows(0, config.activeUnitImages()), Rng.splitNumber(streams, stage));
        return LatentCodes.of(model, x).activeUnits(config.activeUnitVariance());
    }

    /** The weights digest of the model as it is now. */
    public String weightsDigest() {
        return WeightsDigest.of(model);
    }

    public PaperConfig config() {
        return config;
    }
}
