package vae.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import vae.linalg.Matrix;
import vae.nn.Parameter;
import vae.prob.Rng;
import vae.reference.GradCheck;
import vae.reference.Reference64;
import vae.reference.Reference64.Vae64;

/**
 * The whole negative ELBO (beta = 0.7 so the KL weight is exercised) with respect to every
 * parameter, on a small VAE (12 -> 7 -> 3 -> 7 -> 12, batch 5, fixed eps).
 *
 * <ol>
 *   <li>In double: the reference's analytic gradient against central differences, h = 1e-5, every
 *   one of the 263 parameters: error (relative, absolute below 1e-3) under 1e-6. Truncation error
 *   is ~h^2 |f'''| ~ 1e-10 and rounding ~1e-16 |L| / h ~ 1e-10 for |L| ~ 50; no pre-activation may
 *   be within 1e-3 of the ReLU kink (checked), so the loss is smooth over +-h.</li>
 *   <li>The float library against the double reference, same weights and eps: loss within 1e-5
 *   relative; every gradient entry within 1e-4 of the largest |entry| of its parameter (float
 *   rounding over these short sums is ~1e-6; a wrong term or factor gives O(1)).</li>
 * </ol>
 */
class VaeGradientTest {
    private static final int N = 5;
    private static final VaeConfig SMALL = VaeConfig.builder().inputDim(12).hiddenDim(7).latentDim(3)
            .beta(0.7).threads(1).seed(5).build();

    private static Matrix images(Rng rng) {
        Matrix x = Matrix.zeros(N, SMALL.inputDim());
        for (int i = 0; i < x.data().length; i++) x.data()[i] = (float) rng.nextDouble(); // grey levels in [0, 1)
        return x;
    }

    @Test
    void negativeElboGradientMatchesFiniteDifferencesInDouble() {
        Vae vae = new Vae(SMALL);
        Rng rng = new Rng(21);
        Matrix x = images(rng);
        Matrix eps = Vae.standardNormal(N, SMALL.latentDim(), rng);
        Vae64 ref = Vae64.of(vae);
        double[] x64 = Reference64.toDouble(x), eps64 = Reference64.toDouble(eps);
        ref.lossAndGradient(x64, eps64, N);
        for (double[] pre : new double[][] {ref.encPre, ref.decPre}) {
            for (double v : pre) assertTrue(Math.abs(v) > 1e-3, "pre-activation " + v + " too close to the ReLU kink");
        }
        List<double[]> values = ref.values();
        List<double[]> grads = ref.grads().stream().map(double[]::clone).toList();
        double worst = 0;
        int checked = 0;
        for (int p = 0; p < values.size(); p++) {
            double[] v = values.get(p);
            for (int i = 0; i < v.length; i++) {
                double num = GradCheck.centralDifference(v, i, 1e-5, () -> ref.loss(x64, eps64, N));
                double err = GradCheck.error(grads.get(p)[i], num, 1e-3);
                assertTrue(err < 1e-6, vae.parameters().get(p).name() + "[" + i + "]: analytic "
                        + grads.get(p)[i] + ", numeric " + num + ", error " + err);
                worst = Math.max(worst, err);
                checked++;
            }
        }
        assertEquals(vae.parameterCount(), checked, "every parameter checked");
    }

    @Test
    void floatVaeMatchesDoubleReference() {
        Vae vae = new Vae(SMALL);
        Rng rng = new Rng(22);
        Matrix x = images(rng);
        Matrix eps = Vae.standardNormal(N, SMALL.latentDim(), rng);
        Vae64 ref = Vae64.of(vae);
        double loss64 = ref.lossAndGradient(Reference64.toDouble(x), Reference64.toDouble(eps), N);
        Loss loss = vae.lossAndGradient(x, eps);
        assertEquals(loss64, loss.total(), 1e-5 * Math.abs(loss64), "loss");
        assertEquals(loss.total(), vae.loss(x, eps).total(), 0.0, "loss() and lossAndGradient() agree exactly");
        List<Parameter> params = vae.parameters();
        for (int p = 0; p < params.size(); p++) {
            double[] expected = ref.grads().get(p);
            double[] actual = Reference64.grad(params.get(p));
            double scale = 0;
            for (double g : expected) scale = Math.max(scale, Math.abs(g));
            assertTrue(scale > 0, params.get(p).name() + " has an all-zero gradient");
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-4 * scale, params.get(p).name() + "[" + i + "]");
            }
        }
    }

    @Test
    void latentSizeTwoWorks() {
        Vae vae = new Vae(VaeConfig.builder().inputDim(20).hiddenDim(8).latentDim(2).threads(1).build());
        Rng rng = new Rng(1);
        Matrix x = Matrix.zeros(3, 20);
        Encoding q = vae.encode(x);
        assertEquals("3x2", q.mu().shape());
        assertEquals("3x20", vae.decode(vae.reparameterize(q.mu(), q.logvar(), rng)).shape());
        assertTrue(vae.lossAndGradient(x, rng).isFinite());
    }
}
