package vae.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SampleMeanTest {

    @Test
    void meanAndStandardErrorByHand() {
        SampleMean m = SampleMean.of(new double[] {1, 2, 3, 4});
        assertEquals(2.5, m.mean(), 1e-15);
        // sample variance (1.5^2 + 0.5^2 + 0.5^2 + 1.5^2) / 3 = 5/3; se = sqrt(5/3 / 4)
        assertEquals(Math.sqrt(5.0 / 12.0), m.standardError(), 1e-15);
        assertEquals(4, m.n());
        assertTrue(Double.isNaN(SampleMean.of(new double[] {7}).standardError()));
    }

    @Test
    void pairedDifferenceCancelsTheSharedSpread() {
        double[] a = {-100, -50, -120, -80}, b = {-101, -51.2, -120.9, -81.1};
        SampleMean d = SampleMean.difference(a, b);
        assertEquals(1.05, d.mean(), 1e-12);
        assertTrue(d.standardError() < SampleMean.of(a).standardError() / 50, d + " vs " + SampleMean.of(a));
        assertThrows(IllegalArgumentException.class, () -> SampleMean.difference(a, new double[3]));
        assertArrayEquals(new double[] {-100, -50}, SampleMean.head(a, 2), 0.0);
    }
}
