package vae.model;

import vae.toy.AmortisedGaussianVae;
import vae.toy.ExactElbo;
import vae.toy.Nonlinear1DModel;
import vae.toy.TwoDimData;

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
 * synthetic MNIST-like images, and notebook 05b's toy VAE ({@link #runToy}), once per thread count
 * given, and prints one line per run:
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
            runToy(threads);
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
     * The toy VAE of notebook 05b (2-D data, 1-D latent, 24 hidden units) trained for 5 epochs on 400
     * points of the horseshoe; its line carries, in place of the losses, the ELBO of the training data
     * after training ("train"), the sum of log p(x) by quadrature ("test") and of the exact ELBO of the
     * encoder's q ("iwae") over 5 test points: both evaluate the decoder at thousands of latents, on
     * the Vector API a lane per latent ({@code ElementWise.reluNetworkAt}). The toy VAE runs on one thread: its line
     * repeats for each thread count, so it checks the widths and JDKs only.
     */
    private static void runToy(int threads) {
        Nonlinear1DModel truth = TwoDimData.horseshoe(2.0, 0.1);
        double[][] train = TwoDimData.sample(truth, 400, new Rng(21)).x(), test = TwoDimData.sample(truth, 5, new Rng(22)).x();
        AmortisedGaussianVae vae = new AmortisedGaussianVae(2, 24, 1, 0.1, new Rng(23));
        vae.train(train, 5, 50, 3e-3, new Rng(24));
        double elbo = vae.evaluate(train, new Rng(25)).elbo(), logPx = 0, exactElbo = 0;
        for (double[] x : test) {
            logPx += vae.logMarginal(x);
            exactElbo += ExactElbo.elbo(vae.decoderModel(), x, vae.encode(x));
        }
        System.out.printf(Locale.ROOT, "RUN shape=toy threads=%d digest=%s train=%s test=%s iwae=%s (%.12f %.12f %.12f)%n",
                threads, WeightsDigest.of(vae), Double.toHexString(elbo), Double.toHexString(logPx), Double.toHexString(exactElbo),
                elbo, logPx, exactElbo);
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
