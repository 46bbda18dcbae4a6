package vae.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The paper's schedule against its published description: 3^i passes at 1e-4 round(10^(1 - i/7), 1). */
class LearningRateScheduleTest {

    @Test
    void burdaEightStages() {
        LearningRateSchedule s = LearningRateSchedule.burda2016();
        int[] passes = {1, 3, 9, 27, 81, 243, 729, 2187};
        double[] rates = {10, 7.2, 5.2, 3.7, 2.7, 1.9, 1.4, 1.0}; // 10^(1 - i/7) to one decimal, worked out by hand
        assertEquals(8, s.size());
        for (int i = 0; i < 8; i++) {
            assertEquals(passes[i], s.stage(i).passes(), "passes of stage " + i);
            assertEquals(1e-4 * rates[i], s.stage(i).learningRate(), 1e-15, "learning rate of stage " + i);
        }
        assertEquals(3280, s.totalPasses());
        assertEquals(1 + 3 + 9, s.passesBefore(3));
    }

    @Test
    void truncatedKeepsTheRatesAndCutsThePasses() {
        LearningRateSchedule t = LearningRateSchedule.burda2016().truncated(3, 2);
        assertEquals(3, t.size());
        assertEquals(1 + 2 + 2, t.totalPasses());
        assertEquals(LearningRateSchedule.burda2016().stage(2).learningRate(), t.stage(2).learningRate());
    }
}
