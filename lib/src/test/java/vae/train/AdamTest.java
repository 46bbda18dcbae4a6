package vae.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

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
 * batch's preparation) against one thread doing it all: the same values and moments bit for bit
 * (tolerance: none; every element is updated by the same formula whichever thread takes it).
 * The parameters' sizes (1, 7, 16 384 + 5, 40 000) put chunk edges inside and at the end of a
 * parameter, and give {@code Adam.step()} on two threads enough elements (over 32 768) to split.
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

    @Test
    void sharedStepOnTwoThreadsJoiningAtDifferentTimesGivesTheSerialStepBitForBit() throws Exception {
        List<Parameter> serial = parameters(1), shared = parameters(1);
        Adam one = new Adam(serial, 1e-3, 0.9, 0.999, 1e-8);
        Adam two = new Adam(shared, 1e-3, 0.9, 0.999, 1e-8);
        for (int s = 0; s < 4; s++) {
            gradients(serial, s);
            gradients(shared, s);
            one.step();
            Runnable update = two.sharedStep();
            CountDownLatch callerStarted = new CountDownLatch(1);
            Thread late = new Thread(() -> {
                try {
                    callerStarted.await();              // joins after the caller has begun, as the trainer's worker does
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                update.run();
            });
            late.start();
            callerStarted.countDown();
            update.run();
            late.join();
            update.run();                               // a run after all chunks are taken changes nothing
            assertSameValues(values(serial), values(shared), "step " + (s + 1));
        }
        assertEquals(4, two.steps());
        assertNotEquals(parameters(1).get(3).value().data()[0], shared.get(3).value().data()[0],
                "the steps moved the parameters (so the comparison can fail)");
    }

    @Test
    void stepOnTwoThreadsGivesTheSerialStepBitForBit() {
        List<Parameter> serial = parameters(2), split = parameters(2);
        Adam one = new Adam(serial, 1e-2, 0.8, 0.99, 1e-8, Parallel.serial());
        Adam two = new Adam(split, 1e-2, 0.8, 0.99, 1e-8, Parallel.of(2));
        for (int s = 0; s < 3; s++) {
            gradients(serial, s);
            gradients(split, s);
            one.step();
            two.step();
        }
        assertSameValues(values(serial), values(split), "after 3 steps");
    }
}
