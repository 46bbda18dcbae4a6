package vae.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import vae.linalg.Matrix;
import vae.nn.Dense;
import vae.nn.Parameter;
import vae.prob.BernoulliLogits;
import vae.prob.Rng;

/** {@link DeepVae}: its gradient against finite differences of its loss, its start against the authors' rules. */
class DeepVaeTest {
    private static final DeepVaeConfig SMALL = new DeepVaeConfig(12, List.of(9, 7), 3, List.of(6, 8), Activation.TANH, 1);

    private static Matrix binary(int n, int d, long seed) {
        Rng rng = new Rng(seed);
        Matrix x = Matrix.zeros(n, d);
        for (int i = 0; i < x.data().length; i++) x.data()[i] = rng.nextDouble() < 0.3 ? 1f : 0f;
        return x;
    }

    @Test
    void gradientMatchesFiniteDifferencesOfTheLoss() {
        DeepVae vae = new DeepVae(SMALL, 5);
        Matrix x = binary(4, 12, 1), eps = Vae.standardNormal(4, 3, new Rng(2));
        vae.lossAndGradient(x, eps);
        Rng pick = new Rng(3);
        int checked = 0;
        for (Parameter p : vae.parameters()) {
            float[] g = p.grad().data().clone(), v = p.value().data();
            for (int c = 0; c < 3; c++) {
                int i = pick.nextInt(v.length);
                float keep = v[i];
                float h = 1e-2f;
                v[i] = keep + h;
                double up = vae.lossAndGradient(x, eps).total();
                v[i] = keep - h;
                double down = vae.lossAndGradient(x, eps).total();
                v[i] = keep;
                double numeric = (up - down) / (2 * h);
                assertEquals(numeric, g[i], 2e-3 + 2e-2 * Math.abs(numeric), p.name() + "[" + i + "]");
                checked++;
            }
        }
        assertEquals(3 * vae.parameters().size(), checked);
    }

    @Test
    void lossIsReconstructionPlusClosedFormKlWithSigmaTheExpOfTheSecondHead() {
        DeepVae vae = new DeepVae(SMALL, 5);
        Matrix x = binary(2, 12, 4), eps = Vae.standardNormal(2, 3, new Rng(6));
        Loss loss = vae.lossAndGradient(x, eps);
        // by hand from the layers: log sigma is the second head's output, z = mu + exp(log sigma) eps
        List<Dense> layers = vae.layers();
        Matrix h = Activation_tanh(layers.get(1).forward(Activation_tanh(layers.get(0).forward(x))));
        Matrix mu = layers.get(2).forward(h), logSigma = layers.get(3).forward(h);
        double kl = 0, rec = 0;
        Matrix z = Matrix.zeros(2, 3);
        for (int i = 0; i < 6; i++) {
            double m = mu.data()[i], s = logSigma.data()[i];
            kl += 0.5 * (m * m + StrictMath.exp(2 * s) - 1 - 2 * s);
            z.data()[i] = (float) (m + StrictMath.exp(s) * eps.data()[i]);
        }
        Matrix logits = layers.get(6).forward(Activation_tanh(layers.get(5).forward(Activation_tanh(layers.get(4).forward(z)))));
        for (int i = 0; i < 24; i++) rec -= BernoulliLogits.logProb(x.data()[i], logits.data()[i]);
        assertEquals(kl, loss.kl(), 1e-4);
        assertEquals(rec, loss.reconstruction(), 1e-3);
    }

    private static Matrix Activation_tanh(Matrix y) {
        float[] a = y.data();
        for (int i = 0; i < a.length; i++) a[i] = (float) StrictMath.tanh(a[i]);
        return y;
    }

    @Test
    void glorotStartLayersOfOneShapeIdenticalBiasesZero() {
        DeepVae vae = new DeepVae(DeepVaeConfig.burda2016(1), 123);
        List<Dense> l = vae.layers();
        Dense mu = l.get(2), logSigma = l.get(3);
        assertArrayEquals(mu.weight().value().data(), logSigma.weight().value().data(), "the two heads start identical");
        assertArrayEquals(l.get(1).weight().value().data(), l.get(5).weight().value().data(), "200x200 layers identical");
        double bound = Math.sqrt(6.0 / (784 + 200)), max = 0;
        for (float w : l.get(0).weight().value().data()) max = Math.max(max, Math.abs(w));
        assertTrue(max <= bound && max > 0.99 * bound, "max |w| " + max + " against sqrt(6 / 984) = " + bound);
        for (Dense d : l) for (float b : d.bias().value().data()) assertEquals(0f, b);
    }

    @Test
    void outputBiasIsTheClippedLogOddsOfTheMeanImage() {
        DeepVae vae = new DeepVae(new DeepVaeConfig(3, List.of(2), 1, List.of(2), Activation.TANH, 1), 1);
        Matrix images = Matrix.of(4, 3, 0f, 0.5f, 1f, 0f, 0.5f, 1f, 0f, 1f, 1f, 0f, 0f, 1f);
        vae.setOutputBiasToLogOdds(images, 0.001);
        float[] b = vae.layers().get(vae.layers().size() - 1).bias().value().data();
        assertEquals(Math.log(0.001 / 0.999), b[0], 1e-5);  // mean 0, clipped
        assertEquals(Math.log(0.5 / 0.5), b[1], 1e-6);      // mean 0.5
        assertEquals(Math.log(0.999 / 0.001), b[2], 1e-5);  // mean 1, clipped
    }

    @Test
    void sameBitsOnOneAndTwoThreads() {
        Matrix x = binary(20, 784, 7);
        float[][] grads = new float[2][];
        for (int t = 1; t <= 2; t++) {
            DeepVae vae = new DeepVae(DeepVaeConfig.burda2016(t), 123);
            vae.lossAndGradient(x, new Rng(8));
            grads[t - 1] = vae.parameters().get(0).grad().data().clone();
        }
        assertArrayEquals(grads[0], grads[1]);
    }
}
