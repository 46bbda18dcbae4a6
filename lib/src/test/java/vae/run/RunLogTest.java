package vae.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vae.model.ModelFile;
import vae.model.Vae;
import vae.model.VaeConfig;
import vae.model.WeightsDigest;

/** What RunLog writes into a run's folder, and that it writes nothing outside a run. */
class RunLogTest {
    @TempDir
    Path dir;

    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    private List<JsonObject> lines(String file) throws IOException {
        return Files.readAllLines(dir.resolve(file)).stream().map(RunLogTest::json).toList();
    }

    @Test
    void outsideARunNothingIsWrittenAndTheValueComesBack() throws IOException {
        RunLog none = RunLog.fromEnvironment(Map.of());
        assertTrue(none.runFolder().isEmpty());
        assertEquals(-104.25, none.report("test ELBO", -104.25, "nats", null, null, null));
        none.model(dir.resolve("m.vae"), "ab");
        none.used("beta", 2.0);
        assertEquals(0, Files.list(dir).count(), "a log outside a run wrote into the folder");
        RunLog blank = RunLog.fromEnvironment(Map.of(RunLog.ENV, " "));
        assertTrue(blank.runFolder().isEmpty());
    }

    @Test
    void aRunFolderThatDoesNotExistIsAnErrorNamingIt() {
        Path missing = dir.resolve("no-such-run");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> RunLog.fromEnvironment(Map.of(RunLog.ENV, missing.toString())));
        assertTrue(e.getMessage().contains("VAE_RUN_DIR=" + missing), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RunLog.in(missing));
    }

    @Test
    void metricsAreAppendedOneJsonObjectPerLineWithOptionalFieldsNull() throws IOException {
        RunLog log = RunLog.in(dir);
        assertEquals(-104.25, log.report("test ELBO", -104.25, "nats", null, 2000, null));
        assertEquals(-98.5, log.report("L_K", -98.5, "nats", 1000, 100, 0.31));
        log.report("diverged loss", Double.NaN, "nats", null, null, Double.POSITIVE_INFINITY);
        List<JsonObject> m = lines("metrics.jsonl");
        assertEquals(3, m.size());
        assertEquals("test ELBO", m.get(0).get("name").getAsString());
        assertEquals(-104.25, m.get(0).get("value").getAsDouble());
        assertEquals("nats", m.get(0).get("unit").getAsString());
        assertTrue(m.get(0).get("k").isJsonNull());
        assertEquals(2000, m.get(0).get("images").getAsInt());
        assertTrue(m.get(0).get("se").isJsonNull());
        assertEquals(1000, m.get(1).get("k").getAsInt());
        assertEquals(0.31, m.get(1).get("se").getAsDouble());
        assertTrue(m.get(2).get("value").isJsonNull(), "a value that is not finite is written as null (JSON has no NaN)");
        assertTrue(m.get(2).get("se").isJsonNull());
    }

    @Test
    void runtimeIsWrittenOnceWithTheJvmsFacts() throws IOException {
        RunLog log = RunLog.in(dir);
        log.report("a", 1, "nats", null, null, null);
        JsonObject runtime = json(Files.readString(dir.resolve("runtime.json")));
        assertEquals(System.getProperty("java.version"), runtime.get("java").getAsString());
        assertEquals(System.getProperty("java.vm.name"), runtime.get("vm").getAsString());
        assertEquals(Runtime.getRuntime().availableProcessors(), runtime.get("threads").getAsInt());
        String matmul = runtime.get("matmul").getAsString();
        assertTrue(matmul.equals("vector-api") || matmul.equals("loops"), matmul);
        if (matmul.equals("vector-api")) {
            int bits = runtime.get("vectorBits").getAsInt();
            assertTrue(bits == 64 || bits == 128 || bits == 256 || bits == 512, "vector bits " + bits);
        }
        Files.writeString(dir.resolve("runtime.json"), "{\"marker\": 1}");
        log.report("b", 2, "nats", null, null, null);
        assertEquals("{\"marker\": 1}", Files.readString(dir.resolve("runtime.json")), "runtime.json was written twice");
    }

    @Test
    void modelsAreRecordedRelativeToTheRunFolder() throws IOException {
        RunLog log = RunLog.in(dir);
        log.model(dir.resolve("models").resolve("vae-z2.vae"), "00ff");
        JsonObject m = lines("models.jsonl").get(0);
        assertEquals("models/vae-z2.vae", m.get("file").getAsString());
        assertEquals("00ff", m.get("weightsDigest").getAsString());
    }

    @Test
    void provenanceTakesTheRecordsPartsFromRunJsonAndTheValuesUsed() throws IOException {
        Files.writeString(dir.resolve("run.json"), """
                {"schema": "vae-lecture.run/1", "id": "20261202-181500-06-train-vae-beta=2", "name": "06-train-vae",
                 "preset": "quick", "parameters": {"beta": 2.0}, "injected": {"beta": 2.0},
                 "code": {"commit": "abc", "dirty": true}, "machine": {"cpu": "test cpu"}, "data": {"f": "00"},
                 "started": "2026-12-02T18:15:00Z"}""");
        RunLog log = RunLog.in(dir);
        JsonObject before = json(log.provenance());
        assertEquals("20261202-181500-06-train-vae-beta=2", before.get("run").getAsString());
        assertEquals(2.0, before.getAsJsonObject("parameters").get("beta").getAsDouble());
        assertEquals("test cpu", before.getAsJsonObject("machine").get("cpu").getAsString());
        assertFalse(before.has("started"), "only how the model was made, not when the run began");
        assertEquals(System.getProperty("java.version"), before.getAsJsonObject("runtime").get("java").getAsString());
        log.used("preset", "quick", "beta", 2.0, "epochs", 2, "ks", new int[] {1, 10});
        JsonObject after = json(log.provenance());
        assertEquals(2, after.getAsJsonObject("parameters").get("epochs").getAsInt());
        assertEquals(10, after.getAsJsonObject("parameters").getAsJsonArray("ks").get(1).getAsInt());
        JsonObject written = json(Files.readString(dir.resolve("parameters.json")));
        assertEquals("quick", written.get("preset").getAsString());
        assertThrows(IllegalArgumentException.class, () -> log.used("beta"));
        assertThrows(IllegalArgumentException.class, () -> log.used(1, 2));
    }

    @Test
    void aSavedModelSaysHowItWasMadeAndTheWrongConfigurationIsStillAnError() throws IOException {
        VaeConfig small = VaeConfig.builder().inputDim(6).hiddenDim(4).latentDim(2).threads(1).build();
        Vae vae = new Vae(small);
        Path file = dir.resolve("m.vae");
        ModelFile.save(vae, file);
        JsonObject made = json(ModelFile.provenance(file));
        assertTrue(made.get("run").isJsonNull(), "outside a run the file names no run");
        assertEquals(System.getProperty("java.version"), made.getAsJsonObject("runtime").get("java").getAsString());
        assertEquals(WeightsDigest.of(vae), WeightsDigest.of(ModelFile.load(file, small)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelFile.load(file, small.toBuilder().beta(4).build()));
        assertTrue(e.getMessage().contains("beta: expected 4.0, found 1.0"), e.getMessage());
        assertTrue(e.getMessage().contains("it was made by {\"run\":null"), e.getMessage());
    }
}
