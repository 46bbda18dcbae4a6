package vae.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

    @Test
    void thePresetsByNameAreQuickAndFull() {
        assertEquals(Experiment.quick(), Experiment.named("quick"));
        assertEquals(Experiment.full(), Experiment.named("full"));
        assertEquals("quick", Experiment.named("quick").mode().label());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Experiment.named("medium"));
        assertEquals("preset must be quick or full, got 'medium'", e.getMessage());
        // the default follows VAE_FULL, as the notebooks read it
        assertEquals("1".equals(System.getenv("VAE_FULL")) ? "full" : "quick", Experiment.defaultPreset());
    }
}
