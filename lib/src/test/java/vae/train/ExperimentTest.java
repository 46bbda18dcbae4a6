package vae.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import vae.data.Binarisation;
import vae.model.VaeConfig;

class ExperimentTest {

    @Test
    void fullIsTheBinarisedReferenceAndQuickDiffersOnlyInLength() {
        Experiment full = Experiment.of(true), quick = Experiment.of(false);
        assertTrue(full.isFull());
        assertFalse(quick.isFull());
        VaeConfig binarised = VaeConfig.defaults().toBuilder().binarisation(Binarisation.BERNOULLI).build();
        assertEquals(binarised, full.config());
        assertEquals(60_000, full.trainImages());
        assertEquals(10_000, full.testImages());
        assertEquals(binarised.toBuilder().epochs(2).build(), quick.config());
        Experiment twoD = quick.withConfig(quick.config().toBuilder().latentDim(2).build());
        assertEquals(2, twoD.config().latentDim());
        assertEquals(quick.trainImages(), twoD.trainImages());
        assertEquals(Experiment.Mode.QUICK, twoD.mode());
        assertEquals("quick", twoD.mode().label());
    }
}
