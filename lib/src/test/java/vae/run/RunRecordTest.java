package vae.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The record reader: a record of the schema is read field by field; a file that does not follow
 * it is refused with every wrong field named, what was expected and what was found; the copy's
 * records are found in runs/ and records/, the malformed one reported and left out.
 */
class RunRecordTest {
    /** The β = 1 record of the fixture, changed by {@code change} and written to a file of its own. */
    private static Path changed(Path dir, Consumer<JsonObject> change) throws IOException {
        JsonObject json = JsonParser.parseString(Files.readString(RunFixtures.beta1())).getAsJsonObject();
        change.accept(json);
        Path file = dir.resolve("record.json");
        Files.writeString(file, json.toString());
        return file;
    }

    private static List<String> problems(Path file) {
        return assertThrows(RunRecord.Invalid.class, () -> RunRecord.read(file)).problems();
    }

    @Test
    void readsEveryFieldTheTableUses() throws Exception {
        RunRecord r = RunRecord.read(RunFixtures.beta1());
        assertEquals("20261201-101500-06-train-vae-beta=1", r.id());
        assertEquals("notebook", r.kind());
        assertEquals("06-train-vae", r.name());
        assertEquals("en", r.edition());
        assertEquals("quick", r.preset());
        assertEquals(List.of("preset", "latentDim", "seed", "epochs", "beta"), List.copyOf(r.parameters().keySet()), "the record's order");
        assertEquals(1.0, r.parameters().get("beta"));
        assertEquals(20.0, r.parameters().get("latentDim"));
        assertEquals("quick", r.parameters().get("preset"));
        assertEquals("ok", r.status());
        assertNull(r.error());
        assertEquals(80.0, r.wallSeconds());
        assertEquals("0123456789abcdef0123456789abcdef01234567", r.commit());
        assertEquals(Boolean.FALSE, r.dirty());
        assertEquals("17.0.15", r.java());
        assertEquals(256, r.vectorBits());
        assertEquals(2, r.threads());
        assertEquals(5, r.metrics().size());
        assertEquals(-104.25, r.metric(new RunRecord.MetricKey("test ELBO", null)));
        assertEquals(-99.5, r.metric(new RunRecord.MetricKey("log p(x)", 1000L)));
        assertTrue(Double.isNaN(r.metric(new RunRecord.MetricKey("log p(x)", 5000L))), "another K is another metric");
        assertEquals("log p(x) K=1000", r.metrics().get(4).key().label());
        assertNull(r.metrics().get(3).unit(), "active units have no unit");
        assertEquals("c".repeat(64), r.models().get(0).weightsDigest());
    }

    @Test
    void theMalformedFixtureIsRefusedWithEachFaultNamed() {
        Path file = RunFixtures.copy().resolve("runs/20261201-120000-06-train-vae-broken/record.json");
        RunRecord.Invalid e = assertThrows(RunRecord.Invalid.class, () -> RunRecord.read(file));
        assertEquals(List.of("\"status\" is \"done\", expected \"ok\" or \"failed\"",
                "no \"runtime\" (expected an object)",
                "\"metrics\"[0].\"k\" is \"5000\", expected a whole number or null"), e.problems());
        assertTrue(e.getMessage().startsWith(file + ": "), "the message names the file: " + e.getMessage());
    }

    @Test
    void eachKindOfFaultIsNamedWithWhatWasExpectedAndFound(@TempDir Path dir) throws IOException {
        assertEquals(List.of("\"schema\" is \"vae-lecture.run/2\", this reader knows \"vae-lecture.run/1\""),
                problems(changed(dir, j -> j.addProperty("schema", "vae-lecture.run/2"))));
        assertEquals(List.of("no \"schema\" (expected \"vae-lecture.run/1\")"), problems(changed(dir, j -> j.remove("schema"))));
        assertEquals(List.of("\"kind\" is \"script\", expected \"notebook\" or \"experiment\""),
                problems(changed(dir, j -> j.addProperty("kind", "script"))));
        assertEquals(List.of("\"wallSeconds\" is \"80\", expected a number"),
                problems(changed(dir, j -> j.addProperty("wallSeconds", "80"))));
        assertEquals(List.of("\"wallSeconds\" is -1.0, expected a number of seconds >= 0"),
                problems(changed(dir, j -> j.addProperty("wallSeconds", -1))));
        assertEquals(List.of("\"parameters\".\"beta\" is a list, expected a number, a string, true/false or a list of numbers"),
                problems(changed(dir, j -> {
                    JsonArray words = new JsonArray();
                    words.add("high");
                    j.getAsJsonObject("parameters").add("beta", words);
                })));
        assertEquals(List.of("\"parameters\".\"beta\" is an object, expected a number, a string, true/false or a list of numbers"),
                problems(changed(dir, j -> j.getAsJsonObject("parameters").add("beta", new JsonObject()))));
        assertEquals(List.of("\"code\".\"commit\" is \"abc1234\", expected 40 hexadecimal digits (or null outside git)"),
                problems(changed(dir, j -> j.getAsJsonObject("code").addProperty("commit", "abc1234"))));
        assertEquals(List.of("\"runtime\".\"threads\" is 1.5, expected a whole number"),
                problems(changed(dir, j -> j.getAsJsonObject("runtime").addProperty("threads", 1.5))));
        assertEquals(List.of("no \"metrics\"[1].\"value\" (expected a number)"),
                problems(changed(dir, j -> j.getAsJsonArray("metrics").get(1).getAsJsonObject().remove("value"))));
        assertEquals(List.of("\"metrics\"[1].\"value\" is \"-104\", expected a number"),
                problems(changed(dir, j -> j.getAsJsonArray("metrics").get(1).getAsJsonObject().addProperty("value", "-104"))));
        assertEquals(List.of("\"metrics\"[4].\"k\" is 0, expected a number of samples >= 1"),
                problems(changed(dir, j -> j.getAsJsonArray("metrics").get(4).getAsJsonObject().addProperty("k", 0))));
        assertEquals(List.of("\"models\"[0].\"weightsDigest\" is \"abc\", expected a SHA-256 in 64 hexadecimal digits"),
                problems(changed(dir, j -> j.getAsJsonArray("models").get(0).getAsJsonObject().addProperty("weightsDigest", "abc"))));
        assertEquals(List.of("no \"metrics\" (expected a list)", "no \"models\" (expected a list)"),
                problems(changed(dir, j -> { j.remove("metrics"); j.remove("models"); })));
    }

    @Test
    void whatNeedNotBeKnownMayBeNull(@TempDir Path dir) throws Exception {
        RunRecord r = RunRecord.read(changed(dir, j -> {
            j.getAsJsonObject("code").add("commit", JsonNull.INSTANCE);   // a copy outside git
            j.getAsJsonObject("runtime").add("vectorBits", JsonNull.INSTANCE);   // plain loops
            j.getAsJsonArray("metrics").get(0).getAsJsonObject().addProperty("k", 5000.0);   // a whole number written as 5000.0
            j.getAsJsonArray("metrics").get(1).getAsJsonObject().add("value", JsonNull.INSTANCE);   // not finite
            JsonArray ks = new JsonArray();
            ks.add(1);
            ks.add(1000);
            j.getAsJsonObject("parameters").add("ks", ks);   // 07's K values
        }));
        assertNull(r.commit());
        assertNull(r.vectorBits());
        assertEquals(5000L, r.metrics().get(0).key().k());
        assertTrue(Double.isNaN(r.metrics().get(1).value()));
        assertEquals(List.of(1.0, 1000.0), r.parameters().get("ks"));
        RunRecord early = RunRecord.read(changed(dir, j -> {   // failed before the kernel's first report
            j.add("runtime", JsonNull.INSTANCE);
            j.addProperty("status", "failed");
            j.addProperty("error", "cell 3 (id abc): the kernel died");
        }));
        assertNull(early.java());
        assertNull(early.threads());
        assertEquals("cell 3 (id abc): the kernel died", early.error());
    }

    @Test
    void whatTheSchemaRequiresMustBeThere(@TempDir Path dir) throws IOException {
        assertEquals(List.of("no \"injected\" (expected an object)", "no \"machine\" (expected an object)", "no \"data\" (expected an object)"),
                problems(changed(dir, j -> { j.remove("injected"); j.remove("machine"); j.remove("data"); })));
        assertEquals(List.of("no \"sweep\" (expected an object)", "no \"runtime\" (expected an object)"),
                problems(changed(dir, j -> { j.remove("sweep"); j.remove("runtime"); })), "null is allowed, absence is not");
        assertEquals(List.of("\"preset\" is null, expected a string"), problems(changed(dir, j -> j.add("preset", JsonNull.INSTANCE))));
        assertEquals(List.of("\"status\" is \"ok\" but \"error\" is not null"), problems(changed(dir, j -> j.addProperty("error", "x"))));
        assertEquals(List.of("\"status\" is \"failed\" but \"error\" is null (expected what went wrong)"),
                problems(changed(dir, j -> j.addProperty("status", "failed"))));
        assertEquals(List.of("no \"metrics\"[0].\"unit\" (expected a string)"),
                problems(changed(dir, j -> j.getAsJsonArray("metrics").get(0).getAsJsonObject().remove("unit"))));
    }

    @Test
    void aFileThatIsNoJsonOrNoObjectIsSaidToBeSo(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("record.json");
        Files.writeString(file, "{\"schema\": \"vae-lecture.run/1\", ");
        assertTrue(problems(file).get(0).startsWith("is not JSON ("), problems(file).toString());
        Files.writeString(file, "[1, 2]");
        assertEquals(List.of("holds a list, expected a JSON object"), problems(file));
    }

    @Test
    void theCopysRecordsAreFoundAndTheMalformedOneReported() {
        RunRecords found = RunRecords.in(RunFixtures.copy());
        assertEquals(List.of("20261130-090000-fixture-experiment", "20261201-100000-06-train-vae-beta=0.5",
                "20261201-101500-06-train-vae-beta=1", "20261201-103000-06-train-vae-beta=2",
                "20261201-110000-06-train-vae-beta=4-latentDim=10"), found.records().stream().map(RunRecord::id).toList(),
                "runs/*/record.json and the record under records/, by id; records/paper/other-tool.json and the notebook in records/full are not records");
        assertEquals(1, found.skipped().size(), found.skipped().toString());
        assertTrue(found.skipped().get(0).startsWith("runs/20261201-120000-06-train-vae-broken/record.json: \"status\" is \"done\""),
                found.skipped().get(0));
        assertEquals(4, found.ownRuns(RunFixtures.copy()));
    }

    @Test
    void aRecordUnderRecordsOfAnotherVersionIsReportedNotIgnored(@TempDir Path copy) throws IOException {
        Files.createDirectories(copy.resolve("records/paper"));
        Files.writeString(copy.resolve("records/paper/new.json"), "{\"schema\": \"vae-lecture.run/2\", \"id\": \"x\"}");
        Files.writeString(copy.resolve("records/paper/broken.json"), "{not json");
        Files.writeString(copy.resolve("records/paper/other.json"), "{\"schema\": \"someone-else/1\"}");
        RunRecords found = RunRecords.in(copy);
        assertEquals(0, found.records().size());
        assertEquals(2, found.skipped().size(), found.skipped().toString());
        assertTrue(found.skipped().get(0).startsWith("records/paper/broken.json: is not JSON"), found.skipped().get(0));
        assertEquals("records/paper/new.json: \"schema\" is \"vae-lecture.run/2\", this reader knows \"vae-lecture.run/1\"", found.skipped().get(1));
    }

    @Test
    void aRunWhoseRecordIsAlsoCommittedIsListedOnce(@TempDir Path copy) throws IOException {
        String id = "20261201-101500-06-train-vae-beta=1";
        Files.createDirectories(copy.resolve("runs/" + id));
        Files.createDirectories(copy.resolve("records/sweeps/06-beta"));
        Files.copy(RunFixtures.beta1(), copy.resolve("runs/" + id + "/record.json"));
        Files.copy(RunFixtures.beta1(), copy.resolve("records/sweeps/06-beta/" + id + ".json"));
        Files.copy(RunFixtures.beta1(), copy.resolve("records/sweeps/06-beta/copy-of-it.json"));
        RunRecords found = RunRecords.in(copy);
        assertEquals(1, found.records().size(), found.records().toString());
        assertEquals(copy.resolve("runs/" + id + "/record.json").toAbsolutePath().normalize(), found.records().get(0).file(),
                "the run folder's record stands");
        assertEquals(List.of(), found.skipped());
        assertEquals(1, found.ownRuns(copy));
    }

    @Test
    void aCopyWithoutRunsHasNoRecords(@TempDir Path copy) {
        RunRecords found = RunRecords.in(copy);
        assertEquals(List.of(), found.records());
        assertEquals(List.of(), found.skipped());
    }
}
