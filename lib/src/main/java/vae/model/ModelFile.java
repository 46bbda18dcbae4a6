package vae.model;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32;
import vae.nn.Parameter;

/**
 * Saves and loads a {@link Vae}'s weights in a small versioned binary format (big-endian):
 * <pre>
 *   magic   4 bytes  "VAE1"
 *   version int      {@value #VERSION}
 *   sizes   int x 3  inputDim, hiddenDim, latentDim
 *   count   int      number of parameters (10)
 *   then per parameter: rows int, cols int, rows*cols floats   (order of Vae.parameters())
 *   crc     long     CRC32 of every byte above
 * </pre>
 * Saving writes a temporary file in the target's folder, forces it to disk, then renames it over
 * the target (atomically where the file system allows), so a reader sees the old file or the new
 * one, never a partial one; a failed save deletes the temporary file. Loading checks, in order,
 * the magic, the version, the checksum, then the sizes, and says which failed.
 */
public final class ModelFile {
    /** The current format version. */
    public static final int VERSION = 1;
    private static final byte[] MAGIC = {'V', 'A', 'E', '1'};
    private static final int HEADER_BYTES = 4 + 4 + 12 + 4;

    private ModelFile() {}

    /** Writes {@code vae}'s sizes and weights to {@code file} (replaced atomically). */
    public static void save(Vae vae, Path file) throws IOException {
        byte[] body = encode(vae);
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        boolean done = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(body);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) Files.deleteIfExists(tmp);
        }
    }

    /** The file's bytes for {@code vae}, checksum included. */
    static byte[] encode(Vae vae) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        VaeConfig c = vae.config();
        out.write(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(c.inputDim());
        out.writeInt(c.hiddenDim());
        out.writeInt(c.latentDim());
        List<Parameter> params = vae.parameters();
        out.writeInt(params.size());
        for (Parameter p : params) {
            out.writeInt(p.value().rows());
            out.writeInt(p.value().cols());
            for (float v : p.value().data()) out.writeFloat(v);
        }
        out.flush();
        CRC32 crc = new CRC32();
        crc.update(bytes.toByteArray());
        out.writeLong(crc.getValue());
        out.flush();
        return bytes.toByteArray();
    }

    /**
     * A new VAE with the sizes stored in {@code file} (other settings from {@link VaeConfig#defaults()})
     * and its weights.
     */
    public static Vae load(Path file) throws IOException {
        return load(file, VaeConfig.defaults());
    }

    /**
     * A new VAE with {@code config}'s settings, the sizes stored in {@code file} and its weights.
     */
    public static Vae load(Path file, VaeConfig config) throws IOException {
        ByteBuffer b = checked(file);
        VaeConfig withSizes = config.toBuilder().inputDim(b.getInt(8)).hiddenDim(b.getInt(12)).latentDim(b.getInt(16)).build();
        Vae vae = new Vae(withSizes);
        readWeights(b, vae, file);
        return vae;
    }

    /**
     * Reads {@code file}'s weights into {@code vae} (modified); the stored sizes must equal
     * {@code vae}'s, else an error names both.
     */
    public static void loadInto(Vae vae, Path file) throws IOException {
        ByteBuffer b = checked(file);
        VaeConfig c = vae.config();
        int d = b.getInt(8), h = b.getInt(12), k = b.getInt(16);
        if (d != c.inputDim() || h != c.hiddenDim() || k != c.latentDim()) {
            throw new IllegalArgumentException(file.getFileName() + " holds a " + d + "-" + h + "-" + k
                    + " model (inputDim-hiddenDim-latentDim), this model is " + c.inputDim() + "-" + c.hiddenDim()
                    + "-" + c.latentDim());
        }
        readWeights(b, vae, file);
    }

    /** Reads the whole file and checks magic, version and checksum; returns it positioned after the sizes. */
    private static ByteBuffer checked(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String name = file.getFileName().toString();
        if (bytes.length < HEADER_BYTES + 8) {
            throw new IllegalArgumentException(name + ": too short for a model file: " + bytes.length
                    + " bytes, expected at least " + (HEADER_BYTES + 8));
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                throw new IllegalArgumentException(name + ": not a VAE model file (expected magic \"VAE1\")");
            }
        }
        int version = b.getInt(4);
        if (version != VERSION) {
            throw new IllegalArgumentException(name + ": model file version " + version
                    + " is not supported, expected version " + VERSION);
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        long stored = b.getLong(bytes.length - 8);
        if (stored != crc.getValue()) {
            throw new IllegalArgumentException(name + ": checksum mismatch (stored CRC32 " + Long.toHexString(stored)
                    + ", computed " + Long.toHexString(crc.getValue()) + "): the file is corrupted or truncated");
        }
        b.position(HEADER_BYTES - 4);
        return b;
    }

    private static void readWeights(ByteBuffer b, Vae vae, Path file) {
        String name = file.getFileName().toString();
        List<Parameter> params = vae.parameters();
        int count = b.getInt();
        if (count != params.size()) {
            throw new IllegalArgumentException(name + ": expected " + params.size() + " parameters, got " + count);
        }
        for (Parameter p : params) {
            int rows = b.getInt(), cols = b.getInt();
            if (!p.value().hasShape(rows, cols)) {
                throw new IllegalArgumentException(name + ": " + p.name() + ": expected " + p.value().shape()
                        + ", got " + rows + "x" + cols);
            }
            if (b.remaining() < 8 + 4L * rows * cols) {
                throw new IllegalArgumentException(name + ": " + p.name() + ": file ends early");
            }
            b.position(b.position() + 4 * rows * cols); // shapes first, then the values
        }
        b.position(HEADER_BYTES);
        for (Parameter p : params) {
            b.getInt();
            b.getInt();
            float[] v = p.value().data();
            for (int i = 0; i < v.length; i++) v[i] = b.getFloat();
        }
        if (b.remaining() != 8) {
            throw new IllegalArgumentException(name + ": " + (b.remaining() - 8) + " unexpected bytes after the weights");
        }
    }
}
