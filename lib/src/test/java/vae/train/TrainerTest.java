package vae.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;
import vae.data.Binarisation;
import vae.linalg.Matrix;
import vae.linalg.Parallel;
import vae.model.Seeds;
import vae.model.Vae;
import vae.model.VaeConfig;
import vae.nn.Parameter;
import vae.prob.Rng;

/**
 * Training on synthetic images (no MNIST): reproducibility bit for bit (tolerance: none), for 1
 * and for 2 threads, and across thread counts; the NaN stop; the history table; the listener.
 * Sizes (batch 64 x 100 inputs x 64 hidden) exceed Parallel.MIN_PARALLEL_WORK, so 2 threads
 * really split the products.
 */
class TrainerTest {
    private static final VaeConfig CONFIG = VaeConfig.builder().inputDim(100).hiddenDim(64).latentDim(2)
            .batchSize(64).epochs(2).seed(7).learningRate(3e-3).build();

    /** 300 blurry "strokes" in [0, 1]: a bright row or column per image, plus noise. */
    static Matrix images(int n, long seed) {
        return strokes(n, seed, false);
    }

    /** Strokes on a black background (about 15 % of the pixels non-zero): the sparse first layer's path. */
    static Matrix sparseImages(int n, long seed) {
        return strokes(n, seed, true);
    }

    /** A bright row or column per image; around it faint noise everywhere, or black with a few bright dots. */
    private static Matrix strokes(int n, long seed, boolean black) {
        Rng rng = new Rng(seed);
        Matrix x = Matrix.zeros(n, 100);
        for (int i = 0; i < n; i++) {
            int line = rng.nextInt(10);
            boolean row = rng.nextBernoulli(0.5);
            for (int p = 0; p < 100; p++) {
                boolean onLine = (row ? p / 10 : p % 10) == line;
                if (!black) x.set(i, p, (float) Math.min(1, (onLine ? 0.9 : 0.05) + 0.1 * rng.nextDouble()));
                else if (onLine || rng.nextBernoulli(0.05)) x.set(i, p, (float) (0.5 + 0.5 * rng.nextDouble()));
            }
        }
        return x;
    }

    private record Run(Table history, List<float[]> weights) {}

    private static Run train(VaeConfig config) {
        Vae vae = new Vae(config);
        Table h = new Trainer(vae).fit(images(300, 1), images(70, 2)).table();
        List<float[]> w = new ArrayList<>();
        for (Parameter p : vae.parameters()) w.add(p.value().data().clone());
        return new Run(h, w);
    }

    private static void assertSameBits(Run a, Run b, String what) {
        for (String col : List.of("train_loss", "reconstruction", "kl", "test_loss")) {
            assertArrayEquals(a.history.doubleColumn(col).asDoubleArray(), b.history.doubleColumn(col).asDoubleArray(),
                    what + ": " + col); // assertArrayEquals on doubles compares exactly (bit patterns for NaN)
        }
        for (int i = 0; i < a.weights.size(); i++) assertArrayEquals(a.weights.get(i), b.weights.get(i), what + ": weights " + i);
    }

    @Test
    void sameSeedSameNumbersBitForBitWithOneAndTwoThreads() {
        Run one = train(CONFIG.toBuilder().threads(1).build());
        Run oneAgain = train(CONFIG.toBuilder().threads(1).build());
        assertSameBits(one, oneAgain, "1 thread, twice");
        Run two = train(CONFIG.toBuilder().threads(2).build());
        Run twoAgain = train(CONFIG.toBuilder().threads(2).build());
        assertSameBits(two, twoAgain, "2 threads, twice");
        assertSameBits(one, two, "1 thread vs 2 threads");
        Run otherSeed = train(CONFIG.toBuilder().threads(2).seed(8).build());
        assertNotEquals(one.history.doubleColumn("train_loss").get(1), otherSeed.history.doubleColumn("train_loss").get(1),
                "another seed gives other numbers (so the comparison above can fail)");
    }

    @Test
    void historyHasOneRowPerEpochAndTheLossFalls() {
        Table h = train(CONFIG.toBuilder().epochs(5).build()).history;
        assertEquals(List.of("epoch", "train_loss", "reconstruction", "kl", "test_loss", "seconds"), h.columnNames());
        assertEquals(5, h.rowCount());
        assertArrayEquals(new int[] {1, 2, 3, 4, 5}, h.intColumn("epoch").asIntArray());
        double[] train = h.doubleColumn("train_loss").asDoubleArray();
        double[] rec = h.doubleColumn("reconstruction").asDoubleArray();
        double[] kl = h.doubleColumn("kl").asDoubleArray();
        for (int e = 0; e < 5; e++) {
            assertEquals(train[e], rec[e] + kl[e], 1e-9 * train[e], "loss = reconstruction + KL (beta 1)");
            assertTrue(h.doubleColumn("seconds").get(e) > 0);
        }
        assertTrue(train[4] < train[0] - 1, "training lowers the loss: " + train[0] + " -> " + train[4]);
        assertTrue(h.doubleColumn("test_loss").get(4) < h.doubleColumn("test_loss").get(0));
    }

    @Test
    void nanLossStopsTrainingNamingEpochAndBatch() {
        Matrix x = images(300, 1);
        x.set(123, 45, Float.NaN);
        VaeConfig config = CONFIG.toBuilder().threads(1).build();
        // Where image 123 lands in epoch 1: the trainer's shuffle stream, first permutation.
        int[][] batches = new Minibatches(300, config.batchSize()).shuffled(Seeds.of(config.seed()).shuffle());
        int expectedBatch = -1;
        for (int b = 0; b < batches.length; b++) for (int i : batches[b]) if (i == 123) expectedBatch = b + 1;
        Trainer trainer = new Trainer(new Vae(config));
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> trainer.fit(x, null));
        assertEquals(1, e.epoch());
        assertEquals(expectedBatch, e.batch());
        assertTrue(e.getMessage().startsWith("loss became NaN at epoch 1, batch " + expectedBatch + " of 5"), e.getMessage());
    }

    @Test
    void explodingLearningRateStopsWithAClearError() {
        VaeConfig config = CONFIG.toBuilder().threads(1).learningRate(1e6).epochs(3).build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> new Trainer(new Vae(config)).fit(images(300, 1), null));
        assertTrue(e.getMessage().matches("loss became (NaN|infinite) at epoch \\d, batch \\d of 5.*"), e.getMessage());
    }

    @Test
    void listenerSeesEveryBatchAndEpochAndTheBarPrints() {
        List<TrainingListener.BatchProgress> batches = new ArrayList<>();
        List<TrainingListener.EpochSummary> epochs = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Trainer t = new Trainer(new Vae(CONFIG)).listener(new TrainingListener() {
            @Override public void onBatch(BatchProgress p) { batches.add(p); }
            @Override public void onEpoch(EpochSummary s) { epochs.add(s); }
        }).listener(new ConsoleProgressBar(new PrintStream(out), 0));
        Table h = t.fit(images(300, 1), images(70, 2)).table();
        assertEquals(2 * 5, batches.size(), "300 images in batches of 64: 4 full and 1 of 44, twice");
        assertEquals(5, batches.get(4).batch());
        assertEquals(2, epochs.size());
        assertEquals(h.doubleColumn("test_loss").get(1), epochs.get(1).testLoss(), 0.0);
        String printed = out.toString();
        assertTrue(printed.contains("\repoch  1/2 [") && printed.contains("test "), printed);
        t.fit(images(300, 1), null); // continues: epochs 3 and 4
        assertArrayEquals(new int[] {1, 2, 3, 4}, t.history().table().intColumn("epoch").asIntArray());
        assertEquals(4, t.history().last().epoch());
        assertEquals(epochs, t.history().epochs(), "the history holds the summaries the listener saw");
    }

    @Test
    void adamBesideTheNextBatchGivesTheBitsOfOneThread() {
        // hidden 160: 33 384 parameters, enough for Adam and the next batch's preparation to run on two threads at once
        VaeConfig big = CONFIG.toBuilder().hiddenDim(160).epochs(2).build();
        assertTrue(new Vae(big).parameterCount() >= 32_768, "the premise: Parallel splits an update this big");
        for (Binarisation bin : List.of(Binarisation.NONE, Binarisation.BERNOULLI)) {
            List<Run> runs = new ArrayList<>();
            for (int threads : new int[] {1, 2}) {
                Vae vae = new Vae(big.toBuilder().binarisation(bin).threads(threads).build());
                Table h = new Trainer(vae).fit(sparseImages(300, 1), sparseImages(70, 2)).table();
                List<float[]> w = new ArrayList<>();
                for (Parameter p : vae.parameters()) w.add(p.value().data().clone());
                runs.add(new Run(h, w));
            }
            assertSameBits(runs.get(0), runs.get(1), bin + ": 1 thread vs 2 threads");
        }
    }

    @Test
    void bernoulliBinarisationTrainsAndIsReproducible() {
        VaeConfig c = CONFIG.toBuilder().binarisation(Binarisation.BERNOULLI).epochs(1).threads(1).build();
        assertSameBits(train(c), train(c), "Bernoulli binarisation, twice");
    }

    @Test
    void minibatchesKeepTheLastPartialBatchAndCoverEveryExample() {
        Minibatches mb = new Minibatches(300, 64);
        assertEquals(5, mb.batchCount());
        Rng rng = new Rng(1);
        int[][] first = mb.shuffled(rng), second = mb.shuffled(rng);
        assertEquals(44, first[4].length);
        boolean[] seen = new boolean[300];
        for (int[] b : first) for (int i : b) {
            assertTrue(!seen[i], "example " + i + " twice");
            seen[i] = true;
        }
        for (boolean s : seen) assertTrue(s);
        assertTrue(!java.util.Arrays.equals(first[0], second[0]), "a fresh shuffle each epoch");
        assertEquals(new Minibatches(60000, 128).batchCount(), 469);
        assertEquals(Parallel.defaultThreads(), CONFIG.threads());
    }

    @Test
    void adamFirstStepMovesEachParameterByTheLearningRate() {
        // With bias correction, step 1 is p -= lr * g / (|g| + eps): each entry moves by ~lr against its gradient.
        Parameter p = new Parameter("p", Matrix.of(1, 3, 1f, 1f, 1f));
        p.grad().data()[0] = 2f;
        p.grad().data()[1] = -0.5f;
        Adam adam = new Adam(List.of(p), 0.1, 0.9, 0.999, 1e-8);
        adam.step();
        assertArrayEquals(new float[] {0.9f, 1.1f, 1f}, p.value().data(), 1e-6f);
        assertEquals(1, adam.steps());
        adam.reset();
        assertEquals(0, adam.steps());
    }
}
