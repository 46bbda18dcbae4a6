package vae.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;
import vae.data.Binarisation;
import vae.data.Dataset;
import vae.linalg.Matrix;
import vae.model.Vae;
import vae.model.VaeConfig;
import vae.prob.Rng;

/**
 * The notebooks' data protocol: a test set binarised once with a recorded seed, training batches
 * binarised afresh, and the same bits whatever the thread count.
 */
class BinarisedProtocolTest {
    private static final VaeConfig TINY = VaeConfig.builder().inputDim(12).hiddenDim(8).latentDim(2).epochs(2)
            .batchSize(10).binarisation(Binarisation.BERNOULLI).threads(1).build();

    private static Dataset greyLevels(int n, long seed) {
        Matrix x = Matrix.zeros(n, 12);
        Rng rng = new Rng(seed);
        float[] d = x.data();
        for (int i = 0; i < d.length; i++) d[i] = (float) rng.nextDouble();
        return new Dataset(x, new int[n]);
    }

    @Test
    void theTestSetIsBinaryFixedByItsSeedAndIndependentOfItsLength() {
        Dataset grey = greyLevels(400, 5);
        Dataset once = grey.binarised(2016), again = grey.binarised(2016), other = grey.binarised(2017);
        for (float v : once.images().data()) assertTrue(v == 0f || v == 1f, "pixel " + v + " is not 0 or 1");
        assertArrayEquals(once.images().data(), again.images().data(), "same seed, same bits");
        assertFalse(java.util.Arrays.equals(once.images().data(), other.images().data()), "another seed, other bits");
        assertArrayEquals(grey.head(50).binarised(2016).images().data(), once.head(50).images().data(),
                "the first images' bits do not depend on how many follow");
        // each bit is a Bernoulli(grey level) draw: the mean of (bit - grey) over 4800 pixels is near 0,
        // within 4 standard errors (the variance of a Bernoulli(p) bit is p(1 - p), at most 1/4)
        double diff = 0, var = 0;
        float[] g = grey.images().data(), b = once.images().data();
        for (int i = 0; i < g.length; i++) {
            diff += b[i] - g[i];
            var += g[i] * (1 - g[i]);
        }
        assertTrue(Math.abs(diff) < 4 * Math.sqrt(var), "sum of (bit - grey) " + diff + ", standard error " + Math.sqrt(var));
    }

    @Test
    void trainingDrawsFreshBitsEachEpochAndTheSameForAnyThreadCount() {
        Dataset train = greyLevels(60, 7), test = greyLevels(20, 8).binarised(TINY.testBinarisationSeed());
        Table one = new Trainer(new Vae(TINY)).fit(train, test).table();
        Table two = new Trainer(new Vae(TINY.toBuilder().threads(2).build())).fit(train, test).table();
        assertArrayEquals(one.doubleColumn("train_loss").asDoubleArray(), two.doubleColumn("train_loss").asDoubleArray(), 0.0);
        assertArrayEquals(one.doubleColumn("test_loss").asDoubleArray(), two.doubleColumn("test_loss").asDoubleArray(), 0.0);
        // the grey-level run sees other data: binarisation changes the losses
        Table grey = new Trainer(new Vae(TINY.toBuilder().binarisation(Binarisation.NONE).build())).fit(train, test).table();
        assertFalse(one.doubleColumn("train_loss").getDouble(0) == grey.doubleColumn("train_loss").getDouble(0));
    }

    @Test
    void anExperimentsTestSetIsBinarisedWithItsRecordedSeed() {
        Experiment quick = Experiment.quick();
        assertEquals(Binarisation.BERNOULLI, quick.config().binarisation());
        assertEquals(Binarisation.BERNOULLI, Experiment.full().config().binarisation());
        assertEquals(quick.config().testBinarisationSeed(), Experiment.full().config().testBinarisationSeed(),
                "quick and full share the test set's draw");
    }
}
