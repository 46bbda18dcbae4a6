package vae.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Each check passes inside its tolerance, fails outside it, and its message says expected, found and tolerance. */
class CheckTest {

    @Test
    void closePassesInsideAndFailsOutside() {
        String line = Check.close("log p(x)", -1.9071, -1.9070, 1e-3);
        assertTrue(line.contains("expected -1.9071") && line.contains("found -1.907"), line);
        CheckFailure f = assertThrows(CheckFailure.class, () -> Check.close("log p(x)", -1.9071, -1.8, 1e-3));
        assertEquals("check failed, log p(x): expected -1.9071 ± 0.001, found -1.8 (off by 0.1071)", f.getMessage());
    }

    @Test
    void aNaNFoundValueFailsEveryCheck() {
        assertThrows(CheckFailure.class, () -> Check.close("v", 1, Double.NaN, 1));
        assertThrows(CheckFailure.class, () -> Check.relativelyClose("v", 1, Double.NaN, 1));
        assertThrows(CheckFailure.class, () -> Check.withinStandardErrors("v", 1, Double.NaN, 1, 4));
        assertThrows(CheckFailure.class, () -> Check.atMost("v", 1, Double.NaN));
        assertThrows(CheckFailure.class, () -> Check.atLeast("v", 1, Double.NaN));
        assertThrows(CheckFailure.class, () -> Check.allClose("v", new double[] {1, 2, 3}, new double[] {1, Double.NaN, 3}, 1));
    }

    @Test
    void standardErrorsCountBothSides() {
        Check.withinStandardErrors("estimate", 0, 3.9, 1, 4);
        Check.withinStandardErrors("estimate", 0, -3.9, 1, 4);
        CheckFailure f = assertThrows(CheckFailure.class, () -> Check.withinStandardErrors("estimate", 0, -4.1, 1, 4));
        assertTrue(f.getMessage().contains("expected 0") && f.getMessage().contains("found -4.1")
                && f.getMessage().contains("-4.1 SE") && f.getMessage().contains("tolerance 4 SE"), f.getMessage());
    }

    @Test
    void relativeComparison() {
        Check.relativelyClose("rms error", 0.1318, 0.1295, 0.3);
        CheckFailure f = assertThrows(CheckFailure.class, () -> Check.relativelyClose("rms error", 0.1, 0.2, 0.3));
        assertTrue(f.getMessage().contains("expected 0.1 within 30 %") && f.getMessage().contains("found 0.2"), f.getMessage());
    }

    @Test
    void bounds() {
        Check.atMost("ELBO", -1.9, -2.0);
        Check.atLeast("KL", 0, 0);
        assertTrue(assertThrows(CheckFailure.class, () -> Check.atMost("ELBO", -1.9, -1.8)).getMessage()
                .contains("expected at most -1.9, found -1.8"));
        assertTrue(assertThrows(CheckFailure.class, () -> Check.atLeast("KL", 0, -1e-3)).getMessage()
                .contains("expected at least 0, found -0.001"));
    }

    @Test
    void allCloseReportsTheWorstValue() {
        String ok = Check.allClose("sum", new double[] {1, 2, 3}, new double[] {1, 2.05, 3.01}, 0.1);
        assertTrue(ok.contains("[1]"), ok);
        CheckFailure f = assertThrows(CheckFailure.class, () -> Check.allClose("sum", new double[] {1, 2, 3}, new double[] {1, 2, 3.5}, 0.1));
        assertTrue(f.getMessage().contains("[2]: expected 3, found 3.5"), f.getMessage());
    }

    @Test
    void mistakesInTheCheckItselfAreArgumentErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Check.close("v", 1, 1, -1));
        assertTrue(e.getMessage().contains("tolerance must be a finite number ≥ 0, got -1.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Check.close("v", Double.NaN, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Check.close(null, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Check.relativelyClose("v", 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Check.withinStandardErrors("v", 0, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> Check.allClose("v", new double[] {1}, new double[] {1, 2}, 1));
    }
}
