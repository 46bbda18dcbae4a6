package vae.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import vae.setup.ThisCopy;

/**
 * The four MNIST files and their published SHA-256 sums (the same sums as
 * {@code environment/mnist.sha256}, which the setup checks before it writes a file; a unit
 * test keeps the two lists equal). {@link #verify(Path)} re-checks a folder from Java, so
 * the first notebook can show the student that the data is the real MNIST.
 */
public final class MnistFiles {
    private MnistFiles() {}

    /** File name to its SHA-256, in hexadecimal. */
    public static final Map<String, String> SHA256 = orderedSums();

    private static Map<String, String> orderedSums() {
        Map<String, String> sums = new LinkedHashMap<>();
        sums.put("train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db");
        sums.put("train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5");
        sums.put("t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7");
        sums.put("t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");
        return Collections.unmodifiableMap(sums);
    }

    /**
     * Hashes each of the four files in {@code dir}: a table with columns file, bytes,
     * sha256 and verified (false for a missing file or a wrong sum). Does not throw on a
     * mismatch; see {@link #requireVerified(Path)}.
     */
    public static Table verify(Path dir) throws IOException {
        StringColumn file = StringColumn.create("file");
        LongColumn bytes = LongColumn.create("bytes");
        StringColumn sha = StringColumn.create("sha256");
        BooleanColumn ok = BooleanColumn.create("verified");
        for (Map.Entry<String, String> e : SHA256.entrySet()) {
            Path p = dir.resolve(e.getKey());
            boolean exists = Files.isRegularFile(p);
            String actual = exists ? sha256(p) : "(missing)";
            file.append(e.getKey());
            bytes.append(exists ? Files.size(p) : 0L);
            sha.append(actual);
            ok.append(actual.equals(e.getValue()));
        }
        return Table.create("MNIST files in " + shownPath(dir)).addColumns(file, bytes, sha, ok);
    }

    /**
     * The folder as a reader should see it: relative to the working directory (a notebook's
     * folder) when it lies in the copy of the series that holds that directory, or below the
     * directory's parent, so that saved outputs carry no machine-specific absolute path
     * ({@code ../data/mnist} from {@code notebooks/}, {@code ../../data/mnist} from
     * {@code notebooks/zh/}); the absolute path otherwise.
     */
    static String shownPath(Path dir) {
        return shownPath(dir, Path.of(""));
    }

    /** {@link #shownPath(Path)} from a given working directory (for tests). */
    static String shownPath(Path dir, Path workingDir) {
        Path abs = dir.toAbsolutePath().normalize();
        Path base = workingDir.toAbsolutePath().normalize();
        Path parent = base.getParent();
        boolean near = parent != null && abs.startsWith(parent);
        boolean sameCopy = ThisCopy.containing(base).map(abs::startsWith).orElse(false);
        if (near || sameCopy) {
            return base.relativize(abs).toString();
        }
        return abs.toString();
    }

    /** {@link #verify(Path)}, throwing with the file names when any file is missing or altered. */
    public static Table requireVerified(Path dir) throws IOException {
        Table table = verify(dir);
        StringBuilder bad = new StringBuilder();
        for (int r = 0; r < table.rowCount(); r++) {
            if (!table.booleanColumn("verified").get(r)) {
                bad.append("\n  ").append(table.stringColumn("file").get(r)).append(": expected sha256 ")
                        .append(SHA256.get(table.stringColumn("file").get(r))).append(", found ")
                        .append(table.stringColumn("sha256").get(r));
            }
        }
        if (bad.length() > 0) {
            throw new IllegalStateException("MNIST in " + dir + " is not the published data:" + bad
                    + "\n(run environment/fetch-mnist.sh)");
        }
        return table;
    }

    /** The SHA-256 of a file, in hexadecimal. */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
