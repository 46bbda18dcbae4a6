package vae.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import vae.linalg.MatMul;
import vae.linalg.MatMuls;
import vae.linalg.Matrix;
import vae.linalg.Parallel;
import vae.nn.Parameter;
import vae.prob.Rng;

/**
 * The fast training step against {@link Vae#lossAndGradient(Matrix, Matrix)}, the readable one.
 *
 * <p>Tolerances: the fast step uses FMA, float {@code exp}/{@code log1p} (Vector API) and sums in
 * other orders, so it agrees with the reference within float rounding: the loss within a relative
 * 1e-5, each parameter's gradient within a relative 1e-4 in the L2 norm ({@code |g - g_ref| /
 * |g_ref|}; float rounding over sums of up to 784 terms gives about 1e-6). Bit for bit: the fast
 * step with 1 and 2 threads, and two runs from the same seed.
 */
class TrainingStepTest {
    private static final VaeConfig SMALL = VaeConfig.builder().inputDim(784).hiddenDim(72).latentDim(20).build();

    /** MNIST-like: 80 % exact zeros, grey levels elsewhere. */
    private static Matrix images(int n, int d, long seed) {
        Random rng = new Random(seed);
        Matrix x = Matrix.zeros(n, d);
        for (int i = 0; i < x.data().length; i++) if (rng.nextDouble() < 0.2) x.data()[i] = (float) rng.nextDouble();
        return x;
    }

    private static List<float[]> gradients(Vae vae) {
        List<float[]> out = new ArrayList<>();
        for (Parameter p : vae.parameters()) out.add(p.grad().data().clone());
        return out;
    }

    private static void assertClose(Vae vae, List<float[]> expected, List<float[]> actual, String what) {
        for (int i = 0; i < expected.size(); i++) {
            float[] e = expected.get(i), a = actual.get(i);
            double diff = 0, norm = 0;
            for (int j = 0; j < e.length; j++) {
                diff += ((double) a[j] - e[j]) * ((double) a[j] - e[j]);
                norm += (double) e[j] * e[j];
            }
            double rel = Math.sqrt(diff / norm);
            assertTrue(rel < 1e-4, what + ": " + vae.parameters().get(i).name() + " relative error " + rel);
        }
    }

    private static void checkAgainstReference(VaeConfig config, MatMul matmul, int n) {
        Vae vae = new Vae(config);
        Matrix x = images(n, config.inputDim(), 5);
        Matrix eps = Vae.standardNormal(n, config.latentDim(), new Rng(6));
        Loss expected = vae.lossAndGradient(x, eps);
        List<float[]> gExpected = gradients(vae);
        Loss actual = new TrainingStep(vae, matmul).lossAndGradient(x, eps);
        assertEquals(expected.reconstruction(), actual.reconstruction(), 1e-5 * Math.abs(expected.reconstruction()),
                "reconstruction, " + matmul);
        assertEquals(expected.kl(), actual.kl(), 1e-5 * Math.abs(expected.kl()), "kl, " + matmul);
        assertEquals(n, actual.n());
        assertClose(vae, gExpected, gradients(vae), matmul.toString());
    }

    @Test
    void lossAndGradientsMatchTheReadableVae() {
        for (MatMul mm : new MatMul[] {MatMuls.vector(Parallel.of(2)), MatMul.loops(Parallel.of(2))}) {
            checkAgainstReference(SMALL, mm, 37);
            checkAgainstReference(SMALL.toBuilder().latentDim(2).build(), mm, 9);      // narrower than a vector
        }
        checkAgainstReference(VaeConfig.defaults(), MatMuls.vector(Parallel.of(2)), 128);
    }

    @Test
    void denseImagesTakeTheDensePathWithTheSameResult() {
        VaeConfig config = SMALL;
        Vae vae = new Vae(config);
        Matrix x = Matrix.zeros(16, 784);
        Random rng = new Random(8);
        for (int i = 0; i < x.data().length; i++) x.data()[i] = (float) rng.nextDouble(); // no zeros
        Matrix eps = Vae.standardNormal(16, config.latentDim(), new Rng(9));
        Loss expected = vae.lossAndGradient(x, eps);
        List<float[]> g = gradients(vae);
        Loss actual = new TrainingStep(vae).lossAndGradient(x, eps);
        assertEquals(expected.total(), actual.total(), 1e-5 * Math.abs(expected.total()));
        assertClose(vae, g, gradients(vae), "dense input");
    }

    @Test
    void sameSeedSameBitsForOneAndTwoThreads() {
        List<float[]> first = null;
        double firstLoss = 0;
        for (int threads : new int[] {1, 2, 2}) {
            VaeConfig config = VaeConfig.defaults().toBuilder().threads(threads).build();
            Vae vae = new Vae(config);
            TrainingStep step = new TrainingStep(vae);
            Rng noise = new Rng(3);
            double loss = 0;
            for (int s = 0; s < 3; s++) {               // two batch sizes: buffers per size
                loss = step.lossAndGradient(images(s == 1 ? 96 : 128, 784, s), noise).total();
                for (Parameter p : vae.parameters()) {   // a crude step so the weights move
                    float[] v = p.value().data(), gr = p.grad().data();
                    for (int j = 0; j < v.length; j++) v[j] -= 1e-4f * gr[j];
                }
            }
            List<float[]> g = gradients(vae);
            if (first == null) {
                first = g;
                firstLoss = loss;
            } else {
                assertEquals(firstLoss, loss, 0.0, "loss, threads " + threads);
                for (int i = 0; i < g.size(); i++) assertArrayEquals(first.get(i), g.get(i), "gradient " + i + ", threads " + threads);
            }
        }
    }

    @Test
    void phasesAreTimedOnlyWhenAsked() {
        Vae vae = new Vae(SMALL);
        TrainingStep step = new TrainingStep(vae);
        step.lossAndGradient(images(8, 784, 1), new Rng(1));
        for (long t : step.phaseNanos()) assertEquals(0, t);
        step.timing(true).lossAndGradient(images(8, 784, 1), new Rng(1));
        long total = 0;
        for (long t : step.phaseNanos()) total += t;
        assertTrue(total > 0);
        assertEquals(TrainingStep.PHASES.size(), step.phaseNanos().length);
    }
}
