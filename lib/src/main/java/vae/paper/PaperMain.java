package vae.paper;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import vae.data.Mnist;
import vae.setup.ThisCopy;
import vae.train.LearningRateSchedule;

/**
 * {@code ./lecture paper}: Burda et al.'s VAE on MNIST, the whole schedule, resumable; at the end
 * the run record in {@code runs/<id>/record.json} and, for the full experiment,
 * {@code records/paper/burda2016-vae.json}. {@code --help} lists the options.
 */
public final class PaperMain {
    private PaperMain() {}

    static final String USAGE = """
            usage: ./lecture paper [options]
              Trains Burda et al.'s (2016) VAE on MNIST through the eight stages of their schedule
              (3280 passes), evaluates the test NLL with k = 5000 after each stage, and writes the run
              record. Keeps a checkpoint in ~/.cache/vae-lecture/paper/<configuration hash>/ and resumes
              from it: stopping and starting again gives the same bits as an unbroken run.
              --threads T          threads of the training (default 1: minibatches of 20 are too small to share)
              --eval-threads T     threads of the evaluations (default %d); the numbers depend on neither
              --stages N           only the first N stages (a small run)
              --passes P           at most P passes per stage (a small run)
              --train-images N     the first N training images (default 59600)
              --test-images N      the first N test images (default 10000)
              --k K                importance samples per test image (default 5000)
              --checkpoint-passes N, --checkpoint-minutes M   checkpoint within a stage (default 10 passes, 10 min)
              --fresh              delete this configuration's checkpoint and start from zero
              --cache DIR          the checkpoints' folder (default ~/.cache/vae-lecture/paper)
            """;

    public static void main(String[] args) throws IOException {
        // Measured on the 2-core machine with the long run busy on one core (18:40 UTC, load 3 to 4), after
        // the JIT's warm-up (the first pass of a JVM takes 8 s): a pass of 59 600 images in minibatches of 20
        // took 2.2 s on 1 thread and 3.4 s on 2 (the threads meet at every small product); k = 5000 on 1000
        // test images took 98 s on 1 thread and 70 s on 2 (products of 5000 rows). The numbers are the same bits.
        int threads = 1, evalThreads = 2, stages = 0, passes = 0, train = 0, test = 0, k = 0;
        int checkpointPasses = 10;
        double checkpointMinutes = 10;
        boolean fresh = false;
        Path cache = CACHE;
        Map<String, Object> injected = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-h", "--help" -> {
                    System.out.printf(Locale.ROOT, USAGE, evalThreads);
                    return;
                }
                case "--fresh" -> fresh = true;
                case "--threads" -> threads = positive(a, value(args, ++i, a));
                case "--eval-threads" -> evalThreads = positive(a, value(args, ++i, a));
                case "--stages" -> injected.put("stages", stages = positive(a, value(args, ++i, a)));
                case "--passes" -> injected.put("passes", passes = positive(a, value(args, ++i, a)));
                case "--train-images" -> injected.put("trainImages", train = positive(a, value(args, ++i, a)));
                case "--test-images" -> injected.put("testImages", test = positive(a, value(args, ++i, a)));
                case "--k" -> injected.put("k", k = positive(a, value(args, ++i, a)));
                case "--checkpoint-passes" -> checkpointPasses = positive(a, value(args, ++i, a));
                case "--checkpoint-minutes" -> checkpointMinutes = positive(a, value(args, ++i, a));
                case "--cache" -> cache = Path.of(value(args, ++i, a));
                default -> throw new IllegalArgumentException("paper: unknown option " + a + " (expected one of --threads,"
                        + " --eval-threads, --stages, --passes, --train-images, --test-images, --k, --checkpoint-passes,"
                        + " --checkpoint-minutes, --fresh, --cache, --help)");
            }
        }
        PaperConfig config = PaperConfig.burda2016(threads);
        LearningRateSchedule schedule = config.schedule();
        if (stages > 0 || passes > 0) {
            schedule = schedule.truncated(stages > 0 ? stages : schedule.size(), passes > 0 ? passes : Integer.MAX_VALUE);
        }
        if (!injected.isEmpty()) {
            int n = train > 0 ? train : config.trainImages();
            config = config.smaller(n, test > 0 ? test : config.testImages(), schedule, k > 0 ? k : config.evalK(),
                    Math.min(config.activeUnitImages(), n));
        }
        boolean full = injected.isEmpty();
        Path folder = cache.resolve(config.hash());
        if (fresh && Files.exists(Checkpoint.file(folder))) {
            Files.delete(Checkpoint.file(folder));
            System.out.println("paper: --fresh: deleted " + Checkpoint.file(folder));
        }
        PrintStream log = System.out;
        log.println("paper: " + (full ? "the full experiment" : "a small run " + injected) + ", " + config.model()
                + ", " + schedule.totalPasses() + " passes in " + schedule.size() + " stages, k = " + config.evalK()
                + ", " + threads + " training thread(s), " + evalThreads + " evaluating; checkpoints in " + folder);
        Path dataDir = Mnist.defaultDir();
        Mnist mnist = Mnist.load(dataDir);
        PaperRun run = new PaperRun(config, mnist.train().images(), mnist.test().images(), folder, log)
                .checkpointEvery(checkpointPasses, checkpointMinutes * 60).evaluationThreads(evalThreads);
        run.run();

        String id = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).format(ZonedDateTime.now(ZoneOffset.UTC))
                + "-" + PaperRecord.NAME + suffix(injected);
        List<Path> files = new ArrayList<>();
        for (String f : List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                "t10k-labels-idx1-ubyte")) files.add(dataDir.resolve(f));
        String json = PaperRecord.json(id, full ? "full" : "small", config, injected, run.progress(), run.weightsDigest(),
                PaperRecord.sha256(files), threads, evalThreads, "ok", null);
        Path runRecord = ThisCopy.folder().resolve("runs").resolve(id).resolve("record.json");
        PaperRecord.writeAtomically(runRecord, json);
        log.println("paper: record " + runRecord);
        if (full) {
            Path committed = ThisCopy.folder().resolve("records").resolve("paper").resolve(PaperRecord.NAME + ".json");
            PaperRecord.writeAtomically(committed, json);
            log.println("paper: record " + committed + " (commit it)");
        }
        StageResult last = run.progress().stages().get(run.progress().stages().size() - 1);
        log.printf(Locale.ROOT, "paper: test NLL (k = %d) %.2f +- %.2f nats (Burda et al.: 86.76), %d active units,"
                        + " weights digest %s, %s in all%n", config.evalK(), last.nll(), last.nllSe(), last.activeUnits(),
                run.weightsDigest(), PaperRun.duration(run.progress().wallSeconds()));
    }

    /** Where the checkpoints are kept, one folder per configuration: {@code ~/.cache/vae-lecture/paper/}. */
    public static final Path CACHE = Path.of(System.getProperty("user.home"), ".cache", "vae-lecture", "paper");

    /** The checkpoint folder of {@code config} under {@link #CACHE}: its {@link PaperConfig#hash()}. */
    public static Path folder(PaperConfig config) {
        return CACHE.resolve(config.hash());
    }

    private static String suffix(Map<String, Object> injected) {
        StringBuilder b = new StringBuilder();
        injected.forEach((name, v) -> b.append('-').append(name).append('=').append(v));
        return b.toString();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new IllegalArgumentException("paper: " + option + " needs a value");
        return args[i];
    }

    private static int positive(String option, String text) {
        int v;
        try {
            v = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("paper: " + option + " expects a whole number, got \"" + text + "\"");
        }
        if (v < 1) throw new IllegalArgumentException("paper: " + option + " expects a number >= 1, got " + v);
        return v;
    }
}
