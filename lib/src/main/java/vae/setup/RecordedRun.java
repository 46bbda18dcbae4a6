package vae.setup;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a recorded run of a notebook printed: the full-length runs ({@code VAE_FULL=1}) take too
 * long to be the committed outputs, so their executed notebooks are kept, text outputs only, in
 * the copy's {@code records/full/} folder, and a quick run quotes them. The numbers a notebook
 * gives for its full-length experiment thus come from the code that computed them, not from a
 * sentence typed after the fact.
 * <pre>
 *   RecordedRun.full("07-measuring-the-gap").quote("c920f741");   // what that cell printed in the full run
 * </pre>
 */
public final class RecordedRun {
    private final Path file;
    private final JsonObject notebook;

    private RecordedRun(Path file, JsonObject notebook) {
        this.file = file;
        this.notebook = notebook;
    }

    /** The recorded full-length run of {@code notebookName} (e.g. "07-measuring-the-gap") in this copy. */
    public static RecordedRun full(String notebookName) {
        return of(ThisCopy.path("records", "full", notebookName + ".ipynb"));
    }

    /** The recorded run in {@code file} (an executed notebook). */
    public static RecordedRun of(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no recorded run at " + file + " (records/full/ holds the executed"
                    + " full-length notebooks; environment/record-full-run.py writes them)");
        }
        try {
            return new RecordedRun(file, JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }

    /** One line on the run: when, on which commit and machine, how long (the record's metadata). */
    public String describe() {
        JsonObject record = metadata();
        return String.format("the %s run of %s, recorded %s at commit %s on %s (%s processors, load average %s), %s s of execution",
                field(record, "mode"), file.getFileName(), field(record, "date"), field(record, "commit"),
                field(record, "cpu"), field(record, "processors"), field(record, "load_average"), field(record, "seconds"));
    }

    /** The text the cell with nbformat id {@code cellId} printed in the recorded run (streams and text results). */
    public String text(String cellId) {
        for (JsonElement c : notebook.getAsJsonArray("cells")) {
            JsonObject cell = c.getAsJsonObject();
            if (!cell.has("id") || !cell.get("id").getAsString().equals(cellId)) continue;
            StringBuilder out = new StringBuilder();
            JsonArray outputs = cell.has("outputs") ? cell.getAsJsonArray("outputs") : new JsonArray();
            for (JsonElement o : outputs) {
                JsonObject output = o.getAsJsonObject();
                if (output.has("text")) out.append(joined(output.get("text")));
                else if (output.has("data") && output.getAsJsonObject("data").has("text/plain")
                        && !output.getAsJsonObject("data").has("image/png")) {
                    out.append(joined(output.getAsJsonObject("data").get("text/plain"))).append('\n');
                }
            }
            return out.toString();
        }
        throw new IllegalArgumentException("the recorded run " + file.getFileName() + " has no cell with id " + cellId);
    }

    /** Prints {@link #describe()}, then what each of the cells printed in that run, in order. */
    public void quote(String... cellIds) {
        System.out.println("From " + describe() + ":");
        for (String id : cellIds) System.out.print(text(id));
    }

    private JsonObject metadata() {
        JsonObject meta = notebook.getAsJsonObject("metadata");
        if (meta == null || !meta.has("vae") || !meta.getAsJsonObject("vae").has("record")) {
            throw new IllegalStateException(file + " carries no metadata.vae.record: it is not a recorded run");
        }
        return meta.getAsJsonObject("vae").getAsJsonObject("record");
    }

    private static String field(JsonObject o, String key) {
        return o.has(key) ? o.get(key).getAsString() : "?";
    }

    private static String joined(JsonElement text) {
        if (text.isJsonArray()) {
            StringBuilder s = new StringBuilder();
            for (JsonElement line : text.getAsJsonArray()) s.append(line.getAsString());
            return s.toString();
        }
        return text.getAsString();
    }
}
