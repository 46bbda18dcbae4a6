package vae.prob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EffectiveSampleSizeTest {
    @Test
    void equalWeightsGiveN() {
        // (N w)^2 / (N w^2) = N; only rounding in the log-sum-exp, so 1e-10 relative is generous.
        for (double lw : new double[] {0.0, -700.0, 700.0, 1e300, -1e300}) {
            double[] w = new double[1000];
            Arrays.fill(w, lw);
            assertEquals(1000.0, EffectiveSampleSize.of(w), 1e-7, "log-weight " + lw);
        }
    }

    @Test
    void oneDominantWeightGivesOne() {
        // One weight e^0 against 999 weights e^-1000: the others contribute < 1e-400, far below rounding.
        double[] w = new double[1000];
        Arrays.fill(w, -1000.0);
        w[17] = 0.0;
        assertEquals(1.0, EffectiveSampleSize.of(w), 1e-12);
        // Zero weights (-infinity) are allowed and ignored.
        Arrays.fill(w, Double.NEGATIVE_INFINITY);
        w[3] = 5.0;
        assertEquals(1.0, EffectiveSampleSize.of(w), 1e-12);
    }

    @Test
    void twoToOneWeights() {
        // w = (2, 1): (3)^2 / (4 + 1) = 1.8 exactly in real arithmetic; 1e-12 for rounding.
        assertEquals(1.8, EffectiveSampleSize.of(new double[] {Math.log(2), 0.0}), 1e-12);
        double[] p = EffectiveSampleSize.normalisedWeights(new double[] {Math.log(2), 0.0});
        assertEquals(2.0 / 3, p[0], 1e-15);
        assertTrue(EffectiveSampleSize.fraction(new double[] {1, 1}) == 1.0);
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> EffectiveSampleSize.of(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> EffectiveSampleSize.of(new double[] {0, Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> EffectiveSampleSize.of(new double[] {Double.POSITIVE_INFINITY}));
        assertThrows(IllegalArgumentException.class,
                () -> EffectiveSampleSize.of(new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY}));
    }
}
