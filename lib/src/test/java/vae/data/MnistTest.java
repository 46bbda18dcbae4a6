package vae.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vae.linalg.Matrix;
import vae.prob.Rng;

/** IDX reading on small files written here (no MNIST needed), every header error, binarisation. */
class MnistTest {
    @TempDir
    Path dir;

    static byte[] imagesFile(int magic, int count, int rows, int cols, int pixels) {
        ByteBuffer b = ByteBuffer.allocate(16 + pixels);
        b.putInt(magic).putInt(count).putInt(rows).putInt(cols);
        for (int i = 0; i < pixels; i++) b.put((byte) (i * 7));
        return b.array();
    }

    static byte[] labelsFile(int magic, int count, int labels) {
        ByteBuffer b = ByteBuffer.allocate(8 + labels);
        b.putInt(magic).putInt(count);
        for (int i = 0; i < labels; i++) b.put((byte) (i % 10));
        return b.array();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private void writeAll(int trainCount, int testCount) throws IOException {
        write("train-images-idx3-ubyte", imagesFile(2051, trainCount, 28, 28, trainCount * 784));
        write("train-labels-idx1-ubyte", labelsFile(2049, trainCount, trainCount));
        write("t10k-images-idx3-ubyte", imagesFile(2051, testCount, 28, 28, testCount * 784));
        write("t10k-labels-idx1-ubyte", labelsFile(2049, testCount, testCount));
    }

    @Test
    void readsImagesAsGreyLevelsAndLabels() throws IOException {
        writeAll(3, 2);
        Mnist m = Mnist.load(dir);
        assertEquals(3, m.train().size());
        assertEquals(2, m.test().size());
        Matrix x = m.train().images();
        assertEquals("3x784", x.shape());
        assertEquals(0f, x.get(0, 0));
        assertEquals((byte) 7 / 255f, x.get(0, 1));
        assertEquals(((785 * 7) & 0xff) / 255f, x.get(1, 1), "row 1 starts at byte 784");
        assertArrayEquals(new int[] {0, 1, 2}, m.train().labels());
        for (float v : x.data()) assertTrue(v >= 0 && v <= 1);
    }

    @Test
    void wrongMagicIsNamed() throws IOException {
        Path p = write("x-images", imagesFile(2049, 1, 28, 28, 784));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Mnist.readImages(p));
        assertEquals("x-images: not an IDX images file: expected magic 2051, got 2049 (a labels file)", e.getMessage());
        Path l = write("x-labels", labelsFile(2051, 1, 1));
        e = assertThrows(IllegalArgumentException.class, () -> Mnist.readLabels(l));
        assertTrue(e.getMessage().contains("expected magic 2049, got 2051"), e.getMessage());
    }

    @Test
    void truncatedFilesAreNamedWithSizes() throws IOException {
        Path p = write("x-images", imagesFile(2051, 2, 28, 28, 2 * 784 - 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Mnist.readImages(p));
        assertEquals("x-images: truncated: expected 1584 bytes for 2 images of 28x28, got 1583", e.getMessage());
        Path h = write("x-header", new byte[] {0, 0, 8, 3, 0});
        e = assertThrows(IllegalArgumentException.class, () -> Mnist.readImages(h));
        assertTrue(e.getMessage().contains("truncated IDX images header"), e.getMessage());
        Path l = write("x-labels", labelsFile(2049, 5, 4));
        e = assertThrows(IllegalArgumentException.class, () -> Mnist.readLabels(l));
        assertEquals("x-labels: truncated: expected 13 bytes for 5 labels, got 12", e.getMessage());
    }

    @Test
    void wrongImageSizeIsNamed() throws IOException {
        Path p = write("x-images", imagesFile(2051, 1, 27, 28, 27 * 28));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Mnist.readImages(p));
        assertEquals("x-images: expected 28x28 images, got 27x28", e.getMessage());
    }

    @Test
    void mismatchedCountsAreNamed() throws IOException {
        Path i = write("train-images-idx3-ubyte", imagesFile(2051, 3, 28, 28, 3 * 784));
        Path l = write("train-labels-idx1-ubyte", labelsFile(2049, 2, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Mnist.read(i, l));
        assertEquals("mismatched files: train-images-idx3-ubyte holds 3 images but train-labels-idx1-ubyte holds 2 labels",
                e.getMessage());
    }

    @Test
    void dataDirFromEnvironmentOrRelativeToWorkingDirectory() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data/mnist"));
        Files.write(data.resolve("train-images-idx3-ubyte"), new byte[0]);
        Path notebooks = Files.createDirectories(dir.resolve("notebooks"));
        assertEquals(data, Mnist.defaultDir(Map.of(), notebooks), "from notebooks/: ../data/mnist");
        assertEquals(data, Mnist.defaultDir(Map.of(), dir), "from the project root: data/mnist");
        assertEquals(dir.resolve("elsewhere"), Mnist.defaultDir(Map.of("VAE_DATA_DIR", "elsewhere"), dir));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Mnist.defaultDir(Map.of(), Files.createDirectories(dir.resolve("a/b/c"))));
        assertTrue(e.getMessage().startsWith("MNIST not found: tried") && e.getMessage().contains("VAE_DATA_DIR"), e.getMessage());
    }

    @Test
    void theCopysDataIsFoundFromAnyFolderOfTheCopy() throws IOException {
        Path copy = dir.resolve("copy");
        Path data = Files.createDirectories(copy.resolve("data/mnist"));
        Files.write(data.resolve("train-images-idx3-ubyte"), new byte[0]);
        Path chinese = Files.createDirectories(copy.resolve("notebooks/zh"));
        // ../data/mnist and data/mnist both miss from notebooks/zh/; the copy's folder does not.
        assertThrows(IllegalStateException.class, () -> Mnist.defaultDir(Map.of(), chinese));
        assertEquals(data, Mnist.defaultDir(Map.of(), chinese, Optional.of(copy)));
        assertEquals(data, Mnist.defaultDir(Map.of(), copy.resolve("notebooks"), Optional.of(copy)));
        // The variable still wins.
        assertEquals(chinese.resolve("mine"), Mnist.defaultDir(Map.of("VAE_DATA_DIR", "mine"), chinese, Optional.of(copy)));
    }

    @Test
    void thresholdBinarisation() {
        Matrix x = Matrix.of(1, 5, 0f, 0.49f, 0.5f, 0.51f, 1f);
        assertArrayEquals(new float[] {0, 0, 0, 1, 1}, Binarisation.THRESHOLD.apply(x, null).data());
        assertEquals(x, Binarisation.NONE.apply(x, null), "NONE returns the input itself");
        assertArrayEquals(new float[] {0f, 0.49f, 0.5f, 0.51f, 1f}, x.data(), "input not modified");
    }

    /**
     * Bernoulli draws: seeded (same seed, same draw; another draw differs), 0 stays 0, 1 stays 1,
     * and the mean of 100000 draws at p = 0.3 within 5 standard errors (sqrt(0.21 / 1e5) = 0.00145).
     */
    @Test
    void bernoulliBinarisation() {
        Matrix x = Matrix.zeros(1000, 100);
        java.util.Arrays.fill(x.data(), 0.3f);
        x.set(0, 0, 0f);
        x.set(0, 1, 1f);
        Rng rng = new Rng(5);
        Matrix a = Binarisation.BERNOULLI.apply(x, rng);
        Matrix b = Binarisation.BERNOULLI.apply(x, rng);
        assertArrayEquals(a.data(), Binarisation.BERNOULLI.apply(x, new Rng(5)).data());
        assertTrue(!java.util.Arrays.equals(a.data(), b.data()), "a fresh draw each time");
        assertEquals(0f, a.get(0, 0));
        assertEquals(1f, a.get(0, 1));
        double sum = 0;
        for (float v : a.data()) {
            assertTrue(v == 0f || v == 1f);
            sum += v;
        }
        assertEquals(0.3, sum / 100000, 5 * Math.sqrt(0.21 / 100000));
    }
}
