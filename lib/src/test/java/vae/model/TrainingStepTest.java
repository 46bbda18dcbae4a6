package vae.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import vae.reference.Reference64;
import vae.train.Adam;
import vae.reference.Reference64.Vae64;

/**
 * The training step on MNIST-sized layers ({@link Vae#lossAndGradient}: the code that trains) against
 * the double-precision reference ({@link Reference64}, itself checked against finite differences in
 * {@link VaeGradientTest}), on both kernels, the sparse and the dense first layer.
 *
 * <p>Tolerances: the step runs in float with FMA, float {@code exp}/{@code log1p} (Vector API) and
 * its own summation orders, so it agrees with the reference within float rounding: the loss within
 * a relative 1e-5, each parameter's gradient within a relative 1e-4 in the L2 norm ({@code |g -
 * g_ref| / |g_ref|}; float rounding over sums of up to 784 terms gives about 1e-6, a wrong term or
 * factor gives O(1)). Bit for bit: the step with 1 and 2 threads, and two runs from the same seed.
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

    private static void checkAgainstReference(VaeConfig config, MatMul matmul, Matrix x) {
        int n = x.rows();
        Vae vae = new Vae(config, matmul);
        Matrix eps = Vae.standardNormal(n, config.latentDim(), new Rng(6));
        Vae64 ref = Vae64.of(vae);
        double expected = ref.lossAndGradient(Reference64.toDouble(x), Reference64.toDouble(eps), n);
        Loss actual = vae.lossAndGradient(x, eps);
        String what = config.latentDim() + "-d latent, " + n + " images, " + vae.matmul();
        assertEquals(expected, actual.total(), 1e-5 * Math.abs(expected), "loss, " + what);
        assertEquals(n, actual.n());
        List<Parameter> params = vae.parameters();
        for (int p = 0; p < params.size(); p++) {
            double[] e = ref.grads().get(p), a = Reference64.grad(params.get(p));
            double diff = 0, norm = 0;
            for (int j = 0; j < e.length; j++) {
                diff += (a[j] - e[j]) * (a[j] - e[j]);
                norm += e[j] * e[j];
            }
            double rel = Math.sqrt(diff / norm);
            assertTrue(rel < 1e-4, what + ": " + params.get(p).name() + " relative error " + rel + " (tolerance 1e-4)");
        }
    }

    @Test
    void lossAndGradientsMatchTheDoubleReference() {
        for (MatMul mm : new MatMul[] {MatMuls.vector(Parallel.of(2)), MatMul.loops(Parallel.of(2))}) {
            checkAgainstReference(SMALL, mm, images(37, 784, 5));
            checkAgainstReference(SMALL.toBuilder().latentDim(2).build(), mm, images(9, 784, 5)); // narrower than a vector
        }
        checkAgainstReference(VaeConfig.defaults(), MatMuls.vector(Parallel.of(2)), images(128, 784, 5));
    }

    @Test
    void denseImagesTakeTheDensePathWithTheSameResult() {
        Matrix x = Matrix.zeros(16, 784);
        Random rng = new Random(8);
        for (int i = 0; i < x.data().length; i++) x.data()[i] = (float) rng.nextDouble(); // no zeros
        checkAgainstReference(SMALL, MatMuls.vector(Parallel.of(2)), x);
        checkAgainstReference(SMALL, MatMul.loops(Parallel.of(2)), x);
    }

    @Test
    void lossIsTheForwardHalfOfLossAndGradient() {
        Vae vae = new Vae(SMALL);
        Matrix x = images(37, 784, 7), eps = Vae.standardNormal(37, SMALL.latentDim(), new Rng(8));
        assertEquals(vae.lossAndGradient(x, eps), vae.loss(x, eps), "the same record, bit for bit");
    }

    @Test
    void sameSeedSameBitsForOneAndTwoThreads() {
        List<float[]> first = null;
        double firstLoss = 0;
        for (int threads : new int[] {1, 2, 2}) {
            VaeConfig config = VaeConfig.defaults().toBuilder().threads(threads).build();
            Vae vae = new Vae(config);
            TrainingStep step = vae.trainingStep();
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
    void adamBesideTheNextBatchGivesTheStepsOneAfterTheOther() {
        // SMALL has 117 000 parameters: on two threads the update and the next batch's preparation really overlap
        Matrix[] batches = {images(64, 784, 5), images(64, 784, 6), images(40, 784, 7)};
        VaeConfig two = SMALL.toBuilder().threads(2).build();
        Vae sequential = new Vae(two), beside = new Vae(two);
        Adam adamS = Adam.of(sequential.parameters(), two), adamB = Adam.of(beside.parameters(), two);
        Rng noiseS = new Rng(9), noiseB = new Rng(9);
        TrainingStep stepB = beside.trainingStep();
        TrainingStep.Prepared next = stepB.prepare(batches[0]);
        for (int b = 0; b < batches.length; b++) {
            Loss expected = sequential.trainingStep().lossAndGradient(batches[b], noiseS);
            adamS.step();
            Loss actual = stepB.lossAndGradient(next, noiseB);
            assertEquals(expected, actual, "batch " + b + ": the same loss record, bit for bit");
            int nb = (b + 1) % batches.length;
            next = stepB.updateWhilePreparing(adamB.sharedStep(), () -> batches[nb]);
            assertTrue(next.images() == batches[nb]);
            for (int i = 0; i < sequential.parameters().size(); i++) {
                assertArrayEquals(sequential.parameters().get(i).value().data(), beside.parameters().get(i).value().data(),
                        "batch " + b + ", parameter " + i + " after Adam");
            }
        }
    }

    @Test
    void aPreparedBatchIsRefusedWhenStaleOrForeignAndEvaluationLeavesItValid() {
        Matrix x = images(40, 784, 5), other = images(40, 784, 6);
        Vae vae = new Vae(SMALL);
        TrainingStep step = vae.trainingStep();
        TrainingStep.Prepared batch = step.prepare(x);
        vae.loss(other, Vae.standardNormal(40, SMALL.latentDim(), new Rng(1)));   // an evaluation between: allowed
        step.lossAndGradient(batch, new Rng(9));
        step.prepare(other);                                                      // its sparse rows replace x's
        IllegalStateException stale = assertThrows(IllegalStateException.class, () -> step.lossAndGradient(batch, new Rng(9)));
        assertTrue(stale.getMessage().contains("prepare it again"), stale.getMessage());
        TrainingStep.Prepared foreign = new Vae(SMALL).trainingStep().prepare(x);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> step.lossAndGradient(foreign, new Rng(9)));
        assertTrue(e.getMessage().contains("prepared by another step"), e.getMessage());
        // a failure of the next batch's preparation reaches the caller once the update has run
        Adam adam = Adam.of(vae.parameters(), SMALL);
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> step.updateWhilePreparing(adam.sharedStep(), () -> Matrix.zeros(4, 783)));
        assertTrue(wrong.getMessage().contains("783"), wrong.getMessage());
        adam.step();                                                              // the shared update did run to the end
    }

    @Test
    void phasesAreTimedOnlyWhenAsked() {
        Vae vae = new Vae(SMALL);
        TrainingStep step = vae.trainingStep();
        step.lossAndGradient(images(8, 784, 1), new Rng(1));
        for (long t : step.phaseNanos()) assertEquals(0, t);
        step.timing(true).lossAndGradient(images(8, 784, 1), new Rng(1));
        long total = 0;
        for (long t : step.phaseNanos()) total += t;
        assertTrue(total > 0);
        assertEquals(TrainingStep.Phase.values().length, step.phaseNanos().length);
    }
}
