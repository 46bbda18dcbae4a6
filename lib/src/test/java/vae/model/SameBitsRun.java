package vae.model;

import java.util.Locale;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import vae.eval.ImportanceEstimate;
import vae.eval.ImportanceWeighted;
import vae.linalg.Matrix;
import vae.prob.Rng;
import vae.train.Trainer;
import vae.train.TrainingHistory;

/**
 * The child process of {@link SameBitsAnyMachineTest}: trains two small VAEs for one epoch on
 * synthetic MNIST-like images, once per thread count given, and prints one line per run:
 * <pre>
 *   RUN shape=mnist threads=1 digest=&lt;sha-256&gt; train=&lt;hex double&gt; test=&lt;hex&gt; iwae=&lt;hex&gt; (decimal values)
 * </pre>
 * plus one {@code JVM} line (Java version, vector lanes) first. Shapes: "mnist" is the reference
 * model (784 -> 400 -> 20) on 1952 images in batches of 128 (the last one of 32 rows, so the
 * product {@code dlogits W4^T} runs as dot products); "odd" is 100 -> 72 -> 6 on 500 images in
 * batches of 64 (last batch 52; 100 and 72 not multiples of 16, so every tail runs).
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp CLASSPATH vae.model.SameBitsRun 1,2
 * </pre>
 */
public final class SameBitsRun {
    private SameBitsRun() {}

    public static void main(String[] args) {
        String threadList = args.length > 0 ? args[0] : "1,2";
        System.out.printf(Locale.ROOT, "JVM java=%s floatLanes=%d doubleLanes=%d%n", System.getProperty("java.version"),
                FloatVector.SPECIES_PREFERRED.length(), DoubleVector.SPECIES_PREFERRED.length());
        for (String t : threadList.split(",")) {
            int threads = Integer.parseInt(t.trim());
            run("mnist", VaeConfig.builder().batchSize(128), 28, 1952, threads);
            run("odd", VaeConfig.builder().inputDim(100).hiddenDim(72).latentDim(6).batchSize(64), 10, 500, threads);
        }
    }

    private static void run(String shape, VaeConfig.Builder builder, int side, int images, int threads) {
        VaeConfig config = builder.threads(threads).epochs(1).seed(3).learningRate(2e-3).build();
        Matrix train = strokes(images, side, 11), test = strokes(100, side, 12);
        Vae vae = new Vae(config);
        TrainingHistory history = new Trainer(vae).fit(train, test);
        ImportanceEstimate iwae = ImportanceWeighted.estimate(vae, strokes(8, side, 13), 64, new Rng(5));
        double trainLoss = history.epochs().get(0).trainLoss(), testLoss = history.epochs().get(0).testLoss();
        System.out.printf(Locale.ROOT, "RUN shape=%s threads=%d digest=%s train=%s test=%s iwae=%s (%.12f %.12f %.12f)%n",
                shape, threads, WeightsDigest.of(vae), Double.toHexString(trainLoss), Double.toHexString(testLoss),
                Double.toHexString(iwae.mean()), trainLoss, testLoss, iwae.mean());
    }

    /**
     * n images of side x side pixels like MNIST's: mostly 0, two or three thick strokes each with
     * grey edges, values on the grid k / 255.
     */
    static Matrix strokes(int n, int side, long seed) {
        Rng rng = new Rng(seed);
        Matrix x = Matrix.zeros(n, side * side);
        for (int i = 0; i < n; i++) {
            int count = 2 + rng.nextInt(2);
            for (int s = 0; s < count; s++) {
                double x0 = rng.nextDouble(0.2, 0.8) * side, y0 = rng.nextDouble(0.2, 0.8) * side;
                double x1 = rng.nextDouble(0.2, 0.8) * side, y1 = rng.nextDouble(0.2, 0.8) * side;
                double width = rng.nextDouble(0.6, 1.4) * side / 28;
                for (int r = 0; r < side; r++) {
                    for (int c = 0; c < side; c++) {
                        double d = distanceToSegment(c + 0.5, r + 0.5, x0, y0, x1, y1);
                        double v = Math.max(0, Math.min(1, 1.5 - d / width));
                        int p = r * side + c;
                        float q = (float) (Math.round(v * 255) / 255.0);
                        if (q > x.get(i, p)) x.set(i, p, q);
                    }
                }
            }
        }
        return x;
    }

    private static double distanceToSegment(double px, double py, double x0, double y0, double x1, double y1) {
        double dx = x1 - x0, dy = y1 - y0, len2 = dx * dx + dy * dy;
        double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / len2));
        double ex = px - (x0 + t * dx), ey = py - (y0 + t * dy);
        return Math.sqrt(ex * ex + ey * ey);
    }
}
