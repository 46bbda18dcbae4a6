package vae.run;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The made-up run records of the tests (lib/src/test/resources/vae/run/fixture-copy, see its README), and records made from them. */
public final class RunFixtures {
    private RunFixtures() {}

    /** The fixture's folder, laid out as a copy of the series: a β sweep, a run off it, a malformed record, an experiment. */
    public static Path copy() {
        try {
            return Path.of(RunFixtures.class.getResource("/vae/run/fixture-copy").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fixture's β = 1 run. */
    public static Path beta1() {
        return copy().resolve("runs/20261201-101500-06-train-vae-beta=1/record.json");
    }

    /**
     * A record like the fixture's β = 1 run, written into {@code dir} with this id, name and
     * status and these parameters changed (numbers as numbers, anything else as text), then read.
     */
    public static RunRecord run(Path dir, String id, String name, String status, Map<String, Object> parameters) throws Exception {
        JsonObject json = JsonParser.parseString(Files.readString(beta1())).getAsJsonObject();
        json.addProperty("id", id);
        json.addProperty("name", name);
        json.addProperty("status", status);
        if (status.equals("failed")) json.addProperty("error", "made up: a failed run");
        JsonObject p = json.getAsJsonObject("parameters");
        parameters.forEach((k, v) -> {
            if (v instanceof Number n) p.addProperty(k, n);
            else p.addProperty(k, v.toString());
        });
        Path file = dir.resolve(id + ".json");
        Files.writeString(file, json.toString());
        return RunRecord.read(file);
    }

    /** The record {@code run} (read from a file in {@code dir}) with the value of its metric {@code name} (without K) set. */
    public static RunRecord withMetric(Path dir, RunRecord run, String name, double value) throws Exception {
        return withMetric(dir, run, name, value, "nats");
    }

    /** The same, the metric added with this unit when the record has none of that name. */
    public static RunRecord withMetric(Path dir, RunRecord run, String name, double value, String unit) throws Exception {
        JsonObject json = JsonParser.parseString(Files.readString(run.file())).getAsJsonObject();
        boolean found = false;
        for (var m : json.getAsJsonArray("metrics")) {
            JsonObject metric = m.getAsJsonObject();
            if (metric.get("name").getAsString().equals(name) && metric.get("k").isJsonNull()) {
                metric.addProperty("value", value);
                found = true;
            }
        }
        if (!found) {
            JsonObject metric = new JsonObject();
            metric.addProperty("name", name);
            metric.addProperty("value", value);
            metric.addProperty("unit", unit);
            metric.add("k", com.google.gson.JsonNull.INSTANCE);
            json.getAsJsonArray("metrics").add(metric);
        }
        Files.writeString(run.file(), json.toString());
        return RunRecord.read(run.file());
    }
}
