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

/** Save, load, and every way a model file can be wrong. Weights round-trip exactly (floats stored as floats). */
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
        Vae loaded = ModelFile.load(file, SMALL.toBuilder().seed(99).build()); // other init, overwritten by the file
        assertArrayEquals(vae.decode(someZ()).data(), loaded.decode(someZ()).data());
        Matrix x = Matrix.zeros(3, 10);
        assertArrayEquals(vae.encode(x).mu().data(), loaded.encode(x).mu().data());
        Vae into = new Vae(SMALL.toBuilder().seed(42).build());
        ModelFile.loadInto(into, file);
        assertArrayEquals(vae.decode(someZ()).data(), into.decode(someZ()).data());
        assertEquals(2, ModelFile.load(file).config().latentDim(), "sizes come from the file");
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
        ByteBuffer.wrap(b).putInt(4, 2);             // version 2, with a valid checksum
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - 8);
        ByteBuffer.wrap(b).putLong(b.length - 8, crc.getValue());
        Files.write(file, b);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFile.load(file));
        assertEquals("model.vae: model file version 2 is not supported, expected version 1", e.getMessage());
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
        assertEquals("model.vae holds a 10-6-2 model (inputDim-hiddenDim-latentDim), this model is 10-6-20", e.getMessage());
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
        assertArrayEquals(second.decode(someZ()).data(), ModelFile.load(file, SMALL).decode(someZ()).data());
    }
}
