package vae.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import vae.linalg.Matrix;
import vae.linalg.Parallel;
import vae.nn.Parameter;
import vae.prob.Rng;

/**
 * Adam's update shared by threads ({@link Adam#sharedStep()}, which the trainer runs beside the next
 * batch's preparation, and {@link Adam#step()} on 1, 2 and 3 threads) against its formula written
 * out element by element in this test: the same values bit for bit (tolerance: none; every element
 * is updated by the same float operations whichever thread takes it, and a chunk missed or taken
 * twice would show). The parameters' sizes (1, 7, 16 384 + 5, 40 000) put chunk edges inside and
 * at the end of a parameter, and give {@code Adam.step()} enough elements (over 32 768) to split.
 */
class AdamTest {
    private static final int[] SIZES = {1, 7, 16_384 + 5, 40_000};

    /** Parameters of the sizes above, values and gradients drawn from {@code seed}. */
    private static List<Parameter> parameters(long seed) {
        Rng rng = new Rng(seed);
        List<Parameter> ps = new ArrayList<>();
        for (int size : SIZES) {
            Parameter p = new Parameter("p" + size, Matrix.zeros(1, size));
            for (int j = 0; j < size; j++) p.value().data()[j] = (float) rng.nextGaussian();
            ps.add(p);
        }
        return ps;
    }

    /** New gradients for step {@code s}: the same for every copy of the parameters. */
    private static void gradients(List<Parameter> ps, int s) {
        Rng rng = new Rng(100 + s);
        for (Parameter p : ps) {
            float[] g = p.grad().data();
            for (int j = 0; j < g.length; j++) g[j] = (float) (rng.nextGaussian() * Math.pow(10, rng.nextInt(7) - 4));
        }
    }

    private static List<float[]> values(List<Parameter> ps) {
        List<float[]> out = new ArrayList<>();
        for (Parameter p : ps) out.add(p.value().data().clone());
        return out;
    }

    private static void assertSameValues(List<float[]> expected, List<float[]> actual, String what) {
        for (int i = 0; i < expected.size(); i++) assertArrayEquals(expected.get(i), actual.get(i), what + ", parameter " + i);
    }

    /**
     * The formula of {@link Adam}'s Javadoc (PyTorch's), element by element, written here again as
     * the reference: step t of moments m, v (modified) and values p (modified) from gradients g.
     */
    private static void referenceStep(float[] p, float[] g, float[] m, float[] v, long t, double lr, double beta1,
                                      double beta2, double epsilon) {
        float stepSize = (float) (lr / (1 - StrictMath.pow(beta1, t)));
        float sqrtBias2 = (float) Math.sqrt(1 - StrictMath.pow(beta2, t));
        float b1 = (float) beta1, b2 = (float) beta2, eps = (float) epsilon;
        for (int j = 0; j < p.length; j++) {
            m[j] = b1 * m[j] + (1 - b1) * g[j];
            v[j] = b2 * v[j] + (1 - b2) * g[j] * g[j];
            p[j] -= stepSize * m[j] / ((float) Math.sqrt(v[j]) / sqrtBias2 + eps);
        }
    }

    /** The reference's values after {@code steps} steps from parameters(seed) with gradients(ps, s). */
    private static List<float[]> reference(long seed, int steps, double lr, double beta1, double beta2) {
        List<Parameter> ps = parameters(seed);
        List<float[]> m = new ArrayList<>(), v = new ArrayList<>();
        for (Parameter p : ps) {
            m.add(new float[p.size()]);
            v.add(new float[p.size()]);
        }
        for (int s = 0; s < steps; s++) {
            gradients(ps, s);
            for (int i = 0; i < ps.size(); i++) {
                referenceStep(ps.get(i).value().data(), ps.get(i).grad().data(), m.get(i), v.get(i), s + 1, lr, beta1, beta2, 1e-8);
            }
        }
        return values(ps);
    }

    @Test
    void sharedStepRunByTwoThreadsAtOnceGivesTheFormulaBitForBit() throws Exception {
        List<Parameter> shared = parameters(1);
        Adam adam = new Adam(shared, 1e-3, 0.9, 0.999, 1e-8);
        for (int s = 0; s < 4; s++) {
            gradients(shared, s);
            Runnable update = adam.sharedStep();
            CountDownLatch callerStarted = new CountDownLatch(1);
            Thread other = new Thread(() -> {
                try {
                    callerStarted.await();              // joins once the caller is about to start, as the trainer's worker does
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                update.run();
            });
            other.start();
            callerStarted.countDown();
            update.run();
            other.join();
            update.run();                               // a run after all chunks are taken changes nothing
        }
        assertSameValues(reference(1, 4, 1e-3, 0.9, 0.999), values(shared), "after 4 steps");
        assertEquals(4, adam.steps());
        List<float[]> start = values(parameters(1)), end = values(shared);
        for (int i = 0; i < start.size(); i++) {
            for (int j = 0; j < start.get(i).length; j++) {
                assertNotEquals(start.get(i)[j], end.get(i)[j], "parameter " + i + ", element " + j + " moved");
            }
        }
    }

    @Test
    void stepOnOneTwoAndThreeThreadsGivesTheFormulaBitForBit() {
        List<float[]> expected = reference(2, 3, 1e-2, 0.8, 0.99);
        for (int threads : new int[] {1, 2, 3}) {
            List<Parameter> ps = parameters(2);
            Adam adam = new Adam(ps, 1e-2, 0.8, 0.99, 1e-8, Parallel.of(threads));
            for (int s = 0; s < 3; s++) {
                gradients(ps, s);
                adam.step();
            }
            assertSameValues(expected, values(ps), threads + " threads, after 3 steps");
        }
    }

    @Test
    void aStepWhoseSharedUpdateWasNeverRunStopsTheNext() {
        List<Parameter> ps = parameters(3);
        Adam adam = new Adam(ps, 1e-3, 0.9, 0.999, 1e-8);
        gradients(ps, 0);
        adam.sharedStep();                              // never run
        IllegalStateException e = assertThrows(IllegalStateException.class, adam::step);
        assertTrue(e.getMessage().contains("not run to the end"), e.getMessage());
        adam.reset();
        adam.step();                                    // after a reset, steps run again
        assertEquals(1, adam.steps());
    }
}
