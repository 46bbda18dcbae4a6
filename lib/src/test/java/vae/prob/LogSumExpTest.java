package vae.prob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Log-sum-exp at extreme inputs: huge, -infinity, NaN. */
class LogSumExpTest {
    private static final double NEG_INF = Double.NEGATIVE_INFINITY;

    @Test
    void hugeValuesDoNotOverflow() {
        // exp(1e308) overflows, but log(e^a + e^a) = a + log 2 must stay finite; at 1e308 the log 2
        // is below half an ulp, so the exact double answer is 1e308 itself.
        assertEquals(1e308, LogSumExp.logSumExp(1e308, 1e308), 0.0);
        assertEquals(Double.MAX_VALUE, LogSumExp.logSumExp(Double.MAX_VALUE, 0.0), 0.0);
        // At 1000 the log 2 is representable: tolerance 1e-12 is a few ulps of 1000.
        assertEquals(1000 + Math.log(2), LogSumExp.logSumExp(1000, 1000), 1e-12);
        // Hugely negative values must not underflow to -infinity: log(2 e^{-1e308}) = -1e308 (+ log 2, lost to rounding).
        assertEquals(-1e308, LogSumExp.logSumExp(-1e308, -1e308), 0.0);
    }

    @Test
    void negativeInfinityIsAZeroWeight() {
        assertEquals(NEG_INF, LogSumExp.logSumExp(NEG_INF, NEG_INF), 0.0);
        assertEquals(NEG_INF, LogSumExp.logSumExp(new double[0]), 0.0);
        // log(0 + e^0) = 0 exactly.
        assertEquals(0.0, LogSumExp.logSumExp(NEG_INF, 0.0), 0.0);
        assertEquals(-3.0, LogSumExp.logMeanExp(-3.0 + Math.log(2), NEG_INF), 1e-15);
    }

    @Test
    void nanAndPlusInfinityPropagate() {
        assertTrue(Double.isNaN(LogSumExp.logSumExp(Double.NaN, 1.0)));
        assertTrue(Double.isNaN(LogSumExp.logSumExp(1.0, Double.NaN)));
        assertEquals(Double.POSITIVE_INFINITY, LogSumExp.logSumExp(Double.POSITIVE_INFINITY, 1.0), 0.0);
    }

    @Test
    void matchesTheNaiveFormulaWhereThatIsSafe() {
        double[] a = {-1.5, 0.25, 2.0, -7.0};
        double naive = 0;
        for (double v : a) naive += Math.exp(v);
        // Moderate inputs: both are accurate to a few ulps; 1e-14 leaves room for that.
        assertEquals(Math.log(naive), LogSumExp.logSumExp(a), 1e-14);
        assertEquals(Math.log(naive / 4), LogSumExp.logMeanExp(a), 1e-14);
    }

    @Test
    void logMeanExpOfNothingIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> LogSumExp.logMeanExp());
    }
}
