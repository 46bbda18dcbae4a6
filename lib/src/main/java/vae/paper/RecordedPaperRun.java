package vae.paper;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The committed record of the full experiment ({@code records/paper/burda2016-vae.json}, written by
 * {@code ./lecture paper}), read back for notebook 10: its stages, its bounds, when and where it ran.
 */
public record RecordedPaperRun(Path file, String id, String started, double wallSeconds, String commit, String cpu,
                               int cores, String status, List<StageResult> stages, List<PaperRun.Bound> bounds,
                               Integer activeUnits, String weightsDigest) {

    /** Where the full run's record is committed, from the copy's top folder. */
    public static final String PATH = "records/paper/" + PaperRecord.NAME + ".json";

    /** The record in {@code file}, or empty when there is none yet; an error naming the file if it cannot be read. */
    public static Optional<RecordedPaperRun> read(Path file) {
        if (!Files.exists(file)) return Optional.empty();
        try {
            JsonObject r = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
            if (!PaperRecord.SCHEMA.equals(text(r, "schema")) || !PaperRecord.NAME.equals(text(r, "name"))) {
                throw new IllegalArgumentException(file + ": expected a record of schema " + PaperRecord.SCHEMA + " named "
                        + PaperRecord.NAME + ", found schema " + text(r, "schema") + " named " + text(r, "name"));
            }
            List<StageResult> stages = new ArrayList<>();
            for (JsonElement e : r.getAsJsonArray("stages")) {
                JsonObject s = e.getAsJsonObject();
                stages.add(new StageResult(s.get("stage").getAsInt(), s.get("passes").getAsInt(), s.get("learningRate").getAsDouble(),
                        s.get("nll").getAsDouble(), s.get("nllSe").getAsDouble(), s.get("trainLoss").getAsDouble(),
                        s.get("trainSeconds").getAsDouble(), s.get("evalSeconds").getAsDouble(), s.get("wallSeconds").getAsDouble(),
                        s.get("activeUnits").getAsInt(), List.of()));
            }
            List<PaperRun.Bound> bounds = new ArrayList<>();
            for (JsonElement e : r.getAsJsonArray("metrics")) {
                JsonObject m = e.getAsJsonObject();
                if (text(m, "name").startsWith("test log-likelihood bound L_")) {
                    bounds.add(new PaperRun.Bound(m.get("k").getAsInt(), m.get("value").getAsDouble(), m.get("se").getAsDouble(),
                            m.get("images").getAsInt()));
                }
            }
            JsonObject machine = r.getAsJsonObject("machine");
            JsonElement units = r.get("activeUnits");
            return Optional.of(new RecordedPaperRun(file, text(r, "id"), text(r, "started"), r.get("wallSeconds").getAsDouble(),
                    text(r.getAsJsonObject("code"), "commit"), text(machine, "cpu"), machine.get("cores").getAsInt(),
                    text(r, "status"), stages, bounds, units == null || units.isJsonNull() ? null : units.getAsInt(),
                    text(r, "weightsDigest")));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read the run record " + file + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    /** The last stage's result (the final test NLL). */
    public StageResult last() {
        return stages.get(stages.size() - 1);
    }

    /** One line: which run, when, on what, how long. */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "record %s: run %s, started %s, %.1f hours in all, commit %s, %s (%d cores)",
                PATH, id, started, wallSeconds / 3600, commit == null ? "unknown" : commit.substring(0, Math.min(12, commit.length())),
                cpu, cores);
    }
}
