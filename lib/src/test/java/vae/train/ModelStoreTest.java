package vae.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vae.linalg.Matrix;
import vae.model.Vae;
import vae.model.VaeConfig;
import vae.prob.Rng;

class ModelStoreTest {
    private static final VaeConfig TINY = VaeConfig.builder().inputDim(8).hiddenDim(6).latentDim(2).epochs(2)
            .batchSize(16).threads(1).build();

    private static Matrix images(int n) {
        Matrix x = Matrix.zeros(n, 8);
        Rng rng = new Rng(3);
        float[] d = x.data();
        for (int i = 0; i < d.length; i++) d[i] = (float) rng.nextDouble();
        return x;
    }

    @Test
    void fileNameSaysTheConfiguration(@TempDir Path dir) {
        ModelStore store = new ModelStore(dir);
        assertEquals("vae-z2-h6-beta1-e2-n100-seed1-none-quick.vae", store.file(TINY, 100, Experiment.Mode.QUICK).getFileName().toString());
        assertEquals("vae-z2-h6-beta0.5-e2-n100-seed1-none-full.vae",
                store.file(TINY.toBuilder().beta(0.5).build(), 100, Experiment.Mode.FULL).getFileName().toString());
    }

    @Test
    void trainsOnceThenLoadsTheSameWeights(@TempDir Path dir) {
        ModelStore store = new ModelStore(dir.resolve("models"));
        Matrix train = images(64);
        assertTrue(store.load(TINY, 64, Experiment.Mode.QUICK).isEmpty());
        Vae trained = store.loadOrTrain(TINY, train, null, Experiment.Mode.QUICK);
        assertTrue(Files.isRegularFile(store.file(TINY, 64, Experiment.Mode.QUICK)));
        Vae loaded = store.loadOrTrain(TINY, train, null, Experiment.Mode.QUICK);
        for (int i = 0; i < trained.parameters().size(); i++) {
            assertArrayEquals(trained.parameters().get(i).value().data(), loaded.parameters().get(i).value().data(), 0f);
        }
        // the same training gives the same weights: trained differs from an untrained model
        assertFalse(java.util.Arrays.equals(new Vae(TINY).parameters().get(0).value().data(),
                loaded.parameters().get(0).value().data()));
        assertTrue(store.load(TINY, 65, Experiment.Mode.QUICK).isEmpty(), "another training size is another model");
    }
}
