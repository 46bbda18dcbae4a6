package vae.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import tech.tablesaw.api.Table;
import vae.linalg.Matrix;
import vae.prob.Rng;

class TribuoProbesTest {

    /** n points around k well separated centres in d dimensions (centre c: coordinate c is 6, others 0). */
    private static Matrix blobs(int n, int k, int d, int[] labels, Rng rng) {
        Matrix x = Matrix.zeros(n, d);
        for (int i = 0; i < n; i++) {
            labels[i] = i % k;
            for (int j = 0; j < d; j++) x.set(i, j, (float) ((j == labels[i] ? 6 : 0) + rng.nextGaussian()));
        }
        return x;
    }

    @Test
    void featureNamesSortInIndexOrder() {
        assertArrayEquals(new String[] {"z0", "z1", "z2"}, TribuoProbes.featureNames("z", 3));
        String[] px = TribuoProbes.featureNames("px", 784);
        assertEquals("px000", px[0]);
        assertEquals("px783", px[783]);
    }

    @Test
    void zeroFeaturesAreKeptSoTrainAndTestShareTheFeatureMap() {
        Matrix x = Matrix.of(2, 3, 0f, 1f, 0f, 0f, 0f, 0f); // column 0 and 2 are zero everywhere
        MutableDataset<Label> ds = TribuoProbes.labelled(x, new int[] {3, 7}, "px");
        assertEquals(3, ds.getFeatureMap().size(), "all three features, zeros included");
        assertEquals(2, ds.getOutputs().size());
    }

    @Test
    void logisticRegressionSeparatesSeparatedBlobs() {
        Rng rng = new Rng(11);
        int[] trainY = new int[600], testY = new int[300];
        Matrix train = blobs(600, 4, 5, trainY, rng), test = blobs(300, 4, 5, testY, rng);
        TribuoProbes.Classification c = TribuoProbes.logisticRegression("blobs", train, trainY, test, testY, 3, 1L);
        assertTrue(c.accuracy() > 0.97, "accuracy " + c.accuracy());
        assertEquals(5, c.dimensions());
        // label noise: shuffled labels leave chance accuracy (about 1/4)
        int[] shuffled = rng.permutation(600);
        int[] noisy = new int[600];
        for (int i = 0; i < 600; i++) noisy[i] = trainY[shuffled[i]];
        double chance = TribuoProbes.logisticRegression("noise", train, noisy, test, testY, 3, 1L).accuracy();
        assertTrue(chance < 0.45, "accuracy with shuffled labels " + chance);
        Table t = TribuoProbes.classificationTable("probes", List.of(c));
        assertEquals(1, t.rowCount());
    }

    @Test
    void kMeansRecoversSeparatedBlobsAndScoresNoiseNearZero() {
        Rng rng = new Rng(5);
        int[] labels = new int[500];
        Matrix x = blobs(500, 5, 5, labels, rng);
        TribuoProbes.Clustering c = TribuoProbes.kMeans("blobs", x, labels, 5, 50, 1L);
        assertTrue(c.nmi() > 0.95, "NMI " + c.nmi());
        assertTrue(c.ami() > 0.95, "AMI " + c.ami());
        assertEquals(500, c.clusters().length);
        // pure noise: the clusters say nothing about the labels, AMI about 0 (adjusted for chance)
        Matrix noise = Matrix.zeros(500, 5);
        for (int i = 0; i < 500; i++) for (int j = 0; j < 5; j++) noise.set(i, j, (float) rng.nextGaussian());
        TribuoProbes.Clustering n = TribuoProbes.kMeans("noise", noise, labels, 5, 50, 1L);
        assertTrue(Math.abs(n.ami()) < 0.03, "AMI on noise " + n.ami());
        assertEquals(2, TribuoProbes.clusteringTable("k-means", List.of(c, n)).rowCount());
    }
}
