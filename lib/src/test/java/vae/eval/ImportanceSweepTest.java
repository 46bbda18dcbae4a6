package vae.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;
import vae.linalg.Matrix;
import vae.model.Vae;
import vae.model.VaeConfig;
import vae.prob.Rng;

class ImportanceSweepTest {
    private static final VaeConfig TINY = VaeConfig.builder().inputDim(8).hiddenDim(6).latentDim(2).threads(1).build();

    private static Matrix images(int n) {
        Matrix x = Matrix.zeros(n, 8);
        Rng rng = new Rng(4);
        float[] d = x.data();
        for (int i = 0; i < d.length; i++) d[i] = rng.nextDouble() < 0.3 ? 1f : 0f;
        return x;
    }

    @Test
    void eachKIsTheEstimatorWithItsOwnStream() {
        Vae vae = new Vae(TINY);
        Matrix x = images(12);
        ImportanceSweep sweep = ImportanceSweep.run(vae, x, new int[] {1, 10, 100}, Proposal.ENCODER, 50);
        for (int k : new int[] {1, 10, 100}) {
            ImportanceEstimate direct = ImportanceWeighted.estimate(vae, x, k, Proposal.ENCODER, new Rng(50 + k));
            assertArrayEquals(direct.logpx(), sweep.estimate(k).logpx(), 0.0);
        }
        SampleMean step = sweep.step(10, 100);
        assertEquals(sweep.mean(100).mean() - sweep.mean(10).mean(), step.mean(), 1e-12);
        ImportanceSweep head = sweep.head(5);
        assertEquals(5, head.estimate(10).logpx().length);
        assertEquals(sweep.estimate(10).logpx()[4], head.estimate(10).logpx()[4], 0.0);
        Table t = sweep.table("sweep");
        assertEquals(3, t.rowCount());
        assertTrue(Double.isNaN(t.doubleColumn("step from previous K").getDouble(0)));
        assertThrows(IllegalArgumentException.class, () -> sweep.estimate(1000));
        assertThrows(IllegalArgumentException.class,
                () -> ImportanceSweep.run(vae, x, new int[] {10, 1}, Proposal.ENCODER, 1));
    }

    @Test
    void comparesTwoProposalsOnTheSameImages() {
        Vae vae = new Vae(TINY);
        Matrix x = images(6);
        int[] ks = {1, 50};
        ImportanceSweep q = ImportanceSweep.run(vae, x, ks, Proposal.ENCODER, 1);
        ImportanceSweep prior = ImportanceSweep.run(vae, x, ks, Proposal.PRIOR, 1);
        Table t = ImportanceSweep.compare("q vs prior", q, prior);
        assertEquals(2, t.rowCount());
        assertEquals(q.mean(50).mean() - prior.mean(50).mean(), t.doubleColumn("p(z) below q(z|x) by").getDouble(1), 1e-12);
        assertEquals(1.0, t.doubleColumn("ESS, p(z)").getDouble(0), 1e-12, "one sample: ESS 1");
    }
}
