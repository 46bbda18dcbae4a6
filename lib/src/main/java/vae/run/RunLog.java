package vae.run;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import vae.linalg.MatMuls;
import vae.linalg.Parallel;

/**
 * What a notebook reports to the record of its run (docs/run-record.md): its metrics, the models it
 * saved and the JVM's facts, written into the run's folder, which the runner names in the
 * environment variable {@value #ENV} ({@code ./lecture run NOTEBOOK -p ...}). Outside a run (a
 * student in Jupyter) every method does nothing and returns what it was given, so a notebook calls
 * it unconditionally:
 * <pre>
 *   double testElbo = RunLog.metric("test ELBO", elbo.last("test ELBO"), "nats");
 *   RunLog.metric("L_K", lk.mean(), "nats", 1000, 100, lk.standardError());
 * </pre>
 * Files in the run folder (each line of a .jsonl file one JSON object, appended as it happens):
 * <ul>
 *   <li>{@code metrics.jsonl}: {@code {"name", "value", "unit", "k", "images", "se"}} ("k", "images",
 *       "se" null when not given; a value that is not finite is written as null);</li>
 *   <li>{@code models.jsonl}: {@code {"file", "weightsDigest"}}, "file" relative to the run folder
 *       (written by {@link vae.model.ModelFile#save});</li>
 *   <li>{@code runtime.json}: {@code {"java", "vm", "matmul", "vectorBits", "threads"}}, written
 *       once, at the first report;</li>
 *   <li>{@code parameters.json}: the values the run used, by name ({@link #parameters}), written by
 *       the cell the runner injects after the notebook's parameters cell.</li>
 * </ul>
 * The runner writes {@code run.json} before the kernel starts (the parameters it knows, the code,
 * the machine, the data) and composes {@code record.json} from all of these at the end.
 */
public final class RunLog {
    /** The environment variable naming the run's folder. */
    public static final String ENV = "VAE_RUN_DIR";
    private static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();
    private static final Gson PRETTY = new GsonBuilder().serializeNulls().disableHtmlEscaping().setPrettyPrinting().create();
    private static final RunLog CURRENT = fromEnvironment(System.getenv());

    private final Path folder;   // null outside a run
    private boolean runtimeWritten;
    private JsonObject parametersUsed;

    private RunLog(Path folder) {
        this.folder = folder;
    }

    /** The log of the run in {@code folder} (which must exist): for tests and tools. */
    public static RunLog in(Path folder) {
        if (!Files.isDirectory(folder)) throw new IllegalArgumentException("no run folder at " + folder);
        return new RunLog(folder.toAbsolutePath().normalize());
    }

    /** The log of the run the environment names, or one that writes nothing. */
    static RunLog fromEnvironment(Map<String, String> env) {
        String dir = env.get(ENV);
        if (dir == null || dir.isBlank()) return new RunLog(null);
        Path folder = Path.of(dir).toAbsolutePath().normalize();
        if (!Files.isDirectory(folder)) {
            throw new IllegalStateException(ENV + "=" + dir + " names no folder: the runner creates the run's folder before the kernel starts");
        }
        return new RunLog(folder);
    }

    /** This process's run log ({@value #ENV}). */
    public static RunLog current() {
        return CURRENT;
    }

    // ---- the static face the notebooks use: this process's run ----

    /** The folder of the run this kernel belongs to; empty outside a run. */
    public static Optional<Path> folder() {
        return CURRENT.runFolder();
    }

    /** Reports a metric of this run; returns {@code value}. Does nothing outside a run. */
    public static double metric(String name, double value, String unit) {
        return CURRENT.report(name, value, unit, null, null, null);
    }

    /**
     * Reports a metric estimated with {@code k} samples on {@code images} images, with its standard
     * error {@code se}; returns {@code value}. Does nothing outside a run.
     */
    public static double metric(String name, double value, String unit, Integer k, Integer images, Double se) {
        return CURRENT.report(name, value, unit, k, images, se);
    }

    /**
     * Records the values this run used, as name, value, name, value, ... (numbers, strings,
     * booleans, arrays of numbers). The runner's injected cell calls it with every parameter of the
     * parameters cell. Does nothing outside a run.
     */
    public static void parameters(Object... namesAndValues) {
        CURRENT.used(namesAndValues);
    }

    // ---- the instance ----

    public Optional<Path> runFolder() {
        return Optional.ofNullable(folder);
    }

    /** See {@link #metric(String, double, String, Integer, Integer, Double)}. */
    public double report(String name, double value, String unit, Integer k, Integer images, Double se) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a metric needs a name");
        if (folder == null) return value;
        JsonObject m = new JsonObject();
        m.addProperty("name", name);
        m.add("value", number(value));
        m.addProperty("unit", unit);
        m.add("k", k == null ? JsonNull.INSTANCE : GSON.toJsonTree(k));
        m.add("images", images == null ? JsonNull.INSTANCE : GSON.toJsonTree(images));
        m.add("se", se == null ? JsonNull.INSTANCE : number(se));
        append("metrics.jsonl", m);
        return value;
    }

    /** Records a saved model: its file (relative to the run folder when inside it) and weights digest. */
    public void model(Path file, String weightsDigest) {
        if (folder == null) return;
        Path abs = file.toAbsolutePath().normalize();
        JsonObject m = new JsonObject();
        m.addProperty("file", (abs.startsWith(folder) ? folder.relativize(abs) : abs).toString().replace('\\', '/'));
        m.addProperty("weightsDigest", weightsDigest);
        append("models.jsonl", m);
    }

    /** See {@link #parameters(Object...)}. */
    public void used(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) throw new IllegalArgumentException("parameters come as name, value pairs; got an odd count");
        JsonObject p = new JsonObject();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (!(namesAndValues[i] instanceof String name)) {
                throw new IllegalArgumentException("parameter " + (i / 2 + 1) + ": expected a name (String), got " + namesAndValues[i]);
            }
            p.add(name, GSON.toJsonTree(namesAndValues[i + 1]));
        }
        synchronized (this) {
            parametersUsed = p;
        }
        if (folder == null) return;
        writeRuntimeOnce();
        writeAtomically(folder.resolve("parameters.json"), PRETTY.toJson(p) + "\n");
    }

    /**
     * What a model file saved now records of how it was made (a JSON object): the run's id, notebook,
     * preset, parameters (the values used), injected values, code, machine and data from run.json
     * and parameters.json, and this JVM's runtime; outside a run, the runtime alone with
     * {@code "run": null}.
     */
    public String provenance() {
        JsonObject p = new JsonObject();
        JsonObject run = folder == null ? null : readJson(folder.resolve("run.json"));
        p.add("run", run == null || !run.has("id") ? JsonNull.INSTANCE : run.get("id"));
        if (run != null) {
            for (String key : new String[] {"kind", "name", "edition", "preset", "parameters", "injected", "sweep", "code", "machine", "data"}) {
                if (run.has(key)) p.add(key, run.get(key));
            }
        }
        synchronized (this) {
            if (parametersUsed != null) p.add("parameters", parametersUsed);
        }
        p.add("runtime", runtime());
        return GSON.toJson(p);
    }

    /** The JVM's facts as in the record's "runtime": java, vm, matmul (vector-api | loops), vectorBits, threads. */
    public static JsonObject runtime() {
        JsonObject r = new JsonObject();
        r.addProperty("java", System.getProperty("java.version"));
        r.addProperty("vm", System.getProperty("java.vm.name"));
        boolean vector = MatMuls.usesVectorApi();
        r.addProperty("matmul", vector ? "vector-api" : "loops");
        if (MatMuls.vectorAvailable()) r.addProperty("vectorBits", VectorWidth.preferredBits());
        else r.add("vectorBits", JsonNull.INSTANCE);
        r.addProperty("threads", Parallel.defaultThreads());
        return r;
    }

    private synchronized void writeRuntimeOnce() {
        if (runtimeWritten) return;
        writeAtomically(folder.resolve("runtime.json"), PRETTY.toJson(runtime()) + "\n");
        runtimeWritten = true;
    }

    private synchronized void append(String file, JsonObject line) {
        writeRuntimeOnce();
        try {
            Files.writeString(folder.resolve(file), GSON.toJson(line) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("could not append to " + folder.resolve(file), e);
        }
    }

    private static JsonElement number(double v) {
        return Double.isFinite(v) ? GSON.toJsonTree(v) : JsonNull.INSTANCE;
    }

    private static JsonObject readJson(Path file) {
        if (!Files.isRegularFile(file)) return null;
        try {
            return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException(file + " is not a JSON object: " + e.getMessage(), e);
        }
    }

    /** Writes {@code text} to a temporary file beside {@code target}, then renames it over the target. */
    static void writeAtomically(Path target, String text) {
        try {
            Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + target, e);
        }
    }

    /** The preferred vector width, read only when the Vector API module is present (else its classes are missing). */
    private static final class VectorWidth {
        static int preferredBits() {
            return jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize();
        }
    }

    @Override
    public String toString() {
        return folder == null ? "RunLog(no run: nothing is written)" : "RunLog(" + folder + ")";
    }
}
