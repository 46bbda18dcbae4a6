package vae.paper;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import vae.linalg.MatMuls;
import vae.setup.ThisCopy;
import vae.setup.Versions;

/**
 * The run record of the paper's experiment, in the project's schema {@code vae-lecture.run/1}
 * (docs/run-record.md), kind "experiment", name {@value #NAME}, with two fields of its own:
 * {@code stages} (each stage's passes, learning rate, test NLL with its standard error, train
 * loss and times) and {@code activeUnits}, plus {@code weightsDigest}.
 */
public final class PaperRecord {
    public static final String NAME = "burda2016-vae";
    public static final String SCHEMA = "vae-lecture.run/1";

    private PaperRecord() {}

    /** The record of a finished run as JSON text. */
    static String json(String id, String preset, PaperConfig config, Map<String, Object> injected, Checkpoint.Progress p,
                       String digest, Map<String, String> dataFiles, int threads, int evalThreads, String status,
                       String error) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("schema", SCHEMA);
        r.put("id", id);
        r.put("kind", "experiment");
        r.put("name", NAME);
        r.put("preset", preset);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("preset", preset);
        parameters.putAll(config.parameters());
        parameters.put("threads", threads);
        parameters.put("evalThreads", evalThreads);
        r.put("parameters", parameters);
        r.put("injected", injected);
        r.put("sweep", null);
        r.put("code", code());
        r.put("runtime", runtime(threads));
        r.put("machine", machine());
        r.put("data", dataFiles);
        r.put("started", p.started());
        r.put("wallSeconds", round(p.wallSeconds(), 1));
        r.put("status", status);
        r.put("error", error);
        List<Map<String, Object>> metrics = new ArrayList<>();
        List<Map<String, Object>> stages = new ArrayList<>();
        for (StageResult s : p.stages()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("stage", s.stage());
            m.put("passes", s.passes());
            m.put("learningRate", s.learningRate());
            m.put("nll", round(s.nll(), 4));
            m.put("nllSe", round(s.nllSe(), 4));
            m.put("k", config.evalK());
            m.put("trainLoss", round(s.trainLoss(), 4));
            m.put("activeUnits", s.activeUnits());
            m.put("trainSeconds", round(s.trainSeconds(), 1));
            m.put("evalSeconds", round(s.evalSeconds(), 1));
            m.put("wallSeconds", round(s.wallSeconds(), 1));
            stages.add(m);
            for (PaperRun.Bound b : s.finalBounds()) {
                metrics.add(metric("test log-likelihood bound L_" + b.k(), b.logLikelihood(), b.k(), b.images(), b.se()));
            }
        }
        if (!p.stages().isEmpty()) {
            StageResult last = p.stages().get(p.stages().size() - 1);
            metrics.add(metric("test NLL", last.nll(), config.evalK(), config.testImages(), last.nllSe()));
            metrics.add(metric("train loss", last.trainLoss(), null, config.trainImages(), null));
            Map<String, Object> units = new LinkedHashMap<>();
            units.put("name", "active units");
            units.put("value", last.activeUnits());
            units.put("unit", "of " + config.model().latentDim());
            units.put("k", null);
            units.put("images", config.activeUnitImages());
            units.put("se", null);
            metrics.add(units);
            r.put("activeUnits", last.activeUnits());
        } else {
            r.put("activeUnits", null);
        }
        r.put("metrics", metrics);
        r.put("models", List.of());
        r.put("stages", stages);
        r.put("weightsDigest", digest);
        return new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create().toJson(r) + "\n";
    }

    private static Map<String, Object> metric(String name, double value, Integer k, Integer images, Double se) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("value", round(value, 4));
        m.put("unit", "nats");
        m.put("k", k);
        m.put("images", images);
        m.put("se", se == null ? null : round(se, 4));
        return m;
    }

    private static double round(double v, int digits) {
        if (!Double.isFinite(v)) return v;
        return new java.math.BigDecimal(v).setScale(digits, java.math.RoundingMode.HALF_EVEN).doubleValue();
    }

    private static Map<String, Object> code() {
        Map<String, Object> c = new LinkedHashMap<>();
        ThisCopy copy = ThisCopy.current();
        c.put("commit", copy.commit());
        c.put("dirty", copy.dirty());
        c.put("libraryVersion", Versions.of(PaperRecord.class.getName()));
        return c;
    }

    static Map<String, Object> runtime(int threads) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("java", System.getProperty("java.version"));
        m.put("vm", System.getProperty("java.vm.name"));
        boolean vector = MatMuls.vectorAvailable();
        m.put("matmul", vector ? "vector-api" : "loops");
        m.put("vectorBits", vector ? vectorBits() : null);
        m.put("threads", threads);
        return m;
    }

    private static Integer vectorBits() {
        try {
            Object species = Class.forName("jdk.incubator.vector.FloatVector").getField("SPECIES_PREFERRED").get(null);
            return (Integer) Class.forName("jdk.incubator.vector.VectorSpecies").getMethod("vectorBitSize").invoke(species);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        String cpu = null;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException e) {
            cpu = System.getProperty("os.arch");
        }
        m.put("cpu", cpu);
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        return m;
    }

    /** SHA-256 of each file, by file name. */
    static Map<String, String> sha256(List<Path> files) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Path f : files) {
            try (InputStream in = new DigestInputStream(Files.newInputStream(f), MessageDigest.getInstance("SHA-256"))) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
                out.put(f.getFileName().toString(), HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest()));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /** Writes text to a file through a temporary file and a rename (never half-written). */
    static void writeAtomically(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static String format(String f, Object... a) {
        return String.format(Locale.ROOT, f, a);
    }
}
