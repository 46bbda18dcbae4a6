package vae.prob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import vae.toy.Quadrature;

/**
 * The continuous Bernoulli's normaliser against numerical integration: {@code log C(lambda)} must be
 * minus the log of {@code integral_0^1 lambda^x (1 - lambda)^(1 - x) dx}, computed by the trapezoid
 * rule of {@link Quadrature} (refined until two halvings agree to 1e-12 in log units; the test allows
 * 1e-9). The limit at lambda = 1/2 is log 2 exactly, and the series used near it joins the closed
 * form without a step (1e-12). The lambda and the logit forms agree (1e-12 relative), and the logit
 * form stays finite where lambda rounds to 1. (The two forms are compared up to l = 12: beyond it a lambda in double
 * keeps too few digits of 1 - lambda for the lambda form, which is the reason for the logit form.)
 */
class ContinuousBernoulliTest {

    private static double logIntegralOfBernoulliFormula(double logit) {
        return Quadrature.logIntegral(x -> BernoulliLogits.logProb(x, logit), 0, 1, 1e-12).logValue();
    }

    @Test
    void normaliserIsOneOverTheIntegralOfTheBernoulliFormula() {
        for (double lambda : new double[] {1e-6, 0.01, 0.2, 0.4, 0.49999, 0.5, 0.6, 0.9, 0.999}) {
            double logit = Math.log(lambda / (1 - lambda));
            double byQuadrature = -logIntegralOfBernoulliFormula(logit);
            assertEquals(byQuadrature, ContinuousBernoulli.logNormaliser(lambda), 1e-9, "log C(" + lambda + ")");
            assertEquals(byQuadrature, ContinuousBernoulli.logNormaliserOfLogit(logit), 1e-9, "log C at logit " + logit);
        }
    }

    @Test
    void theDensityIntegratesToOne() {
        for (double logit : new double[] {-30, -3, 0, 0.7, 12}) {
            double logMass = Quadrature.logIntegral(x -> ContinuousBernoulli.logDensity(x, logit), 0, 1, 1e-12).logValue();
            assertEquals(0.0, logMass, 1e-9, "log of the mass at logit " + logit);
        }
    }

    @Test
    void limitAtOneHalfIsTwoAndTheSeriesJoinsTheClosedForm() {
        assertEquals(Math.log(2), ContinuousBernoulli.logNormaliser(0.5), 0.0);
        assertEquals(Math.log(2), ContinuousBernoulli.logNormaliserOfLogit(0.0), 0.0);
        // just inside and just outside the series' range (|1 - 2 lambda| = 1e-4, |l| = 2e-4)
        for (double eps : new double[] {0.99e-4, 1.01e-4}) {
            double lambda = (1 - eps) / 2;
            double closed = Math.log(2 * 0.5 * Math.log((1 + eps) / (1 - eps)) / eps);
            assertEquals(closed, ContinuousBernoulli.logNormaliser(lambda), 1e-12, "at 1 - 2 lambda = " + eps);
        }
        for (double l : new double[] {1.99e-4, 2.01e-4}) {
            assertEquals(Math.log(l / Math.tanh(l / 2)), ContinuousBernoulli.logNormaliserOfLogit(l), 1e-12, "at l = " + l);
        }
    }

    @Test
    void lambdaAndLogitFormsAgreeAndTheLogitFormSurvivesSaturation() {
        // up to l = 12: beyond, lambda = sigmoid(l) itself keeps too few digits of 1 - lambda (1e-16 of 1 against 6e-6)
        for (double l = -30; l <= 12; l += 0.37) {
            double lambda = BernoulliLogits.sigmoid(l);
            assertEquals(ContinuousBernoulli.logNormaliser(lambda), ContinuousBernoulli.logNormaliserOfLogit(l),
                    1e-9 * Math.max(1, Math.abs(l)), "l = " + l);
        }
        // sigmoid(50) rounds to 1: the lambda form cannot be used, the logit form gives log(50 / tanh 25) = log 50
        assertThrows(IllegalArgumentException.class, () -> ContinuousBernoulli.logNormaliser(BernoulliLogits.sigmoid(50)));
        assertEquals(Math.log(50), ContinuousBernoulli.logNormaliserOfLogit(-50), 1e-15);
        assertTrue(ContinuousBernoulli.logNormaliserOfLogit(3) > Math.log(2), "C > 2 away from 1/2");
    }

    @Test
    void sumOverPixelsAddsTheTermsInOrder() {
        float[] logits = {0f, 1.5f, -4f, 20f};
        double expected = 0;
        for (float l : logits) expected += ContinuousBernoulli.logNormaliserOfLogit(l);
        assertEquals(expected, ContinuousBernoulli.sumLogNormaliser(logits, 0, 4), 0.0);
        assertEquals(ContinuousBernoulli.logNormaliserOfLogit(1.5f), ContinuousBernoulli.sumLogNormaliser(logits, 1, 2), 0.0);
    }
}
