package vae.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import vae.linalg.Matrix;
import vae.model.Encoding;
import vae.model.Vae;
import vae.model.VaeConfig;
import vae.prob.Rng;

class LatentCodesTest {

    /** Three images, two dimensions: dimension 0 varies with x, dimension 1 is the prior for every x. */
    private static LatentCodes collapsedSecondDimension() {
        Matrix mu = Matrix.of(3, 2, -1f, 0f, 0f, 0f, 1f, 0f);
        Matrix logvar = Matrix.of(3, 2, (float) Math.log(0.25), 0f, (float) Math.log(0.25), 0f, (float) Math.log(0.25), 0f);
        return new LatentCodes(mu, logvar);
    }

    @Test
    void klPerDimensionIsTheClosedFormAveragedOverImages() {
        LatentCodes c = collapsedSecondDimension();
        // KL(N(m, 0.25) || N(0, 1)) = 0.5 * (0.25 + m^2 - 1 - log 0.25), averaged over m = -1, 0, 1
        double expected0 = 0.5 * (0.25 + 2.0 / 3.0 - 1 - Math.log(0.25));
        double[] kl = c.klPerDimension();
        assertEquals(expected0, kl[0], 1e-6);
        assertEquals(0.0, kl[1], 1e-12, "q(z_2|x) = p(z_2): no information, KL 0");
        assertEquals(expected0, c.meanKl(), 1e-6);
    }

    @Test
    void varianceOfMeansFindsTheActiveUnit() {
        LatentCodes c = collapsedSecondDimension();
        assertArrayEquals(new double[] {2.0 / 3.0, 0.0}, c.varianceOfMeans(), 1e-7);
        assertEquals(1, c.activeUnits());
        assertEquals(0, c.activeUnits(1.0));
        assertArrayEquals(new double[] {-1, 0, 1}, c.meanColumn(0), 0.0);
    }

    @Test
    void meanKlEqualsTheModelsAnalyticKlAndEncodingIsBatched() {
        VaeConfig config = VaeConfig.builder().inputDim(6).hiddenDim(5).latentDim(3).threads(1).build();
        Vae vae = new Vae(config);
        Matrix images = Matrix.zeros(1203, 6); // more than two encoder batches of 500
        Rng rng = new Rng(7);
        float[] x = images.data();
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextDouble();
        LatentCodes codes = LatentCodes.of(vae, images);
        Encoding q = vae.encode(images);
        assertArrayEquals(q.mu().data(), codes.mu().data(), 0f);
        assertArrayEquals(q.logvar().data(), codes.logvar().data(), 0f);
        double mean = 0;
        for (double v : q.klToStandardNormal()) mean += v / images.rows();
        assertEquals(mean, codes.meanKl(), 1e-9 * Math.max(1, Math.abs(mean)));
    }
}
