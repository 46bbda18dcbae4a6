package vae.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import vae.linalg.Matrix;
import vae.model.Encoding;
import vae.model.Vae;
import vae.model.VaeConfig;
import vae.prob.BernoulliLogits;
import vae.prob.Rng;

class ElboTermsTest {
    /**
     * The reference model's shape (784 -> 400 -> 20) on 130 images (a full batch of 128 and a
     * batch of 2), S = 3: the same bits on 1, 2 and 3 threads, and within 1e-9 relative of the same
     * terms computed independently, batch by batch with the plain scalar sum
     * ({@link BernoulliLogits#sumLogProb}: StrictMath, where ElboTerms sums in vector lanes) and the
     * same noise.
     */
    @Test
    void sameBitsOnAnyThreadCountAndAgreesWithTheScalarSum() {
        int n = 130, samples = 3, d = 784;
        Matrix x = Matrix.zeros(n, d);
        Rng pixels = new Rng(31);
        for (int i = 0; i < x.data().length; i++) x.data()[i] = pixels.nextDouble() < 0.2 ? 1f : 0f;
        ElboTerms one = null;
        for (int threads : new int[] {1, 2, 3}) {
            Vae vae = new Vae(VaeConfig.builder().threads(threads).seed(8).build());
            ElboTerms t = ElboTerms.of(vae, x, samples, new Rng(19));
            if (one == null) {
                one = t;
                continue;
            }
            for (int i = 0; i < n; i++) {
                assertEquals(Double.doubleToRawLongBits(one.elbo()[i]), Double.doubleToRawLongBits(t.elbo()[i]),
                        "image " + i + " with " + threads + " threads: " + t.elbo()[i] + " vs " + one.elbo()[i] + " with 1");
            }
        }
        Vae vae = new Vae(VaeConfig.builder().threads(1).seed(8).build());
        Rng rng = new Rng(19);
        for (int from = 0; from < n; from += 128) {
            Matrix batch = x.rows(from, Math.min(n, from + 128));
            Encoding q = vae.encode(batch);
            double[] rec = new double[batch.rows()];
            for (int s = 0; s < samples; s++) {
                float[] logits = vae.decode(vae.reparameterize(q.mu(), q.logvar(), rng)).data();
                for (int i = 0; i < batch.rows(); i++) rec[i] += BernoulliLogits.sumLogProb(batch.data(), logits, i * d, (i + 1) * d) / samples;
            }
            double[] kl = q.klToStandardNormal();
            for (int i = 0; i < batch.rows(); i++) {
                double expected = rec[i] - kl[i];
                assertEquals(expected, one.elbo()[from + i], 1e-9 * Math.abs(expected), "image " + (from + i));
                assertEquals(kl[i], one.kl()[from + i], 0.0, "KL of image " + (from + i));
            }
        }
    }
}
