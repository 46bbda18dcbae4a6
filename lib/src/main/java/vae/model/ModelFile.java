package vae.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import vae.nn.Parameter;
import vae.run.RunLog;

/**
 * Saves and loads a {@link Vae}: its whole configuration, the library version that wrote it, and
 * its weights, in a small versioned binary format (big-endian):
 * <pre>
 *   magic   4 bytes  "VAE1"
 *   version int      {@value #VERSION}
 *   config  UTF      the {@link VaeConfig}, one "name=value" line per field (VaeConfig.fields())
 *   library UTF      the library version that wrote the file
 *   made    UTF      how it was made, a JSON object (version 3): the run's id, notebook, preset,
 *                    parameters, code, machine and data from its record, and the JVM's runtime
 *                    (vae.run.RunLog#provenance); outside a run the runtime alone, "run": null
 *   count   int      number of parameters (10)
 *   then per parameter: rows int, cols int, rows*cols floats   (order of Vae.parameters())
 *   crc     long     CRC32 of every byte above
 * </pre>
 * Saving writes a temporary file in the target's folder, forces it to disk, then renames it over
 * the target (atomically where the file system allows), so a reader sees the old file or the new
 * one, never a partial one; a failed save deletes the temporary file. Loading checks, in order,
 * the magic, the version, the checksum, the configuration, then the shapes, and says which failed;
 * it reads version 2 files too (they say nothing of how they were made).
 * Saving inside a run (VAE_RUN_DIR set) also appends the file and its {@link WeightsDigest} to the
 * run's models.jsonl.
 * Loading under a configuration other than the stored one is an error that lists every field that
 * differs, expected against found (threads excepted: they change speed, not numbers).
 */
public final class ModelFile {
    /** The current format version (1 stored the three sizes only, 2 no record of how the model was made). */
    public static final int VERSION = 3;
    /** The oldest version still read. */
    static final int OLDEST_READ = 2;
    private static final byte[] MAGIC = {'V', 'A', 'E', '1'};
    /** Magic, version, the two length prefixes of the UTF strings, count, at least; and the checksum. */
    private static final int MIN_BYTES = 4 + 4 + 2 + 2 + 4 + 8;

    private ModelFile() {}

    /** What a model file holds besides the weights. */
    public record Header(VaeConfig config, String libraryVersion) {}

    /**
     * How the model in {@code file} was made: the JSON object it records (see the format above),
     * or "{}" for a version 2 file, which records nothing of it.
     */
    public static String provenance(Path file) throws IOException {
        ByteBuffer b = checked(file);
        return readHeaderAndProvenance(b, file).provenance();
    }

    private record Stored(Header header, String provenance) {}

    /** The version of this library: its jar's Implementation-Version, or a note when not run from the jar. */
    public static String libraryVersion() {
        String v = ModelFile.class.getPackage() == null ? null : ModelFile.class.getPackage().getImplementationVersion();
        return v != null ? v : "development (classes not from the jar)";
    }

    /** Writes {@code vae}'s configuration and weights to {@code file} (replaced atomically). */
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
        RunLog.current().model(target, WeightsDigest.of(vae));
    }

    /** The file's bytes for {@code vae}, checksum included. */
    static byte[] encode(Vae vae) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(MAGIC);
        out.writeInt(VERSION);
        StringBuilder config = new StringBuilder();
        vae.config().fields().forEach((name, value) -> config.append(name).append('=').append(value).append('\n'));
        out.writeUTF(config.toString());
        out.writeUTF(libraryVersion());
        out.writeUTF(RunLog.current().provenance());
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

    /** The configuration and library version stored in {@code file} (checked as by {@link #load}). */
    public static Header header(Path file) throws IOException {
        return readHeaderAndProvenance(checked(file), file).header();
    }

    /**
     * A new VAE with the configuration stored in {@code file} (threads: this machine's default)
     * and its weights.
     */
    public static Vae load(Path file) throws IOException {
        ByteBuffer b = checked(file);
        VaeConfig stored = readHeaderAndProvenance(b, file).header().config();
        Vae vae = new Vae(stored.toBuilder().threads(VaeConfig.defaults().threads()).build());
        readWeights(b, vae, file);
        return vae;
    }

    /**
     * A new VAE with {@code config} and the weights in {@code file}, which must have been saved
     * under the same configuration (threads aside), else an error lists the fields that differ.
     */
    public static Vae load(Path file, VaeConfig config) throws IOException {
        ByteBuffer b = checked(file);
        requireSame(config, readHeaderAndProvenance(b, file), file);
        Vae vae = new Vae(config);
        readWeights(b, vae, file);
        return vae;
    }

    /**
     * Reads {@code file}'s weights into {@code vae} (modified); the stored configuration must be
     * {@code vae}'s (threads aside), else an error lists the fields that differ.
     */
    public static void loadInto(Vae vae, Path file) throws IOException {
        ByteBuffer b = checked(file);
        requireSame(vae.config(), readHeaderAndProvenance(b, file), file);
        readWeights(b, vae, file);
    }

    private static void requireSame(VaeConfig expected, Stored found, Path file) {
        Header stored = found.header();
        List<String> differences = expected.differencesFrom(stored.config());
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException(file.getFileName() + " was saved under another configuration ("
                    + differences.size() + " field" + (differences.size() == 1 ? "" : "s") + " differ: "
                    + String.join("; ", differences) + "). Expected " + expected + ", the file holds "
                    + stored.config() + " (written by library version " + stored.libraryVersion() + ")"
                    + (found.provenance().equals("{}") ? "" : "; it was made by " + found.provenance()));
        }
    }

    /** Reads the whole file and checks magic, version and checksum; returns it positioned after the version. */
    private static ByteBuffer checked(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String name = file.getFileName().toString();
        if (bytes.length < MIN_BYTES) {
            throw new IllegalArgumentException(name + ": too short for a model file: " + bytes.length
                    + " bytes, expected at least " + MIN_BYTES);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                throw new IllegalArgumentException(name + ": not a VAE model file (expected magic \"VAE1\")");
            }
        }
        int version = b.getInt(4);
        if (version < OLDEST_READ || version > VERSION) {
            throw new IllegalArgumentException(name + ": model file version " + version
                    + " is not supported, expected version " + (OLDEST_READ == VERSION ? String.valueOf(VERSION) : OLDEST_READ + " to " + VERSION)
                    + (version == 1 ? " (version 1 did not record the configuration: train the model again)" : ""));
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        long stored = b.getLong(bytes.length - 8);
        if (stored != crc.getValue()) {
            throw new IllegalArgumentException(name + ": checksum mismatch (stored CRC32 " + Long.toHexString(stored)
                    + ", computed " + Long.toHexString(crc.getValue()) + "): the file is corrupted or truncated");
        }
        b.position(8);
        return b;
    }

    /** The configuration, library version and (version 3) provenance at {@code b}'s position (advanced past them). */
    private static Stored readHeaderAndProvenance(ByteBuffer b, Path file) {
        String name = file.getFileName().toString();
        int version = b.getInt(4);
        String configText = readUtf(b, name, "configuration"), library = readUtf(b, name, "library version");
        String made = version >= 3 ? readUtf(b, name, "record of how it was made") : "{}";
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : configText.split("\n")) {
            int eq = line.indexOf('=');
            if (eq < 1) throw new IllegalArgumentException(name + ": configuration line \"" + line + "\" is not name=value");
            fields.put(line.substring(0, eq), line.substring(eq + 1));
        }
        try {
            return new Stored(new Header(VaeConfig.parse(fields), library), made);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": stored configuration: " + e.getMessage(), e);
        }
    }

    private static String readUtf(ByteBuffer b, String name, String what) {
        int length = b.getShort() & 0xffff;
        if (b.remaining() < length + 8) throw new IllegalArgumentException(name + ": " + what + ": file ends early");
        byte[] utf = new byte[length + 2];
        utf[0] = (byte) (length >> 8);
        utf[1] = (byte) length;
        b.get(utf, 2, length);
        try {
            return new DataInputStream(new ByteArrayInputStream(utf)).readUTF();
        } catch (IOException e) {
            throw new IllegalArgumentException(name + ": " + what + " is not valid modified UTF-8", e);
        }
    }

    private static void readWeights(ByteBuffer b, Vae vae, Path file) {
        String name = file.getFileName().toString();
        List<Parameter> params = vae.parameters();
        int weightsStart = b.position();
        if (b.remaining() < 4 + 8) throw new IllegalArgumentException(name + ": file ends before the weights");
        int count = b.getInt();
        if (count != params.size()) {
            throw new IllegalArgumentException(name + ": expected " + params.size() + " parameters, got " + count);
        }
        for (Parameter p : params) {
            if (b.remaining() < 8 + 8) throw new IllegalArgumentException(name + ": " + p.name() + ": file ends early");
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
        b.position(weightsStart + 4);
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
