package vae.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import vae.data.Binarisation;

class VaeConfigTest {
    @Test
    void defaultsAreTheReference() {
        VaeConfig c = VaeConfig.defaults();
        assertEquals(784, c.inputDim());
        assertEquals(400, c.hiddenDim());
        assertEquals(20, c.latentDim());
        assertEquals(Activation.RELU, c.activation());
        assertEquals(128, c.batchSize());
        assertEquals(1e-3, c.learningRate());
        assertEquals(1.0, c.beta());
        assertEquals(1, c.seed());
        assertEquals(10, c.epochs());
        assertEquals(Binarisation.NONE, c.binarisation());
        assertEquals(Runtime.getRuntime().availableProcessors(), c.threads());
        assertTrue(c.toString().contains("latentDim=20") && c.toString().contains("learningRate=0.001"), c.toString());
        assertEquals(c.toString(), c.toBuilder().build().toString());
        Vae vae = new Vae(c);
        assertEquals(784L * 400 + 400 + 2 * (400 * 20 + 20) + 20 * 400 + 400 + 400 * 784 + 784, vae.parameterCount());
    }

    @Test
    void badValuesAreRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VaeConfig.builder().latentDim(0).build());
        assertEquals("latentDim must be >= 1, got 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> VaeConfig.builder().learningRate(Double.NaN).build());
        assertThrows(IllegalArgumentException.class, () -> VaeConfig.builder().beta(-1).build());
    }
}
