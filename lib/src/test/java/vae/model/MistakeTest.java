package vae.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vae.eval.Diagnosis;
import vae.linalg.Matrix;
import vae.nn.Parameter;
import vae.prob.Rng;

/**
 * The training step's mistake hook ({@link TrainingStep#mistake(Mistake)}): the default is the
 * correct step, and each mistake changes exactly its own part. KL_SIGN_FLIPPED: loss = rec - KL and
 * gradient g_flipped + g_correct = 2 g_(beta = 0) (the KL's part cancels; float rounding, relative
 * 1e-5). NO_REPARAMETERISATION: the same loss bit for bit, the same decoder gradients bit for bit,
 * and with beta = 0 no gradient at all in the encoder. LOGVAR_AS_LOG_STD: its backward pass is the
 * derivative of its own loss (central finite differences on the log-variance head's bias, eps fixed,
 * relative 1e-2).
 */
class MistakeTest {
    private static final VaeConfig SMALL = VaeConfig.builder().inputDim(784).hiddenDim(40).latentDim(5).threads(1).build();

    private static Matrix images(int n) {
        Rng rng = new Rng(1);
        Matrix x = Matrix.zeros(n, 784);
        for (int i = 0; i < x.data().length; i++) if (rng.nextDouble() < 0.2) x.data()[i] = 1f;
        return x;
    }

    private static List<float[]> gradients(Vae vae) {
        List<float[]> out = new ArrayList<>();
        for (Parameter p : vae.parameters()) out.add(p.grad().data().clone());
        return out;
    }

    private record Step(Loss loss, List<float[]> grads) {}

    private static Step step(VaeConfig config, Mistake mistake, Matrix x, Matrix eps) {
        Vae vae = new Vae(config);
        vae.trainingStep().mistake(mistake);
        Loss loss = vae.lossAndGradient(x, eps);
        return new Step(loss, gradients(vae));
    }

    @Test
    void theDefaultIsTheCorrectStepAndNullIsRefused() {
        Vae vae = new Vae(SMALL);
        assertEquals(Mistake.NONE, vae.trainingStep().mistake());
        assertThrows(IllegalArgumentException.class, () -> vae.trainingStep().mistake(null));
    }

    @Test
    void aFlippedKlSubtractsTheKlInLossAndGradient() {
        Matrix x = images(16), eps = Vae.standardNormal(16, 5, new Rng(2));
        Step right = step(SMALL, Mistake.NONE, x, eps), flipped = step(SMALL, Mistake.KL_SIGN_FLIPPED, x, eps);
        Step noKl = step(SMALL.toBuilder().beta(0).build(), Mistake.NONE, x, eps);
        assertEquals(right.loss().reconstruction() - right.loss().kl(), flipped.loss().total(), 1e-9 * Math.abs(right.loss().total()));
        assertEquals(right.loss().kl(), flipped.loss().kl(), 0.0, "the KL itself is reported unchanged");
        for (int p = 0; p < right.grads().size(); p++) {
            float[] a = right.grads().get(p), b = flipped.grads().get(p), c = noKl.grads().get(p);
            double diff = 0, norm = 0;
            for (int j = 0; j < a.length; j++) {
                diff += Math.pow(a[j] + b[j] - 2 * c[j], 2);
                norm += Math.pow(2 * c[j], 2) + a[j] * a[j];
            }
            assertTrue(Math.sqrt(diff / norm) < 1e-5, "parameter " + p + ": relative " + Math.sqrt(diff / norm));
        }
    }

    @Test
    void withoutReparameterisationOnlyTheKlReachesTheEncoder() {
        Matrix x = images(16), eps = Vae.standardNormal(16, 5, new Rng(3));
        VaeConfig noKl = SMALL.toBuilder().beta(0).build();
        Step right = step(noKl, Mistake.NONE, x, eps), detached = step(noKl, Mistake.NO_REPARAMETERISATION, x, eps);
        assertEquals(right.loss().total(), detached.loss().total(), 0.0, "the forward pass is the same");
        for (int p = 6; p < 10; p++) assertArrayEquals(right.grads().get(p), detached.grads().get(p), "decoder parameter " + p);
        for (int p = 0; p < 6; p++) {
            for (float g : detached.grads().get(p)) assertEquals(0f, g, 0f, "encoder parameter " + p);
            double norm = 0;
            for (float g : right.grads().get(p)) norm += g * g;
            assertTrue(norm > 0, "the correct step does reach encoder parameter " + p);
        }
    }

    @Test
    void logvarAsLogStdIsTheDerivativeOfItsOwnLoss() {
        Matrix x = images(16), eps = Vae.standardNormal(16, 5, new Rng(4));
        Vae vae = new Vae(SMALL);
        vae.trainingStep().mistake(Mistake.LOGVAR_AS_LOG_STD);
        double error = Diagnosis.gradientCheckError(vae, vae.layers().get(2).bias(), x, eps, 1e-2); // encoderLogvar's b
        assertTrue(error < 1e-2, "relative difference " + error);
        // and it is not the correct step's: its samples are mu + exp(logvar) eps
        Matrix z = Matrix.zeros(1, 1);
        Mistake.LOGVAR_AS_LOG_STD.sample(new float[] {1f}, new float[] {-2f}, new float[] {0.5f}, z.data(), 0, 1);
        assertEquals(1 + Math.exp(-2) * 0.5, z.get(0, 0), 1e-7);
    }
}
