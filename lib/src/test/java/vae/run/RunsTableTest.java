package vae.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The table of runs on the made-up records (lib/src/test/resources/vae/run/fixture-copy):
 * its columns, a parameter's column blank where a run lacks it, a metric's column per K,
 * filters, sorting (blank cells last) and the CSV file.
 */
class RunsTableTest {
    private static RunsTable fixture() {
        return RunsTable.of(RunRecords.in(RunFixtures.copy()).records());
    }

    private static List<String> column(RunsTable t, String name) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < t.rows(); i++) out.add(t.cell(i, name));
        return out;
    }

    @Test
    void theColumnsAreTheRunsThenEveryParameterThenEveryMetric() {
        RunsTable t = fixture();
        assertEquals(List.of("id", "name", "preset", "latentDim", "seed", "K", "passes", "ks", "epochs", "beta",
                "status", "wall seconds", "commit", "dirty", "java", "vector bits", "threads",
                "log p(x) K=5000", "test ELBO", "reconstruction", "KL", "active units", "log p(x) K=1000", "weights"), t.columns());
        assertEquals(RunsTable.Kind.PARAMETER, t.kind("beta"));
        assertEquals(RunsTable.Kind.METRIC, t.kind("log p(x) K=1000"));
        assertEquals(RunsTable.Kind.RUN, t.kind("threads"));
        assertTrue(t.numeric("beta") && t.numeric("wall seconds") && !t.numeric("preset"));
    }

    @Test
    void aParameterOrMetricIsBlankWhereARunDidNotHaveIt() {
        RunsTable t = fixture();
        // rows by id: the experiment, β = 0.5, 1, 2, then β = 4 with latentDim 10
        assertEquals(List.of("", "0.5", "1", "2", "4"), column(t, "beta"), "the experiment has no β");
        assertEquals(List.of("3280", "", "", "", ""), column(t, "passes"), "only the experiment has passes");
        assertEquals(List.of("full", "quick", "quick", "quick", "quick"), column(t, "preset"));
        assertEquals(List.of("[1 5000]", "", "", "", ""), column(t, "ks"), "a list of numbers, written without commas");
        assertEquals(1, t.where("ks", "[1 5000]").rows(), "and found as written");
        assertEquals(List.of("", "", "-99.5", "", ""), column(t, "log p(x) K=1000"));
        assertEquals(List.of("-86.5", "", "", "", ""), column(t, "log p(x) K=5000"), "the same metric at another K: another column");
        assertEquals(List.of("-90.25", "-110.5", "-104.25", "-107.75", "-115"), column(t, "test ELBO"));
        assertEquals("0123456", t.cell(0, "commit"));
        assertEquals("bbbbbbbbbbbb", t.cell(1, "weights"), "the first model's digest, shortened");
        assertEquals("false", t.cell(1, "dirty"));
        assertEquals("256", t.cell(1, "vector bits"));
    }

    @Test
    void filtersCompareNumbersAsNumbersAndTakeAlternatives() {
        RunsTable t = fixture();
        assertEquals(List.of("1"), column(t.where("beta", "1.0"), "beta"), "1.0 finds the run with β = 1");
        assertEquals(List.of("0.5", "2"), column(t.where("beta", "0.5,2"), "beta"));
        assertEquals(List.of("20261130-090000-fixture-experiment"), column(t.where("beta", ""), "id"), "an empty value finds blank cells");
        assertEquals(4, t.where("name", "06-train-vae").rows());
        assertEquals(List.of("2"), column(t.where("name", "06-train-vae").where("latentDim", "20").where("test ELBO", "-107.75"), "beta"),
                "filters add up, on parameters and metrics alike");
        assertEquals(5, t.where("DIRTY", "no").rows(), "a column named in another case; no for false");
        assertEquals(0, t.where("status", "failed").rows());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.where("bta", "1"));
        assertTrue(e.getMessage().startsWith("no column \"bta\"; the columns are: id, name, preset, latentDim"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.where("beta", "high"));
        assertEquals("column \"beta\" holds numbers; \"high\" is not one", e.getMessage());
        assertEquals(List.of("20261201-101500-06-train-vae-beta=1"), column(t.where("log p(x) K=1000=-99.5"), "id"),
                "COLUMN=VALUE where the column's name has an = of its own");
        assertEquals(List.of("0.5", "2"), column(t.where("beta=0.5,2"), "beta"));
        e = assertThrows(IllegalArgumentException.class, () -> t.where("beta"));
        assertEquals("--where beta: expected COLUMN=VALUE", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.where("gamma=1"));
        assertTrue(e.getMessage().startsWith("no column \"gamma\""), e.getMessage());
    }

    @Test
    void sortingIsNumericEitherWayWithBlanksLast() {
        RunsTable t = fixture();
        assertEquals(List.of("0.5", "1", "2", "4", ""), column(t.sortedBy("beta"), "beta"));
        assertEquals(List.of("4", "2", "1", "0.5", ""), column(t.sortedBy("-beta"), "beta"));
        assertEquals(List.of("-90.25", "-104.25", "-107.75", "-110.5", "-115"), column(t.sortedBy("-test ELBO"), "test ELBO"),
                "descending: the best ELBO first (a text sort would put -90.25 last)");
        assertEquals(List.of("fixture-experiment", "06-train-vae", "06-train-vae", "06-train-vae", "06-train-vae"),
                column(t.sortedBy("-name"), "name"));
    }

    @Test
    void columnsAreChosenInTheOrderAskedAndBlankOnesDropped() {
        RunsTable t = fixture();
        assertEquals(List.of("test ELBO", "beta", "id"), t.columns(List.of("test ELBO", " beta", "id")).columns());
        RunsTable notebooks = t.where("name", "06-train-vae").withoutBlankColumns();
        assertFalse(notebooks.columns().contains("passes"), "the experiment's parameters went with it");
        assertFalse(notebooks.columns().contains("log p(x) K=5000"));
        assertTrue(notebooks.columns().contains("log p(x) K=1000") && notebooks.columns().contains("weights"));
        assertThrows(IllegalArgumentException.class, () -> t.columns(List.of("beta", "gamma")));
        assertEquals(List.of("id", "log p(x) K=1000", "beta"), t.columnList("id, LOG P(X) K=1000,beta"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.columnList("id,gamma,beta"));
        assertTrue(e.getMessage().startsWith("no column \"gamma\""), e.getMessage());
    }

    @Test
    void anExperimentWithoutModelFilesShowsItsOwnWeightsDigest(@TempDir Path dir) throws Exception {
        // ./lecture paper keeps its model in the checkpoint, outside the copy: "models" is empty and the record carries the digest
        com.google.gson.JsonObject json = com.google.gson.JsonParser.parseString(Files.readString(RunFixtures.beta1())).getAsJsonObject();
        json.add("models", new com.google.gson.JsonArray());
        json.addProperty("weightsDigest", "acd68475e7c186135509302c67b252f293540bf0892853ab664c04de626ebbb1");
        Path file = dir.resolve("record.json");
        Files.writeString(file, json.toString());
        assertEquals("acd68475e7c1", RunsTable.of(List.of(RunRecord.read(file))).cell(0, "weights"));
        json.addProperty("weightsDigest", "acd684");
        Files.writeString(file, json.toString());
        RunRecord.Invalid e = assertThrows(RunRecord.Invalid.class, () -> RunRecord.read(file));
        assertEquals(List.of("\"weightsDigest\" is \"acd684\", expected a SHA-256 in 64 hexadecimal digits"), e.problems());
    }

    @Test
    void aColumnWhoseNameHasACommaIsTakenWhole(@TempDir Path dir) throws Exception {
        // 03-sampling-from-q reports "mean ESS, prior" with K = 1000: the column "mean ESS, prior K=1000"
        Path file = dir.resolve("record.json");
        String json = Files.readString(RunFixtures.beta1()).replace("\"name\": \"KL\"", "\"name\": \"mean ESS, prior\"");
        Files.writeString(file, json);
        RunsTable t = RunsTable.of(List.of(RunRecord.read(file)));
        assertTrue(t.columns().contains("mean ESS, prior"), t.columns().toString());
        assertEquals(List.of("beta", "mean ESS, prior", "id"), t.columnList("beta,mean ESS, prior,id"));
        assertEquals(List.of("25.75"), column(t.columns(t.columnList("mean ESS, prior")), "mean ESS, prior"));
    }

    @Test
    void printsEveryRowAndWritesCsvInFull(@TempDir Path dir) throws IOException {
        RunsTable t = fixture().where("name", "06-train-vae").columns(List.of("id", "beta", "log p(x) K=1000"));
        String text = t.print();
        assertEquals(2 + 4, text.strip().split("\n").length, "header, rule, 4 rows:\n" + text);
        assertTrue(text.contains("log p(x) K=1000") && text.contains("-99.5"), text);
        Path csv = dir.resolve("runs.csv");
        t.writeCsv(csv);
        assertEquals(List.of("id,beta,log p(x) K=1000", "20261201-100000-06-train-vae-beta=0.5,0.5,",
                "20261201-101500-06-train-vae-beta=1,1.0,-99.5", "20261201-103000-06-train-vae-beta=2,2.0,",
                "20261201-110000-06-train-vae-beta=4-latentDim=10,4.0,"), Files.readAllLines(csv));
        try (var left = Files.list(dir)) {
            assertEquals(List.of(csv), left.toList(), "no temporary file left");
        }
    }

    @Test
    void aRunThatFailedBeforeTheKernelReportedHasBlankRuntimeColumns(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("record.json");
        String json = Files.readString(RunFixtures.beta1());
        json = json.substring(0, json.indexOf("\"runtime\"")) + "\"runtime\": null,"
                + json.substring(json.indexOf("\"machine\""));
        json = json.replace("\"status\": \"ok\"", "\"status\": \"failed\"").replace("\"error\": null", "\"error\": \"made up\"");
        Files.writeString(file, json);
        RunsTable t = RunsTable.of(List.of(RunRecord.read(file)));
        assertEquals(List.of("", "", ""), List.of(t.cell(0, "java"), t.cell(0, "vector bits"), t.cell(0, "threads")));
        assertEquals("failed", t.cell(0, "status"));
    }

    @Test
    void noRecordsMakeAnEmptyTableWithTheRunsOwnColumns() {
        RunsTable t = RunsTable.of(List.of());
        assertEquals(0, t.rows());
        assertEquals(List.of("id", "name", "preset", "status", "wall seconds", "commit", "dirty", "java", "vector bits", "threads", "weights"),
                t.columns());
    }
}
