package vae.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vae.data.Binarisation;
import vae.data.Mnist;
import vae.eval.ImportanceEstimate;
import vae.eval.ImportanceWeighted;
import vae.linalg.MatMul;
import vae.linalg.MatMuls;
import vae.linalg.Matrix;
import vae.linalg.Parallel;
import vae.model.Seeds;
import vae.model.TrainingStep;
import vae.model.Vae;
import vae.model.WeightsDigest;
import vae.model.VaeConfig;
import vae.prob.Rng;
import vae.train.Adam;
import vae.train.Minibatches;
import vae.train.Trainer;
import vae.train.TrainingListener;

/**
 * The speed benchmark of {@code ./lecture bench}: trains the reference configuration of
 * lib/bench/REFERENCE.md ({@link VaeConfig#defaults()}, grey levels) on MNIST with the library's
 * {@link Trainer}, one epoch per round, then the notebooks' binarised configuration the same way
 * ({@code --grey} or {@code --binarised}: only one), and prints for each seconds per epoch (median),
 * milliseconds per step (median), images and GFLOP per second, peak memory, the losses against the
 * reference, the weights digest after the rounds ({@link WeightsDigest}: compare it between
 * machines and Java versions), then the time of the importance-weighted estimate with K = 1000 on
 * 1000 test images (called twice: the first call in a process includes the JIT compiling its code);
 * at the end a summary of both.
 *
 * <p>When Debian's {@code python3-torch} is installed ({@code ./lecture bench} installs it with
 * OpenBLAS), it runs our PyTorch script ({@code lib/bench/torch_vae.py}: same model, data and
 * batching, torch 1 thread and OpenBLAS 2, PyTorch's best setting here) as a second process and
 * alternates the two epoch by epoch (Java first in odd rounds, PyTorch first in even ones), so both
 * see the same machine; it prints the ratio Java / PyTorch per round and its median and range.
 * The idle side waits on a pipe, using no CPU.
 *
 * <p>A fair race: the script reports which BLAS PyTorch loaded and, for OpenBLAS, the kernel it
 * runs on this processor, and checks that kernel's float32 product against float64. No ratio is
 * printed against the reference BLAS (PyTorch then runs some 20 times slower) or against a BLAS
 * whose product fails that check. OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE, which some machines
 * set to work around old OpenBLAS builds and which slow a current one, are removed from PyTorch's
 * environment unless {@code --torch-coretype env} keeps them ({@code --torch-coretype NAME}
 * forces a kernel); the output says which kernel ran.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp 'lib/target/classpath/*' vae.bench.TrainBenchmark --help
 * </pre>
 * {@code --profile} first times each phase of the training step for 200 steps, on the plain
 * loops and on the best kernel. A benchmark, not a test: it asserts nothing.
 */
@Command(name = "./lecture bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Trains the reference VAE on MNIST and prints its speed, side by side with PyTorch when installed.")
public final class TrainBenchmark implements Callable<Integer> {
    /** Multiply-adds x 2 of one image's forward and backward pass, dense (REFERENCE.md: ~3.3 MFLOP). */
    static double flopsPerImage(VaeConfig c) {
        double d = c.inputDim(), h = c.hiddenDim(), k = c.latentDim();
        double forward = d * h + h * 2 * k + k * h + h * d;     // multiply-adds
        double backward = 2 * forward - d * h;                   // weight and input gradients; none for x
        return 2 * (forward + backward);
    }

    /** REFERENCE.md's PyTorch losses per image after each epoch (train, test). */
    static final double[] REF_TRAIN = {164.29, 121.17, 114.30, 111.31, 109.60, 108.40, 107.56, 106.90, 106.32, 105.97};
    static final double[] REF_TEST = {126.90, 115.29, 111.52, 109.39, 108.14, 107.07, 106.90, 106.00, 105.49, 105.35};

    @Option(names = "--epochs", paramLabel = "N", description = "rounds: epochs on each side (default ${DEFAULT-VALUE})")
    int epochs = 10;
    @Option(names = "--threads", paramLabel = "T", description = "Java threads (default ${DEFAULT-VALUE})")
    int threads = 2;
    @Option(names = "--binarised", description = "only the notebooks' protocol: binarised MNIST (training batches drawn "
            + "afresh, test images drawn once); by default both it and the grey-level reference configuration run, in turn")
    boolean binarised;
    @Option(names = "--grey", description = "only the grey-level reference configuration")
    boolean grey;
    @Option(names = "--no-torch", description = "Java only")
    boolean noTorch;
    @Option(names = "--torch-coretype", paramLabel = "KERNEL", description = "OpenBLAS kernel for PyTorch: 'detected' "
            + "(default: OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed, OpenBLAS picks), 'env' (keep the environment's), "
            + "'best' (time the candidates " + "detected, Zen, Haswell, SkylakeX, Cooperlake and take the fastest whose product "
            + "is right), or a name such as Haswell")
    String torchCoretype = "detected";
    @Option(names = "--iwae-k", paramLabel = "K", description = "samples per image of the importance-weighted estimate (default ${DEFAULT-VALUE})")
    int iwaeK = 1000;
    @Option(names = "--iwae-images", paramLabel = "N", description = "test images of the estimate (default ${DEFAULT-VALUE})")
    int iwaeImages = 1000;
    @Option(names = "--no-iwae", description = "skip the importance-weighted estimate")
    boolean noIwae;
    @Option(names = "--torch-iwae", description = "also time PyTorch's estimate (float64)")
    boolean torchIwae;
    @Option(names = "--profile", description = "first time each phase of a training step")
    boolean profile;
    @Option(names = "--torch-script", paramLabel = "PATH", description = "the PyTorch side (default ${DEFAULT-VALUE})")
    Path script = Path.of("lib/bench/torch_vae.py");

    public static void main(String[] args) {
        System.exit(new CommandLine(new TrainBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (epochs < 1) throw new CommandLine.ParameterException(new CommandLine(this), "--epochs must be at least 1, got " + epochs);
        if (threads < 1) throw new CommandLine.ParameterException(new CommandLine(this), "--threads must be at least 1, got " + threads);
        if (grey && binarised) throw new CommandLine.ParameterException(new CommandLine(this), "--grey and --binarised exclude each other (neither runs both)");
        MatMul kernel = MatMuls.best(Parallel.of(threads));
        System.out.printf("benchmark: Java %s, %s, %d of %d processors; load average %s%n",
                System.getProperty("java.version"), kernel, threads, Runtime.getRuntime().availableProcessors(), loadAverage());
        Mnist mnist = Mnist.load();
        if (profile) {                               // the training step on grey levels (binarised: sparser x)
            VaeConfig reference = VaeConfig.builder().threads(threads).epochs(1).build();
            profile(reference, MatMul.loops(Parallel.of(threads)), mnist.train().images(), 200);
            profile(reference, kernel, mnist.train().images(), 200);
        }
        List<Summary> summaries = new ArrayList<>();
        for (boolean bin : binarised ? List.of(true) : grey ? List.of(false) : List.of(false, true)) {
            System.out.println();
            System.out.println("== " + (bin ? "binarised MNIST (the notebooks' protocol)" : "grey levels (the reference configuration)"));
            summaries.add(run(mnist, kernel, bin));
        }
        if (summaries.size() > 1) {
            System.out.println();
            System.out.println("summary (Java " + System.getProperty("java.version") + ", " + threads + " threads; ratio per round: median and range)");
            for (Summary sum : summaries) System.out.println("  " + sum);
        }
        System.out.printf("java peak RSS %.0f MB; load average at the end %s%n", peakRssMb(), loadAverage());
        return 0;
    }

    /** One configuration's figures, for the closing summary. */
    record Summary(String name, double javaSeconds, double torchSeconds, double[] ratios, double iwaeSeconds,
                   double iwaeFirstSeconds, String digest) {
        @Override
        public String toString() {
            String r = "no ratio (PyTorch not compared)";
            if (ratios != null) {
                double[] sorted = ratios.clone();
                Arrays.sort(sorted);
                r = String.format(Locale.ROOT, "java/pytorch %.3f (range %.3f-%.3f, %d rounds)", median(ratios), sorted[0],
                        sorted[sorted.length - 1], ratios.length);
            }
            String iwae = Double.isNaN(iwaeSeconds) ? "" : String.format(Locale.ROOT,
                    "; importance-weighted estimate %.2f s (first call %.2f s)", iwaeSeconds, iwaeFirstSeconds);
            return String.format(Locale.ROOT, "%-9s java %.3f s/epoch, pytorch %s: %s%s; weights digest %s", name, javaSeconds,
                    Double.isNaN(torchSeconds) ? "-" : String.format(Locale.ROOT, "%.3f s/epoch", torchSeconds), r, iwae, digest);
        }
    }

    private Summary run(Mnist mnist, MatMul kernel, boolean binarised) throws Exception {
        VaeConfig config = VaeConfig.builder().threads(threads).epochs(1)
                .binarisation(binarised ? Binarisation.BERNOULLI : Binarisation.NONE).build();
        System.out.println("config: " + config);
        Matrix train = mnist.train().images();
        Matrix test = binarised ? mnist.test().binarised(config.testBinarisationSeed()).images() : mnist.test().images();
        double flopsPerEpoch = flopsPerImage(config) * train.rows();
        System.out.printf("data: %s; %.2f MFLOP per image per step (dense), %.0f GFLOP per epoch%n",
                mnist, flopsPerImage(config) / 1e6, flopsPerEpoch / 1e9);

        TorchSide py = noTorch ? null : TorchSide.start(script, binarised, torchCoretype);
        if (noTorch) System.out.println("pytorch: skipped (--no-torch)");

        Vae vae = new Vae(config);
        List<Double> stepSeconds = new ArrayList<>();
        double[] last = {0};
        Trainer trainer = new Trainer(vae).listener(new TrainingListener() {
            @Override
            public void onBatch(BatchProgress p) {
                if (p.batch() == 1) last[0] = 0;
                stepSeconds.add(p.seconds() - last[0]);
                last[0] = p.seconds();
            }
        });
        double[] javaSec = new double[epochs], torchSec = new double[epochs], ratio = new double[epochs];
        List<Double> torchSteps = new ArrayList<>();
        double[] javaTrain = new double[epochs], javaTest = new double[epochs];
        double[] torchTrain = new double[epochs], torchTest = new double[epochs];
        System.out.println();
        System.out.println(py == null
                ? "round  java s/epoch  train loss  test loss"
                : "round  java s/epoch  pytorch s/epoch  java/pytorch   java loss train/test   pytorch loss train/test");
        for (int r = 0; r < epochs; r++) {
            boolean torchFirst = py != null && r % 2 == 1;
            JsonObject reply = null;
            if (torchFirst) reply = py.ask("epoch");
            var epoch = trainer.fit(train, test).last();
            javaSec[r] = epoch.seconds();
            javaTrain[r] = epoch.trainLoss();
            javaTest[r] = epoch.testLoss();
            if (py != null && !torchFirst) reply = py.ask("epoch");
            if (py != null) {
                torchSec[r] = reply.get("seconds").getAsDouble();
                torchTrain[r] = reply.get("train_loss").getAsDouble();
                torchTest[r] = reply.get("test_loss").getAsDouble();
                reply.getAsJsonArray("step_ms").forEach(ms -> torchSteps.add(ms.getAsDouble() / 1e3));
                ratio[r] = javaSec[r] / torchSec[r];
                System.out.printf(Locale.ROOT, "%5d  %12.3f  %15.3f  %12.3f   %9.2f / %-9.2f   %9.2f / %-9.2f%n", r + 1,
                        javaSec[r], torchSec[r], ratio[r], javaTrain[r], javaTest[r], torchTrain[r], torchTest[r]);
            } else {
                System.out.printf(Locale.ROOT, "%5d  %12.3f  %10.2f  %9.2f%n", r + 1, javaSec[r], javaTrain[r], javaTest[r]);
            }
        }

        System.out.println();
        int images = train.rows();
        double jMed = median(javaSec);
        System.out.printf(Locale.ROOT, "java:    %.3f s/epoch (median of %d; min %.3f, max %.3f), %.3f ms/step (median), "
                        + "%.0f images/s, %.1f GFLOP/s (dense-equivalent), peak RSS %.0f MB%n",
                jMed, epochs, min(javaSec), max(javaSec), 1e3 * median(stepSeconds), images / jMed,
                flopsPerEpoch / jMed / 1e9, peakRssMb());
        if (py != null) {
            double tMed = median(torchSec);
            System.out.printf(Locale.ROOT, "pytorch: %.3f s/epoch (median of %d; min %.3f, max %.3f), %.3f ms/step (median), "
                            + "%.0f images/s, %.1f GFLOP/s (%s)%n",
                    tMed, epochs, min(torchSec), max(torchSec), 1e3 * median(torchSteps), images / tMed,
                    flopsPerEpoch / tMed / 1e9, py.description);
            double[] sorted = ratio.clone();
            Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "ratio java/pytorch per round: median %.3f, range %.3f-%.3f, quartiles %.3f-%.3f; "
                            + "ratio of medians %.3f%n",
                    median(ratio), sorted[0], sorted[sorted.length - 1], quantile(sorted, 0.25), quantile(sorted, 0.75), jMed / tMed);
        }
        int e = epochs - 1;
        if (!binarised && e < REF_TEST.length) {
            System.out.printf(Locale.ROOT, "loss after %d epochs, per image: java train %.2f test %.2f; reference (REFERENCE.md) "
                    + "train %.2f test %.2f; java test - reference %+.2f nats%n", epochs, javaTrain[e], javaTest[e],
                    REF_TRAIN[e], REF_TEST[e], javaTest[e] - REF_TEST[e]);
            if (py != null) {
                System.out.printf(Locale.ROOT, "                               pytorch train %.2f test %.2f%n", torchTrain[e], torchTest[e]);
            }
        }

        String digest = WeightsDigest.of(vae);
        System.out.printf("weights digest after %d epochs: %s (the same on any machine, thread count and Java version)%n", epochs, digest);
        double iwaeSeconds = Double.NaN, iwaeFirstSeconds = Double.NaN;
        if (!noIwae) {
            Matrix first = test.rows(0, Math.min(iwaeImages, test.rows()));
            // twice, with the same seed: the first call in a process also waits for the JIT to compile the
            // estimate's code (its likelihood in double, its sampling), the second runs compiled code; the
            // two results must agree bit for bit
            double[] seconds = new double[2];
            ImportanceEstimate[] est = new ImportanceEstimate[2];
            for (int call = 0; call < 2; call++) {
                long t0 = System.nanoTime();
                est[call] = ImportanceWeighted.estimate(vae, first, iwaeK, new Rng(config.seed() + iwaeK));
                seconds[call] = (System.nanoTime() - t0) / 1e9;
            }
            if (Double.doubleToLongBits(est[0].mean()) != Double.doubleToLongBits(est[1].mean())) {
                throw new IllegalStateException("the importance-weighted estimate changed between two calls with the same seed: "
                        + est[0].mean() + " then " + est[1].mean());
            }
            iwaeSeconds = seconds[1];
            iwaeFirstSeconds = seconds[0];
            System.out.printf(Locale.ROOT, "java importance-weighted log p(x), K = %d, %d test images: %.4f nats (%s), %.2f s "
                    + "(%.0f decoded samples/s; the first call in this process %.2f s, compiling on the way; load average %s)%n",
                    iwaeK, first.rows(), est[1].mean(), Double.toHexString(est[1].mean()), seconds[1],
                    (double) iwaeK * first.rows() / seconds[1], seconds[0], loadAverage());
            if (py != null && torchIwae) {
                JsonObject reply = py.ask("iwae " + iwaeK + " " + first.rows());
                System.out.printf(Locale.ROOT, "pytorch importance-weighted (float64, its own model): %.4f nats, %.2f s%n",
                        reply.get("value").getAsDouble(), reply.get("seconds").getAsDouble());
            }
        }
        if (py != null) {
            JsonObject reply = py.ask("quit");
            System.out.printf(Locale.ROOT, "pytorch peak RSS %.0f MB%n", reply.get("peak_rss_mb").getAsDouble());
            py.close();
        }
        return new Summary(binarised ? "binarised" : "grey", jMed, py == null ? Double.NaN : median(torchSec),
                py == null ? null : ratio, iwaeSeconds, iwaeFirstSeconds, digest);
    }

    /**
     * Times each phase of {@link TrainingStep} on {@code kernel} for {@code steps} steps (after as many to warm up),
     * in the trainer's order: the step, then Adam beside the next batch's gather and sparse rows.
     */
    static void profile(VaeConfig config, MatMul kernel, Matrix train, int steps) {
        Vae vae = new Vae(config, kernel);
        TrainingStep step = vae.trainingStep();
        Adam adam = Adam.of(vae.parameters(), config);
        Seeds seeds = Seeds.of(config.seed());
        int[][] order = new Minibatches(train.rows(), config.batchSize()).shuffled(seeds.shuffle());
        Matrix batch = Matrix.zeros(config.batchSize(), train.cols());
        long[] gatherNanos = {0};          // written by the thread that gathers, read after it has finished
        long besideNanos = 0, t0 = 0;
        TrainingStep.Prepared next = step.prepare(Minibatches.gatherInto(train, order[0], batch));
        for (int i = 0; i < 2 * steps; i++) {
            if (i == steps) {
                step.timing(true);
                Arrays.fill(step.phaseNanos(), 0);
                besideNanos = 0;
                gatherNanos[0] = 0;
                t0 = System.nanoTime();
            }
            step.lossAndGradient(next, seeds.noise());
            long c = System.nanoTime();
            int[] rows = order[(i + 1) % (order.length - 1)];      // full batches only
            next = step.updateWhilePreparing(adam.sharedStep(), () -> {
                long a = System.nanoTime();
                Minibatches.gatherInto(train, rows, batch);
                gatherNanos[0] += System.nanoTime() - a;
                return batch;
            });
            besideNanos += System.nanoTime() - c;
        }
        double total = (System.nanoTime() - t0) / 1e6 / steps;
        System.out.printf(Locale.ROOT, "profile, %s: %.3f ms per step (batch %d, mean of %d)%n", kernel, total,
                config.batchSize(), steps);
        long[] p = step.phaseNanos();
        for (TrainingStep.Phase phase : TrainingStep.Phase.values()) {
            if (phase == TrainingStep.Phase.SPARSE_INPUT) continue;    // beside Adam, below
            double ms = p[phase.ordinal()] / 1e6 / steps;
            System.out.printf(Locale.ROOT, "  %-28s %7.3f ms  %5.1f %%%n", phase.label(), ms, 100 * ms / total);
        }
        double beside = besideNanos / 1e6 / steps;
        System.out.printf(Locale.ROOT, "  %-28s %7.3f ms  %5.1f %%%n", "adam beside the next batch", beside, 100 * beside / total);
        System.out.printf(Locale.ROOT, "    %-26s %7.3f ms  (the other thread, then it joins adam)%n", "gather the next batch",
                gatherNanos[0] / 1e6 / steps);
        System.out.printf(Locale.ROOT, "    %-26s %7.3f ms  (likewise)%n", TrainingStep.Phase.SPARSE_INPUT.label(),
                p[TrainingStep.Phase.SPARSE_INPUT.ordinal()] / 1e6 / steps);
    }

    /** The PyTorch process, driven line by line (see lib/bench/torch_vae.py). */
    static final class TorchSide {
        final Process process;
        final BufferedReader out;
        final PrintWriter in;
        final String description;

        private TorchSide(Process process, BufferedReader out, PrintWriter in, String description) {
            this.process = process;
            this.out = out;
            this.in = in;
            this.description = description;
        }

        /** Largest float32 product error (relative to the sum of |terms|) a correct BLAS stays under. */
        static final double BLAS_CHECK_TOLERANCE = 1e-5;

        /**
         * Starts the script, or returns null (saying why) when python3-torch is not installed, when
         * PyTorch runs on the reference BLAS, or when its BLAS computes a wrong product here: no
         * ratio is printed against an unfair or a wrong opponent.
         */
        static TorchSide start(Path script, boolean binarised, String coretype) throws IOException {
            Path python = Path.of("/usr/bin/python3");
            if (!Files.isRegularFile(script)) {
                System.out.println("pytorch: skipped, no script at " + script.toAbsolutePath() + " (run from the repository root)");
                return null;
            }
            if (!Files.isExecutable(python) || !torchInstalled(python)) {
                System.out.println("pytorch: skipped, Debian's python3-torch is not installed "
                        + "(./lecture bench installs it with libopenblas0-pthread; it is large, so the setup does not)");
                return null;
            }
            if (coretype.equals("best")) coretype = fastestCoretype(python, script);
            ProcessBuilder pb = binarised ? new ProcessBuilder(python.toString(), script.toString(), "--binarised")
                    : new ProcessBuilder(python.toString(), script.toString());
            String inherited = System.getenv("OPENBLAS_CORETYPE");
            withCoretype(pb, coretype);
            pb.redirectError(ProcessBuilder.Redirect.INHERIT);
            Process p = pb.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            PrintWriter in = new PrintWriter(p.getOutputStream(), true, StandardCharsets.UTF_8);
            String line = out.readLine();
            JsonObject ready = line == null ? null : JsonParser.parseString(line).getAsJsonObject();
            if (ready == null || !ready.has("ready")) throw new IOException("pytorch script did not start: " + line);
            String files = ready.get("blas_files").toString();
            double blasError = ready.get("blas_check_max_rel_error").getAsDouble();
            String unfair = unfairness(ready);
            if (unfair != null) {
                System.out.println("pytorch: not compared: " + unfair);
                in.close();
                return null;
            }
            String core = ready.get("openblas_core").getAsString();
            String how = switch (coretype) {
                case "env" -> inherited == null ? "OPENBLAS_CORETYPE not set" : "OPENBLAS_CORETYPE=" + inherited + " kept from the environment";
                case "detected" -> "detected by OpenBLAS" + (inherited == null ? "" : ", the environment's OPENBLAS_CORETYPE=" + inherited + " removed");
                default -> "OPENBLAS_CORETYPE=" + coretype + " set by the benchmark";
            };
            String desc = String.format(Locale.ROOT, "torch %s, torch threads %d, OpenBLAS threads %s, OpenBLAS kernel %s (%s; "
                            + "product checked against float64: max relative error %.1e), %s",
                    ready.get("torch").getAsString(), ready.get("torch_threads").getAsInt(),
                    ready.get("openblas_threads").getAsString(), core, how, blasError, ready.get("openblas_config").getAsString());
            System.out.println("pytorch: " + desc + ", " + files + ", script " + script);
            return new TorchSide(p, out, in, desc);
        }

        /**
         * Why no ratio may be printed against the PyTorch process that reported {@code ready}
         * (torch_vae.py's first line), or null when the race is fair: PyTorch must run on
         * OpenBLAS, and its float32 product must pass the float64 check.
         */
        static String unfairness(JsonObject ready) {
            String blas = ready.get("blas").getAsString();
            if (!"openblas".equals(blas)) {
                return "PyTorch runs on the " + blas + " BLAS " + ready.get("blas_files")
                        + ", not OpenBLAS (install libopenblas0-pthread: ./lecture bench does)";
            }
            double error = ready.get("blas_check_max_rel_error").getAsDouble();
            if (!(error < BLAS_CHECK_TOLERANCE)) {
                return String.format(Locale.ROOT, "OpenBLAS kernel %s computes a 128x784 by 784x400 product with relative "
                        + "error %.2e (expected under %.0e): try --torch-coretype env or another kernel",
                        ready.get("openblas_core").getAsString(), error, BLAS_CHECK_TOLERANCE);
            }
            return null;
        }

        /** Sets PyTorch's OpenBLAS kernel in {@code pb}'s environment: see {@code --torch-coretype}. */
        private static ProcessBuilder withCoretype(ProcessBuilder pb, String coretype) {
            switch (coretype) {
                case "env" -> { }
                case "detected" -> {
                    pb.environment().remove("OPENBLAS_CORETYPE");
                    pb.environment().remove("OPENBLAS_L2_SIZE");
                }
                default -> {
                    pb.environment().put("OPENBLAS_CORETYPE", coretype);
                    pb.environment().remove("OPENBLAS_L2_SIZE");
                }
            }
            return pb;
        }

        /**
         * Times the largest product of a training step under each candidate OpenBLAS kernel (one
         * short process each, {@code torch_vae.py --probe}) and returns the fastest whose product
         * passes the float64 check; prints each candidate's figures, or why it was dropped (a
         * kernel this processor lacks instructions for dies of SIGILL).
         */
        private static String fastestCoretype(Path python, Path script) throws IOException {
            String best = "detected";
            double bestGflops = 0;
            System.out.println("pytorch: timing OpenBLAS kernels (128x784 by 784x400 float32 product):");
            for (String candidate : List.of("detected", "Zen", "Haswell", "SkylakeX", "Cooperlake")) {
                ProcessBuilder pb = withCoretype(new ProcessBuilder(python.toString(), script.toString(), "--probe"), candidate);
                pb.redirectError(ProcessBuilder.Redirect.DISCARD);
                Process p = pb.start();
                String line = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                int exit;
                try {
                    exit = p.waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while probing OpenBLAS kernels", e);
                }
                if (exit != 0 || line.isEmpty()) {
                    System.out.printf("  %-10s  dropped: the probe exited with %d%s%n", candidate, exit,
                            exit == 132 ? " (illegal instruction: this processor lacks the kernel's instructions)" : "");
                    continue;
                }
                JsonObject probe = JsonParser.parseString(line).getAsJsonObject();
                double gflops = probe.get("product_gflops").getAsDouble();
                double error = probe.get("blas_check_max_rel_error").getAsDouble();
                boolean right = error < BLAS_CHECK_TOLERANCE && "openblas".equals(probe.get("blas").getAsString());
                System.out.printf(Locale.ROOT, "  %-10s  runs %-10s %6.1f GFLOP/s, max relative error %.1e%s%n", candidate,
                        probe.get("openblas_core").isJsonNull() ? "-" : probe.get("openblas_core").getAsString(), gflops, error,
                        right ? "" : "  dropped: wrong product or not OpenBLAS");
                if (right && gflops > bestGflops) {
                    best = candidate;
                    bestGflops = gflops;
                }
            }
            return best;
        }

        private static boolean torchInstalled(Path python) {
            try {
                Process p = new ProcessBuilder(python.toString(), "-c", "import torch").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                return p.waitFor() == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        JsonObject ask(String command) throws IOException {
            in.println(command);
            String line = out.readLine();
            if (line == null) throw new IOException("pytorch script ended before answering '" + command + "'");
            JsonObject reply = JsonParser.parseString(line).getAsJsonObject();
            if (reply.has("error")) throw new IOException("pytorch script: " + reply.get("error").getAsString());
            return reply;
        }

        void close() throws InterruptedException {
            in.close();
            process.waitFor();
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return quantile(s, 0.5);
    }

    static double median(List<Double> v) {
        return median(v.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Linear interpolation between order statistics of sorted {@code s}. */
    static double quantile(double[] s, double q) {
        if (s.length == 0) return Double.NaN;
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos), hi = (int) Math.ceil(pos);
        return s[lo] + (pos - lo) * (s[hi] - s[lo]);
    }

    static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }

    /** The peak resident set of this JVM (VmHWM, Linux), in MB; NaN elsewhere. */
    static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return Double.NaN;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
