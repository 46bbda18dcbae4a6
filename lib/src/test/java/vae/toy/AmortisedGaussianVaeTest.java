package vae.toy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;
import vae.linalg.Matrix;
import vae.nn.Parameter;
import vae.prob.DiagonalGaussian;
import vae.prob.KL;
import vae.prob.Rng;

class AmortisedGaussianVaeTest {

    private static Matrix gaussianMatrix(int rows, int cols, Rng rng) {
        Matrix m = Matrix.zeros(rows, cols);
        rng.fillGaussian(m.data());
        return m;
    }

    /**
     * Every parameter's analytic gradient of -ELBO against central differences of the loss (float network, h = 1e-3).
     * An entry whose forward and backward differences disagree sits on a ReLU kink, where the central difference is not
     * the derivative; such entries are skipped, and at most 10 % may be.
     */
    @Test
    void gradientsMatchFiniteDifferences() {
        AmortisedGaussianVae vae = new AmortisedGaussianVae(2, 8, 2, 0.5, new Rng(1));
        Matrix x = gaussianMatrix(5, 2, new Rng(2)), eps = gaussianMatrix(5, 2, new Rng(3));
        double center = -vae.lossAndGradient(x, eps).elbo();
        int checked = 0, kinks = 0;
        for (Parameter p : vae.parameters()) {
            float[] v = p.value().data();
            float[] analytic = p.grad().data().clone();
            for (int i = 0; i < v.length; i++) {
                float old = v[i];
                double h = 1e-3;
                v[i] = (float) (old + h);
                double up = -vae.loss(x, eps).elbo();
                v[i] = (float) (old - h);
                double down = -vae.loss(x, eps).elbo();
                v[i] = old;
                double forward = (up - center) / h, backward = (center - down) / h;
                if (Math.abs(forward - backward) > 0.05 * (Math.abs(forward) + Math.abs(backward)) + 2e-3) {
                    kinks++;
                    continue;
                }
                double numeric = (up - down) / (2 * h);
                assertEquals(numeric, analytic[i], 2e-3 + 1e-2 * Math.abs(numeric), p.name() + "[" + i + "]");
                checked++;
            }
        }
        assertTrue(checked > 50 && kinks <= 0.1 * (checked + kinks), "checked " + checked + " entries, skipped " + kinks + " on kinks");
    }

    /** The batch terms agree with the double-precision encode/decode and the closed-form KL of vae.prob. */
    @Test
    void termsAgreeWithEncodeDecode() {
        AmortisedGaussianVae vae = new AmortisedGaussianVae(2, 16, 1, 0.3, new Rng(4));
        Matrix x = gaussianMatrix(3, 2, new Rng(5)), eps = gaussianMatrix(3, 1, new Rng(6));
        AmortisedGaussianVae.Terms t = vae.loss(x, eps);
        double recon = 0, kl = 0;
        LatentModel decoder = vae.decoderModel();
        for (int r = 0; r < 3; r++) {
            double[] xr = {x.get(r, 0), x.get(r, 1)};
            DiagonalGaussian q = vae.encode(xr);
            double[] z = q.reparameterize(new double[] {eps.get(r, 0)});
            recon += decoder.logLikelihood(xr, z);
            kl += KL.toStandardNormal(q);
        }
        assertEquals(recon / 3, t.reconstruction(), 1e-4 * (1 + Math.abs(recon / 3)));
        assertEquals(kl / 3, t.kl(), 1e-5);
        assertEquals(t.reconstruction() - t.kl(), t.elbo(), 1e-12);
    }

    /** Training on the horseshoe raises the ELBO, and the ELBO never exceeds the learned log p(x). */
    @Test
    void trainingRaisesTheElboBelowTheLearnedLogMarginal() {
        Nonlinear1DModel truth = TwoDimData.horseshoe(2.0, 0.1);
        TwoDimData.Samples data = TwoDimData.sample(truth, 500, new Rng(7));
        AmortisedGaussianVae vae = new AmortisedGaussianVae(2, 32, 1, 0.1, new Rng(8));
        Table h = vae.train(data.x(), 30, 50, 3e-3, new Rng(9));
        double first = h.doubleColumn("ELBO").get(0), last = h.doubleColumn("ELBO").get(h.rowCount() - 1);
        assertTrue(last > first + 50, "ELBO went from " + first + " to " + last);
        for (int i = 0; i < 5; i++) {
            double[] x = data.x()[i];
            double elbo = ExactElbo.elbo(vae.decoderModel(), x, vae.encode(x));
            assertTrue(elbo <= vae.logMarginal(x) + 1e-5, "ELBO " + elbo + " above log p(x) " + vae.logMarginal(x));
        }
    }

    /**
     * The decoder's batched log p(x, z) (on the Vector API blocks of 4 vectors of double lanes, b = 32 points at 512
     * bits, then the plain loop) against the same model one point at a time, bit for bit: on a trained model (so that
     * some hidden units are off, some on), over fewer points than a block, b - 1, b, b + 1, 2b and 2b + 3 points (b at
     * this JVM's width), and for data of 2 and 3 dimensions.
     */
    @Test
    void batchedLogJointEqualsOnePointAtATime() {
        for (int dataDim : new int[] {2, 3}) {
            AmortisedGaussianVae vae = new AmortisedGaussianVae(dataDim, 16, 1, 0.1, new Rng(4));
            double[][] data = new double[200][dataDim];
            Rng rng = new Rng(5);
            for (double[] row : data) for (int j = 0; j < dataDim; j++) row[j] = rng.nextGaussian();
            vae.train(data, 3, 50, 1e-2, new Rng(6));
            LatentModel model = vae.decoderModel();
            double[] x = data[7];
            int b = 4 * jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.length();
            for (int n : new int[] {1, 3, 4, 9, b - 1, b, b + 1, 2 * b, 2 * b + 3}) {
                double[] zs = new double[n], batched = new double[n];
                for (int i = 0; i < n; i++) zs[i] = -6 + 12.0 * i / Math.max(1, n - 1);
                model.logJointAt(x, zs, batched);
                for (int i = 0; i < n; i++) {
                    double one = model.logJoint(x, new double[] {zs[i]});
                    assertEquals(Double.doubleToLongBits(one), Double.doubleToLongBits(batched[i]),
                            "dataDim " + dataDim + ", point " + i + " of " + n + " (z = " + zs[i] + "): " + one + " one at a time, " + batched[i] + " batched");
                }
            }
        }
    }
}
