package vae.run;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One run's record ({@code runs/<id>/record.json}, or a committed one under {@code records/}),
 * read and checked against the schema "vae-lecture.run/1" (docs/run-record.md): the one place
 * that reads a record, for {@code ./lecture runs} ({@link RunsTable}) and the site's runs page
 * ({@link RunsPage}) alike.
 * <pre>
 *   RunRecord r = RunRecord.read(Path.of("runs/20261202-181500-06-train-vae-beta=2/record.json"));
 *   r.parameters().get("beta");          // 2.0 (a Double); "quick", true, [1.0, 1000.0] for other kinds
 *   r.metric(new RunRecord.MetricKey("log p(x)", 5000L));
 * </pre>
 * A file that does not follow the schema gives an {@link Invalid} naming every field that is
 * wrong (what was expected, what was found), and nothing is read from it: each field the schema
 * requires must be there, with a value of its type (docs/run-record.schema.json); inside the
 * fields this reader does not use (machine, data, injected, sweep) nothing more is checked, and
 * fields the schema does not name (an experiment's stages) are left alone.
 */
public final class RunRecord {
    /** The schema id this reader knows. */
    public static final String SCHEMA = "vae-lecture.run/1";
    /** The family of schema ids: a file carrying another version of it is a record this reader cannot read. */
    static final String SCHEMA_FAMILY = "vae-lecture.run/";

    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** A metric's identity in a table or a plot: its name and, for an estimate over K samples, that K. */
    public record MetricKey(String name, Long k) {
        /** "test ELBO", or "log p(x) K=5000". */
        public String label() {
            return k == null ? name : name + " K=" + k;
        }
    }

    /** One reported number: value, unit (may be null), K, images and standard error (each may be null). */
    public record Metric(MetricKey key, double value, String unit, Long images, Double se) {}

    /** One saved model: its file (relative to the run's folder) and the SHA-256 of its weights. */
    public record Model(String file, String weightsDigest) {}

    /** A file that is not a record of this schema: {@link #getMessage()} is "FILE: what is wrong". */
    public static final class Invalid extends Exception {
        private final Path file;
        private final List<String> problems;

        Invalid(Path file, List<String> problems) {
            super(file + ": " + String.join("; ", problems));
            this.file = file;
            this.problems = List.copyOf(problems);
        }

        /** The file. */
        public Path file() {
            return file;
        }

        /** Each thing that is wrong, one short sentence each ("\"status\" is \"done\", expected \"ok\" or \"failed\""). */
        public List<String> problems() {
            return problems;
        }
    }

    private final Path file;
    private final String id, kind, name, edition, preset, status, error, started;
    private final Map<String, Object> parameters;
    private final String commit;
    private final Boolean dirty;
    private final String java;
    private final Integer vectorBits, threads;
    private final double wallSeconds;
    private final List<Metric> metrics;
    private final List<Model> models;
    private final String weightsDigest;

    private RunRecord(Path file, Reader r) {
        this.file = file;
        this.id = r.id;
        this.kind = r.kind;
        this.name = r.name;
        this.edition = r.edition;
        this.preset = r.preset;
        this.status = r.status;
        this.error = r.error;
        this.started = r.started;
        this.parameters = Collections.unmodifiableMap(r.parameters);
        this.commit = r.commit;
        this.dirty = r.dirty;
        this.java = r.java;
        this.vectorBits = r.vectorBits;
        this.threads = r.threads;
        this.wallSeconds = r.wallSeconds;
        this.metrics = List.copyOf(r.metrics);
        this.models = List.copyOf(r.models);
        this.weightsDigest = r.weightsDigest;
    }

    /** Reads and checks the record in {@code file}; an {@link Invalid} names everything wrong with it. */
    public static RunRecord read(Path file) throws Invalid {
        JsonObject json = parse(file);
        Reader r = new Reader(json);
        if (!r.problems.isEmpty()) throw new Invalid(file, r.problems);
        return new RunRecord(file, r);
    }

    /** The file as a JSON object, or an {@link Invalid} saying why it is not one. */
    static JsonObject parse(Path file) throws Invalid {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Invalid(file, List.of("cannot be read (" + e.getMessage() + ")"));
        }
        JsonElement json;
        try {
            json = JsonParser.parseString(text);
        } catch (JsonParseException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new Invalid(file, List.of("is not JSON (" + cause.getMessage() + ")"));
        }
        if (!json.isJsonObject()) throw new Invalid(file, List.of("holds " + describe(json) + ", expected a JSON object"));
        return json.getAsJsonObject();
    }

    /** Whether a JSON object says it is a run record of some version ("schema": "vae-lecture.run/..."). */
    static boolean claimsToBeARecord(JsonObject json) {
        JsonElement s = json.get("schema");
        return s != null && s.isJsonPrimitive() && s.getAsJsonPrimitive().isString() && s.getAsString().startsWith(SCHEMA_FAMILY);
    }

    /** Whether a field must be there and not null (REQUIRED), must be there but may be null (NULLABLE), or neither (OPTIONAL). */
    private enum Presence { REQUIRED, NULLABLE, OPTIONAL }

    /** Reads the fields, collecting a sentence for each one that is wrong (the schema: docs/run-record.schema.json). */
    private static final class Reader {
        private static final Presence REQUIRED = Presence.REQUIRED, NULLABLE = Presence.NULLABLE, OPTIONAL = Presence.OPTIONAL;
        final List<String> problems = new ArrayList<>();
        String id, kind, name, edition, preset, status, error, started, commit, java, weightsDigest;
        Boolean dirty;
        Integer vectorBits, threads;
        double wallSeconds;
        final Map<String, Object> parameters = new LinkedHashMap<>();
        final List<Metric> metrics = new ArrayList<>();
        final List<Model> models = new ArrayList<>();

        Reader(JsonObject json) {
            JsonElement schema = json.get("schema");
            if (schema == null) {
                problems.add("no \"schema\" (expected \"" + SCHEMA + "\")");
            } else if (!schema.isJsonPrimitive() || !SCHEMA.equals(schema.getAsString())) {
                problems.add("\"schema\" is " + describe(schema) + ", this reader knows \"" + SCHEMA + "\"");
                return;   // another schema: its other fields would only add noise
            }
            id = string(json, "", "id", REQUIRED);
            kind = oneOf(json, "kind", "notebook", "experiment");
            name = string(json, "", "name", REQUIRED);
            edition = string(json, "", "edition", OPTIONAL);
            preset = string(json, "", "preset", REQUIRED);
            status = oneOf(json, "status", "ok", "failed");
            error = string(json, "", "error", NULLABLE);
            if ("ok".equals(status) && error != null) problems.add("\"status\" is \"ok\" but \"error\" is not null");
            if ("failed".equals(status) && json.has("error") && error == null && problems.isEmpty())
                problems.add("\"status\" is \"failed\" but \"error\" is null (expected what went wrong)");
            started = string(json, "", "started", REQUIRED);
            Double wall = number(json, "", "wallSeconds", REQUIRED);
            if (wall != null && !(wall >= 0)) problems.add("\"wallSeconds\" is " + wall + ", expected a number of seconds >= 0");
            wallSeconds = wall == null ? Double.NaN : wall;
            readParameters(json);
            object(json, "injected", REQUIRED);
            object(json, "sweep", NULLABLE);
            object(json, "machine", REQUIRED);
            object(json, "data", REQUIRED);
            JsonObject code = object(json, "code", REQUIRED);
            if (code != null) {
                commit = string(code, "\"code\"", "commit", NULLABLE);
                if (commit != null && !COMMIT.matcher(commit).matches())
                    problems.add("\"code\".\"commit\" is \"" + commit + "\", expected 40 hexadecimal digits (or null outside git)");
                JsonElement d = field(code, "\"code\"", "dirty", NULLABLE, "true, false or null");
                if (d != null && d.isJsonPrimitive() && d.getAsJsonPrimitive().isBoolean()) dirty = d.getAsBoolean();
                else if (d != null) problems.add("\"code\".\"dirty\" is " + describe(d) + ", expected true, false or null");
            }
            // null when the kernel reported nothing (the run failed before its first report)
            JsonObject runtime = object(json, "runtime", NULLABLE);
            if (runtime != null) {
                java = string(runtime, "\"runtime\"", "java", REQUIRED);
                vectorBits = integer(runtime, "\"runtime\"", "vectorBits", NULLABLE);
                threads = integer(runtime, "\"runtime\"", "threads", REQUIRED);
            }
            readMetrics(json);
            readModels(json);
            // an experiment's final weights when the run keeps no model file (the paper run's model is in its checkpoint)
            weightsDigest = string(json, "", "weightsDigest", OPTIONAL);
            if (weightsDigest != null && !SHA256.matcher(weightsDigest).matches()) {
                problems.add("\"weightsDigest\" is \"" + weightsDigest + "\", expected a SHA-256 in 64 hexadecimal digits");
                weightsDigest = null;
            }
        }

        /** A number, a string, true/false, or a list of numbers (07's K values) each. */
        private void readParameters(JsonObject json) {
            JsonObject p = object(json, "parameters", REQUIRED);
            if (p == null) return;
            for (Map.Entry<String, JsonElement> e : p.entrySet()) {
                JsonElement v = e.getValue();
                if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber()) parameters.put(e.getKey(), v.getAsDouble());
                else if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isBoolean()) parameters.put(e.getKey(), v.getAsBoolean());
                else if (v.isJsonPrimitive()) parameters.put(e.getKey(), v.getAsString());
                else if (v.isJsonArray() && v.getAsJsonArray().asList().stream()
                        .allMatch(x -> x.isJsonPrimitive() && x.getAsJsonPrimitive().isNumber()))
                    parameters.put(e.getKey(), v.getAsJsonArray().asList().stream().map(JsonElement::getAsDouble).toList());
                else problems.add("\"parameters\".\"" + e.getKey() + "\" is " + describe(v)
                        + ", expected a number, a string, true/false or a list of numbers");
            }
        }

        private void readMetrics(JsonObject json) {
            JsonArray list = array(json, "metrics");
            if (list == null) return;
            for (int i = 0; i < list.size(); i++) {
                String where = "\"metrics\"[" + i + "]";
                if (!list.get(i).isJsonObject()) {
                    problems.add(where + " is " + describe(list.get(i)) + ", expected an object");
                    continue;
                }
                JsonObject m = list.get(i).getAsJsonObject();
                int before = problems.size();
                String n = string(m, where, "name", REQUIRED);
                Double value = number(m, where, "value", NULLABLE);   // null: the value was not finite
                String unit = string(m, where, "unit", NULLABLE);
                Long k = whole(m, where, "k");
                Long images = whole(m, where, "images");
                Double se = number(m, where, "se", OPTIONAL);
                if (k != null && k < 1) problems.add(where + ".\"k\" is " + k + ", expected a number of samples >= 1");
                if (problems.size() == before)
                    metrics.add(new Metric(new MetricKey(n, k), value == null ? Double.NaN : value, unit, images, se));
            }
        }

        private void readModels(JsonObject json) {
            JsonArray list = array(json, "models");
            if (list == null) return;
            for (int i = 0; i < list.size(); i++) {
                String where = "\"models\"[" + i + "]";
                if (!list.get(i).isJsonObject()) {
                    problems.add(where + " is " + describe(list.get(i)) + ", expected an object");
                    continue;
                }
                JsonObject m = list.get(i).getAsJsonObject();
                int before = problems.size();
                String f = string(m, where, "file", REQUIRED);
                String digest = string(m, where, "weightsDigest", REQUIRED);
                if (digest != null && !SHA256.matcher(digest).matches())
                    problems.add(where + ".\"weightsDigest\" is \"" + digest + "\", expected a SHA-256 in 64 hexadecimal digits");
                if (problems.size() == before) models.add(new Model(f, digest));
            }
        }

        // -- one field each: the value, or null with a sentence added to problems -------------

        /** The field's value; null when it is null or absent, with a problem added where the schema does not allow that. */
        private JsonElement field(JsonObject o, String where, String key, Presence presence, String expected) {
            JsonElement v = o.get(key);
            if (v == null) {
                if (presence != OPTIONAL) problems.add("no " + label(where, key) + " (expected " + expected + ")");
                return null;
            }
            if (v.isJsonNull()) {
                if (presence == REQUIRED) problems.add(label(where, key) + " is null, expected " + expected);
                return null;
            }
            return v;
        }

        private String string(JsonObject o, String where, String key, Presence presence) {
            JsonElement v = field(o, where, key, presence, "a string");
            if (v == null) return null;
            if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isString()) return v.getAsString();
            problems.add(label(where, key) + " is " + describe(v) + ", expected a string");
            return null;
        }

        private String oneOf(JsonObject o, String key, String... allowed) {
            String expected = "\"" + String.join("\" or \"", allowed) + "\"";
            JsonElement v = field(o, "", key, REQUIRED, expected);
            if (v == null) return null;
            if (v.isJsonPrimitive() && List.of(allowed).contains(v.getAsString())) return v.getAsString();
            problems.add(label("", key) + " is " + describe(v) + ", expected " + expected);
            return null;
        }

        private Double number(JsonObject o, String where, String key, Presence presence) {
            JsonElement v = field(o, where, key, presence, "a number");
            if (v == null) return null;
            if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber()) return v.getAsDouble();
            problems.add(label(where, key) + " is " + describe(v) + ", expected a number");
            return null;
        }

        /** An optional whole number (K, a count of images), or null. */
        private Long whole(JsonObject o, String where, String key) {
            JsonElement v = field(o, where, key, OPTIONAL, "a whole number");
            if (v == null) return null;
            if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber()) {
                BigDecimal d = v.getAsBigDecimal();
                if (d.stripTrailingZeros().scale() <= 0) {
                    try {
                        return d.longValueExact();
                    } catch (ArithmeticException tooLarge) {
                        // falls through to the problem below
                    }
                }
            }
            problems.add(label(where, key) + " is " + describe(v) + ", expected a whole number or null");
            return null;
        }

        private Integer integer(JsonObject o, String where, String key, Presence presence) {
            JsonElement v = field(o, where, key, presence, "a whole number");
            if (v == null) return null;
            if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber()) {
                BigDecimal d = v.getAsBigDecimal();
                if (d.stripTrailingZeros().scale() <= 0 && d.abs().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0)
                    return d.intValue();
            }
            problems.add(label(where, key) + " is " + describe(v) + ", expected a whole number");
            return null;
        }

        private JsonObject object(JsonObject o, String key, Presence presence) {
            JsonElement v = field(o, "", key, presence, "an object");
            if (v == null) return null;
            if (v.isJsonObject()) return v.getAsJsonObject();
            problems.add("\"" + key + "\" is " + describe(v) + ", expected an object");
            return null;
        }

        private JsonArray array(JsonObject o, String key) {
            JsonElement v = field(o, "", key, REQUIRED, "a list");
            if (v == null) return null;
            if (v.isJsonArray()) return v.getAsJsonArray();
            problems.add("\"" + key + "\" is " + describe(v) + ", expected a list");
            return null;
        }

        private static String label(String where, String key) {
            return (where.isEmpty() ? "" : where + ".") + "\"" + key + "\"";
        }
    }

    /** A JSON value as a reader would name it in an error: "\"done\"", "12", "an object", "a list". */
    static String describe(JsonElement v) {
        if (v == null || v.isJsonNull()) return "null";
        if (v.isJsonObject()) return "an object";
        if (v.isJsonArray()) return "a list";
        JsonPrimitive p = v.getAsJsonPrimitive();
        String text = p.toString();
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }

    // -- what a record says ------------------------------------------------------------------

    /** The file it was read from. */
    public Path file() {
        return file;
    }

    /** The run's id ("20261202-181500-06-train-vae-beta=2"). */
    public String id() {
        return id;
    }

    /** "notebook" or "experiment". */
    public String kind() {
        return kind;
    }

    /** The notebook's stem or the experiment's name. */
    public String name() {
        return name;
    }

    /** "en", "zh", or null (an experiment). */
    public String edition() {
        return edition;
    }

    /** The preset ("quick", "full", ...). */
    public String preset() {
        return preset;
    }

    /** Every parameter value the run used: a Double, a String, a Boolean or a List of Doubles each, in the record's order. */
    public Map<String, Object> parameters() {
        return parameters;
    }

    /** "ok" or "failed". */
    public String status() {
        return status;
    }

    /** What went wrong in a failed run, or null. */
    public String error() {
        return error;
    }

    /** When it started (ISO-8601 UTC, as written). */
    public String started() {
        return started;
    }

    /** Seconds from start to end. */
    public double wallSeconds() {
        return wallSeconds;
    }

    /** The project's commit (40 hex digits), or null when the copy was not a git work tree. */
    public String commit() {
        return commit;
    }

    /** Whether the work tree had uncommitted changes, or null when unknown. */
    public Boolean dirty() {
        return dirty;
    }

    /** The JDK's version ("17.0.15"), or null when the run failed before the kernel reported it. */
    public String java() {
        return java;
    }

    /** The vector width the matrix products ran at, in bits, or null (plain loops). */
    public Integer vectorBits() {
        return vectorBits;
    }

    /** Threads the library used, or null when the run failed before the kernel reported them. */
    public Integer threads() {
        return threads;
    }

    /** Every reported number, in the order reported. */
    public List<Metric> metrics() {
        return metrics;
    }

    /** The value of the metric, the last one reported under that name and K; NaN when it was not reported. */
    public double metric(MetricKey key) {
        double value = Double.NaN;
        for (Metric m : metrics) if (m.key().equals(key)) value = m.value();
        return value;
    }

    /** The models the run saved, in order. */
    public List<Model> models() {
        return models;
    }

    /**
     * The digest of the run's weights: its first saved model's, or else the record's own
     * "weightsDigest" (an experiment that keeps no model file); null when it has neither.
     */
    public String weightsDigest() {
        return models.isEmpty() ? weightsDigest : models.get(0).weightsDigest();
    }

    @Override
    public String toString() {
        return "RunRecord(" + id + ", " + file + ")";
    }
}
