package vae.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;
import vae.eval.ElboTerms;
import vae.linalg.Matrix;
import vae.model.Vae;
import vae.model.VaeConfig;
import vae.prob.Rng;

class ElboHistoryTest {
    private static final VaeConfig TINY = VaeConfig.builder().inputDim(8).hiddenDim(6).latentDim(2).epochs(1)
            .batchSize(16).threads(1).build();

    private static Matrix images(int n, long seed) {
        Matrix x = Matrix.zeros(n, 8);
        Rng rng = new Rng(seed);
        float[] d = x.data();
        for (int i = 0; i < d.length; i++) d[i] = (float) rng.nextDouble();
        return x;
    }

    @Test
    void recordsTrainTermsFromTheTrainerAndTestTermsFromElboTerms() {
        Vae vae = new Vae(TINY);
        Matrix train = images(80, 1), test = images(30, 2);
        ElboHistory history = new ElboHistory(vae, test, 9);
        Trainer trainer = new Trainer(vae).listener(history);
        Table losses = trainer.fit(train, test).table();
        ElboTerms expected = ElboTerms.of(vae, test, 1, new Rng(9)); // same stream, same model after epoch 1
        assertEquals(expected.meanElbo(), history.last("test ELBO"), 1e-12);
        assertEquals(expected.meanReconstruction(), history.last("test reconstruction"), 1e-12);
        assertEquals(expected.meanKl(), history.last("test KL"), 1e-12);
        double rec = losses.doubleColumn("reconstruction").getDouble(0), kl = losses.doubleColumn("kl").getDouble(0);
        assertEquals(-rec, history.last("train reconstruction"), 1e-12);
        assertEquals(kl, history.last("train KL"), 1e-12);
        assertEquals(-(rec + kl), history.last("train ELBO"), 1e-12);
        trainer.fit(train, test); // a second call continues: epoch 2
        assertEquals(2, history.table().rowCount());
        assertEquals(2, history.table().intColumn("epoch").get(1));
        BufferedImage curves = history.curves();
        assertTrue(curves.getWidth() > 1500 && curves.getHeight() >= 380, curves.getWidth() + "x" + curves.getHeight());
    }
}
