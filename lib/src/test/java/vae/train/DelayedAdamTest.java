package vae.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import vae.linalg.Matrix;
import vae.nn.Parameter;

/** {@link DelayedAdam} against a two-step example worked out by hand from the authors' update rule. */
class DelayedAdamTest {

    @Test
    void twoStepsAsTheAuthorsCodeTakesThem() {
        Parameter p = new Parameter("p", Matrix.of(1, 2, 1f, -2f));
        DelayedAdam adam = new DelayedAdam(List.of(p), 0.99, 0.999, 1e-4);
        assertArrayEquals(new float[] {1f, 1f}, adam.state().secondMoments()[0], "v starts at 1");
        assertArrayEquals(new float[] {0f, 0f}, adam.state().firstMoments()[0], "m starts at 0");

        // step 1, gradient (0.5, -3): moves nothing (m was 0), then m = 0.01 g, v = 0.999 + 0.001 g^2
        p.grad().data()[0] = 0.5f;
        p.grad().data()[1] = -3f;
        adam.step(0.1);
        assertArrayEquals(new float[] {1f, -2f}, p.value().data(), "the first step moves nothing");
        double m1a = 0.005, m1b = -0.03, v1a = 0.999 + 0.001 * 0.25, v1b = 0.999 + 0.001 * 9;
        assertEquals(m1a, adam.state().firstMoments()[0][0], 1e-8); // float arithmetic: 1 - 0.99f is not 0.01 exactly
        assertEquals(v1b, adam.state().secondMoments()[0][1], 5e-7); // a few float roundings near 1

        // step 2, gradient (-0.2, 1): p -= a_2 m_1 / (sqrt(v_1) + 1e-4), a_2 = 0.1 sqrt(1 - 0.999^2) / (1 - 0.99^2)
        p.grad().data()[0] = -0.2f;
        p.grad().data()[1] = 1f;
        adam.step(0.1);
        double a2 = 0.1 * Math.sqrt(1 - 0.999 * 0.999) / (1 - 0.99 * 0.99);
        assertEquals(0.2246743, a2, 1e-7, "the step size written out");
        assertEquals(1 - a2 * m1a / (Math.sqrt(v1a) + 1e-4), p.value().data()[0], 1e-6);
        assertEquals(-2 - a2 * m1b / (Math.sqrt(v1b) + 1e-4), p.value().data()[1], 1e-6);
        assertEquals(0.99 * m1a + 0.01 * -0.2, adam.state().firstMoments()[0][0], 1e-8);
        assertEquals(0.999 * v1a + 0.001 * 0.04, adam.state().secondMoments()[0][0], 5e-7);
        assertEquals(2, adam.steps());
    }

    @Test
    void restoreTakesAnotherOptimisersStateAndRefusesWrongShapes() {
        Parameter p = new Parameter("p", Matrix.of(1, 2, 1f, 2f));
        DelayedAdam a = DelayedAdam.burda2016(List.of(p));
        p.grad().data()[0] = 1f;
        a.step(1e-3);
        a.step(1e-3);
        DelayedAdam b = DelayedAdam.burda2016(List.of(p));
        b.restore(a.steps(), a.state().firstMoments(), a.state().secondMoments());
        assertEquals(2, b.steps());
        assertArrayEquals(a.state().secondMoments()[0], b.state().secondMoments()[0]);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> b.restore(1, new float[][] {{0f}}, new float[][] {{1f}}));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("expected 2 values, found 1"), e.getMessage());
    }
}
