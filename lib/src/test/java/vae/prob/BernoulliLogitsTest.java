package vae.prob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * log p(x | l) = x l - softplus(l) and its gradient sigmoid(l) - x. At |l| = 1e4 exp(l) overflows,
 * so the naive formula gives inf or NaN; the stable one must give the exact limits x l - max(l, 0)
 * (log1p(exp(-1e4)) = 0 in double). At moderate l it must agree with the textbook formula
 * x log p + (1 - x) log(1 - p) to 1e-12 relative for |l| <= 5 (beyond that the textbook formula
 * itself loses digits in log(1 - p), which is the point of the stable one).
 */
class BernoulliLogitsTest {

    @Test
    void extremeLogitsAreFiniteAndExactInDoubleAndFloat() {
        for (double l : new double[] {1e4, -1e4, 1e30, -1e30}) {
            for (double x : new double[] {0, 0.3, 1}) {
                double lp = BernoulliLogits.logProb(x, l);
                assertTrue(Double.isFinite(lp), "log p(" + x + " | " + l + ") = " + lp);
                assertEquals(x * l - Math.max(l, 0), lp, 1e-12 * Math.abs(l), "log p(" + x + " | " + l + ")");
                double g = BernoulliLogits.gradNegLogProb(x, l);
                assertEquals((l > 0 ? 1 : 0) - x, g, 0.0, "gradient at " + l);
            }
        }
        for (float l : new float[] {1e4f, -1e4f}) {
            for (float x : new float[] {0f, 0.3f, 1f}) {
                float lp = BernoulliLogits.logProb(x, l);
                assertTrue(Float.isFinite(lp), "float log p(" + x + " | " + l + ") = " + lp);
                assertEquals(x * l - Math.max(l, 0f), lp, 1e-6f * Math.abs(l));
                assertTrue(Float.isFinite(BernoulliLogits.gradNegLogProb(x, l)));
            }
        }
        // x = 1 and a huge positive logit: certain, log p = 0 exactly; the naive formula is NaN there.
        assertEquals(0.0, BernoulliLogits.logProb(1.0, 1e4), 0.0);
        assertTrue(Double.isNaN(1.0 * Math.log(1 / (1 + Math.exp(-1e4))) + 0.0 * Math.log(1 - 1 / (1 + Math.exp(-1e4)))),
                "the naive formula really fails here (0 * -inf)");
    }

    @Test
    void moderateLogitsMatchTextbookFormulaAndGradient() {
        for (double l = -30; l <= 30; l += 0.37) {
            for (double x : new double[] {0, 0.25, 0.5, 1}) {
                double p = 1 / (1 + Math.exp(-l));
                double naive = x * Math.log(p) + (1 - x) * Math.log1p(-p);
                double lp = BernoulliLogits.logProb(x, l);
                if (Math.abs(l) <= 5) assertEquals(naive, lp, 1e-12 * Math.max(1, Math.abs(naive)), "l = " + l);
                // gradient by central differences (h = 1e-6: error ~ h^2 + 1e-16 / h ~ 1e-10)
                double num = -(BernoulliLogits.logProb(x, l + 1e-6) - BernoulliLogits.logProb(x, l - 1e-6)) / 2e-6;
                assertEquals(num, BernoulliLogits.gradNegLogProb(x, l), 1e-8, "gradient at l = " + l);
            }
        }
        assertEquals(Math.log(2), BernoulliLogits.softplus(0), 1e-15);
        assertEquals(0.5, BernoulliLogits.sigmoid(0), 0.0);
    }

    @Test
    void sumLogProbSumsInDouble() {
        float[] x = {0f, 1f, 0.5f};
        float[] l = {-2f, 3f, 0f};
        double expected = 0;
        for (int i = 0; i < 3; i++) expected += BernoulliLogits.logProb((double) x[i], (double) l[i]);
        assertEquals(expected, BernoulliLogits.sumLogProb(x, l, 0, 3), 0.0);
    }
}
