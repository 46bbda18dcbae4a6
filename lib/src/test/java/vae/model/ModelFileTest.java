package vae.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vae.linalg.Matrix;
import vae.prob.Rng;

/**
 * Save, load, and every way a model file can be wrong: corrupted, truncated, another version, another
 * configuration. Weights round-trip exactly (floats stored as floats), the configuration field by field.
 */
class ModelFileTest {
    private static final VaeConfig SMALL = VaeConfig.builder().inputDim(10).hiddenDim(6).latentDim(2).threads(1).seed(3).build();

    @TempDir
    Path dir;

    private static Matrix someZ() {
        Matrix z = Matrix.zeros(4, 2);
        new Rng(9).fillGaussian(z.data());
        return z;
    }

    @Test
    void saveThenLoadGivesTheSameOutputsBitForBit() throws IOException {
        Vae vae = new Vae(SMALL);
        Path file = dir.resolve("model.vae");
        ModelFile.save(vae, file);
        Vae loaded = ModelFile.load(file, SMALL.toBuilder().threads(2).build()); // threads change speed, not numbers
        assertArrayEquals(vae.decode(someZ()).data(), loaded.decode(someZ()).data());
        Matrix x = Matrix.zeros(3, 10);
        assertArrayEquals(vae.encode(x).mu().data(), loaded.encode(x).mu().data());
        Vae into = new Vae(SMALL);
        new Rng(42).fillGaussian(into.parameters().get(0).value().data());   // other weights, overwritten by the file
        ModelFile.loadInto(into, file);
        assertArrayEquals(vae.decode(someZ()).data(), into.decode(someZ()).data());
        VaeConfig stored = ModelFile.load(file).config();
        assertEquals(SMALL.toBuilder().threads(stored.threads()).build(), stored, "the whole configuration comes from the file");
        assertEquals(ModelFile.libraryVersion(), ModelFile.header(file).libraryVersion());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void corruptedByteIsDetected() throws IOException {
        Path file = dir.resolve("model.vae");
        ModelFile.save(new Vae(SMALL), file);
        byte[] b = Files.readAllBytes(file);
        b[b.length / 2] ^= 0x01;
        Files.write(file, b);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFile.load(file));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
    }

    @Test
    void truncatedFileIsDetected() throws IOException {
        Path file = dir.resolve("model.vae");
        ModelFile.save(new Vae(SMALL), file);
        byte[] b = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(b, b.length - 100));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFile.load(file));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        Files.write(file, java.util.Arrays.copyOf(b, 10));
        e = assertThrows(IllegalArgumentException.class, () -> ModelFile.load(file));
        assertTrue(e.getMessage().contains("too short"), e.getMessage());
    }

    @Test
    void otherVersionIsRejectedByName() throws IOException {
        Path file = dir.resolve("model.vae");
        ModelFile.save(new Vae(SMALL), file);
        byte[] b = Files.readAllBytes(file);
        ByteBuffer.wrap(b).putInt(4, 1);             // version 1, with a valid checksum
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - 8);
        ByteBuffer.wrap(b).putLong(b.length - 8, crc.getValue());
        Files.write(file, b);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFile.load(file));
        assertEquals("model.vae: model file version 1 is not supported, expected version 2 to 3 (version 1 did not record"
                + " the configuration: train the model again)", e.getMessage());
        Files.write(file, "not a model at all, just some text".getBytes());
        e = assertThrows(IllegalArgumentException.class, () -> ModelFile.load(file));
        assertTrue(e.getMessage().contains("not a VAE model file"), e.getMessage());
    }

    @Test
    void modelOfOtherSizesIsRejected() throws IOException {
        Path file = dir.resolve("model.vae");
        ModelFile.save(new Vae(SMALL), file);
        Vae other = new Vae(SMALL.toBuilder().latentDim(20).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFile.loadInto(other, file));
        assertTrue(e.getMessage().startsWith("model.vae was saved under another configuration (1 field differ: "
                + "latentDim: expected 20, found 2). Expected VaeConfig["), e.getMessage());
    }

    @Test
    void otherConfigurationIsAnErrorNamingEveryFieldThatDiffers() throws IOException {
        Path file = dir.resolve("model.vae");
        ModelFile.save(new Vae(SMALL), file);
        VaeConfig other = SMALL.toBuilder().beta(4).binarisation(vae.data.Binarisation.BERNOULLI).epochs(3).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFile.load(file, other));
        String m = e.getMessage();
        assertTrue(m.contains("(3 fields differ: beta: expected 4.0, found 1.0; epochs: expected 3, found 10; "
                + "binarisation: expected BERNOULLI, found NONE)"), m);
        assertTrue(m.contains("Expected " + other + ", the file holds " + SMALL), m);
        assertTrue(m.contains("written by library version " + ModelFile.libraryVersion()), m);
        assertThrows(IllegalArgumentException.class, () -> ModelFile.load(file, SMALL.toBuilder().testBinarisationSeed(5).build()));
        assertThrows(IllegalArgumentException.class, () -> ModelFile.load(file, SMALL.toBuilder().seed(99).build()));
        assertEquals(SMALL.threads(), ModelFile.load(file, SMALL).config().threads());
    }

    @Test
    void everyConfigurationFieldRoundTripsAsText() {
        VaeConfig odd = SMALL.toBuilder().activation(Activation.RELU).learningRate(0.1 / 3).beta(0.3)
                .binarisation(vae.data.Binarisation.THRESHOLD).testBinarisationSeed(-7).epochs(0).build();
        assertEquals(odd, VaeConfig.parse(odd.fields()));
        assertTrue(odd.differencesFrom(VaeConfig.parse(odd.fields())).isEmpty());
        var missing = new java.util.LinkedHashMap<>(odd.fields());
        missing.remove("beta");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VaeConfig.parse(missing));
        assertEquals("VaeConfig field beta is missing", e.getMessage());
        var bad = new java.util.LinkedHashMap<>(odd.fields());
        bad.put("epochs", "ten");
        e = assertThrows(IllegalArgumentException.class, () -> VaeConfig.parse(bad));
        assertEquals("VaeConfig field epochs: cannot read int from \"ten\"", e.getMessage());
        var unknown = new java.util.LinkedHashMap<>(odd.fields());
        unknown.put("dropout", "0.5");
        e = assertThrows(IllegalArgumentException.class, () -> VaeConfig.parse(unknown));
        assertTrue(e.getMessage().startsWith("unknown VaeConfig field dropout"), e.getMessage());
    }

    @Test
    void truncatedInsideTheHeaderIsDetected() throws IOException {
        Path file = dir.resolve("model.vae");
        ModelFile.save(new Vae(SMALL), file);
        byte[] b = Files.readAllBytes(file);
        for (int cut : new int[] {40, 200, 400}) {                     // inside the configuration text and beyond
            byte[] shorter = java.util.Arrays.copyOf(b, cut);
            Files.write(file, shorter);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFile.load(file));
            assertTrue(e.getMessage().contains("checksum mismatch"), cut + ": " + e.getMessage());
        }
    }

    @Test
    void aConsistentFileWithABrokenConfigurationSaysWhich() throws IOException {
        Path file = dir.resolve("model.vae");
        ModelFile.save(new Vae(SMALL), file);
        byte[] b = Files.readAllBytes(file);
        String text = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = text.indexOf("activation=RELU");
        byte[] changed = text.substring(0, at).concat("activation=SWIX").concat(text.substring(at + 15))
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();                                        // a valid checksum over the edit
        crc.update(changed, 0, changed.length - 8);
        ByteBuffer.wrap(changed).putLong(changed.length - 8, crc.getValue());
        Files.write(file, changed);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFile.load(file));
        assertEquals("model.vae: stored configuration: VaeConfig field activation: cannot read Activation from \"SWIX\"",
                e.getMessage());
    }

    @Test
    void failedSaveLeavesNoPartialFile() throws IOException {
        Path target = dir.resolve("model.vae");
        Files.createDirectory(target);                 // the rename onto a non-empty folder must fail
        Files.writeString(target.resolve("keep"), "x");
        assertThrows(IOException.class, () -> ModelFile.save(new Vae(SMALL), target));
        try (var files = Files.list(dir)) {
            assertEquals(java.util.List.of(target), files.toList(), "only the folder, no temporary file");
        }
        assertTrue(Files.isDirectory(target));
    }

    @Test
    void saveReplacesAnExistingFile() throws IOException {
        Path file = dir.resolve("model.vae");
        ModelFile.save(new Vae(SMALL), file);
        Vae second = new Vae(SMALL.toBuilder().seed(7).build());
        ModelFile.save(second, file);
        assertArrayEquals(second.decode(someZ()).data(), ModelFile.load(file, second.config()).decode(someZ()).data());
    }

    @Test
    void aVersion2FileWithoutTheRecordOfHowItWasMadeStillLoads() throws IOException {
        Vae vae = new Vae(SMALL);
        Path file = dir.resolve("model.vae");
        ModelFile.save(vae, file);
        // version 2 = version 3 without the third string: cut it out, set the version, recompute the checksum
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        int at = 8;
        for (int i = 0; i < 2; i++) at += 2 + (b.getShort(at) & 0xffff);
        int madeLength = 2 + (b.getShort(at) & 0xffff);
        byte[] v3 = b.array(), v2 = new byte[v3.length - madeLength];
        System.arraycopy(v3, 0, v2, 0, at);
        System.arraycopy(v3, at + madeLength, v2, at, v3.length - at - madeLength);
        ByteBuffer.wrap(v2).putInt(4, 2);
        CRC32 crc = new CRC32();
        crc.update(v2, 0, v2.length - 8);
        ByteBuffer.wrap(v2).putLong(v2.length - 8, crc.getValue());
        Files.write(file, v2);
        assertEquals(WeightsDigest.of(vae), WeightsDigest.of(ModelFile.load(file, SMALL)));
        assertEquals("{}", ModelFile.provenance(file));
    }
}
