package vae.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sweeps: the runs of one notebook that differ in exactly one numeric parameter are grouped,
 * ordered by it; a run that differs in two parameters, a failed run and a run of another
 * notebook are not in that group; the runs page draws one plot per (sweep, metric).
 */
class SweepsTest {
    private static RunRecord run(Path dir, String id, String name, String status, Map<String, Object> parameters) throws Exception {
        return RunFixtures.run(dir, id, name, status, parameters);
    }

    @Test
    void theFixturesBetaSweepIsFoundAndTheRunOffItLeftOut() {
        List<Sweeps.Sweep> sweeps = Sweeps.in(RunRecords.in(RunFixtures.copy()).records());
        assertEquals(1, sweeps.size(), sweeps.toString());
        Sweeps.Sweep s = sweeps.get(0);
        assertEquals("06-train-vae", s.name());
        assertEquals("beta", s.parameter());
        assertArrayEquals(new double[] {0.5, 1, 2}, s.values(), "β = 4 with latentDim 10 differs in two parameters");
        assertEquals(Map.of("preset", "quick", "latentDim", 20.0, "seed", 1.0, "epochs", 3.0), s.fixed());
        assertEquals(List.of("test ELBO", "reconstruction", "KL", "active units"), s.metrics().stream().map(RunRecord.MetricKey::label).toList(),
                "log p(x) K=1000 was reported by one run only: nothing to plot");
        assertArrayEquals(new double[] {-110.5, -104.25, -107.75}, s.metric(new RunRecord.MetricKey("test ELBO", null)));
    }

    @Test
    void groupsByEveryOtherParameterAndLeavesOutFailedRunsAndOtherNotebooks(@TempDir Path dir) throws Exception {
        List<RunRecord> runs = new ArrayList<>();
        for (int z : new int[] {2, 5, 10}) runs.add(run(dir, "z" + z, "06-train-vae", "ok", Map.of("latentDim", z)));
        runs.add(run(dir, "z20-failed", "06-train-vae", "failed", Map.of("latentDim", 20)));
        runs.add(run(dir, "z50-other", "08-latent-space", "ok", Map.of("latentDim", 50)));
        runs.add(run(dir, "z10-seed2-beta2", "06-train-vae", "ok", Map.of("latentDim", 10, "seed", 2, "beta", 2)));   // two changes from z10
        runs.add(run(dir, "z2-relu", "06-train-vae", "ok", Map.of("latentDim", 2, "activation", "relu")));   // a parameter the others lack
        List<Sweeps.Sweep> sweeps = Sweeps.in(runs);
        assertEquals(1, sweeps.size(), sweeps.toString());
        assertEquals("latentDim", sweeps.get(0).parameter());
        assertEquals(List.of("z2", "z5", "z10"), sweeps.get(0).runs().stream().map(RunRecord::id).toList());

        // seed 2 at latentDim 2 and 5 too: a latentDim sweep per seed, a seed sweep per latentDim
        runs.add(run(dir, "z2-seed2", "06-train-vae", "ok", Map.of("latentDim", 2, "seed", 2)));
        runs.add(run(dir, "z5-seed2", "06-train-vae", "ok", Map.of("latentDim", 5, "seed", 2)));
        List<String> found = Sweeps.in(runs).stream().map(s -> s.parameter() + " " + s.runs().stream().map(RunRecord::id).toList()).toList();
        assertEquals(List.of("latentDim [z2, z5, z10]", "latentDim [z2-seed2, z5-seed2]", "seed [z2, z2-seed2]", "seed [z5, z5-seed2]"), found);
    }

    @Test
    void aTextParameterOrOneValueMakesNoSweep(@TempDir Path dir) throws Exception {
        List<RunRecord> runs = List.of(run(dir, "a", "06-train-vae", "ok", Map.of("preset", "quick")),
                run(dir, "b", "06-train-vae", "ok", Map.of("preset", "full")),
                run(dir, "c", "07-measuring-the-gap", "ok", Map.of()), run(dir, "d", "07-measuring-the-gap", "ok", Map.of()));
        assertEquals(List.of(), Sweeps.in(runs), "a preset cannot be an axis; two runs at the same values are repeats, not a sweep");
    }

    @Test
    void thePageHasOnePlotPerSweepAndMetric(@TempDir Path out) throws IOException {
        JsonObject page = RunsPage.build(RunFixtures.copy(), out);
        assertEquals(5, page.get("records").getAsInt());
        assertEquals(1, page.getAsJsonArray("skipped").size());
        assertEquals(5, page.getAsJsonArray("rows").size());
        JsonArray sweeps = page.getAsJsonArray("sweeps");
        assertEquals(1, sweeps.size());
        JsonObject sweep = sweeps.get(0).getAsJsonObject();
        assertEquals("beta", sweep.get("parameter").getAsString());
        assertEquals("[\"0.5\",\"1\",\"2\"]", sweep.get("values").toString());
        List<String> files = new ArrayList<>();
        for (var p : sweep.getAsJsonArray("plots")) files.add(p.getAsJsonObject().get("file").getAsString());
        assertEquals(List.of("06-train-vae-beta-test-elbo.png", "06-train-vae-beta-reconstruction.png", "06-train-vae-beta-kl.png",
                "06-train-vae-beta-active-units.png"), files);
        for (String f : files) {
            BufferedImage img = ImageIO.read(out.resolve(f).toFile());
            assertEquals(RunsPage.PLOT_WIDTH, img.getWidth(), f);
            assertEquals(RunsPage.PLOT_HEIGHT, img.getHeight(), f);
        }
        try (var all = Files.list(out)) {
            assertEquals(4, all.count(), "the plots and nothing else (no temporary file)");
        }
        JsonArray columns = page.getAsJsonArray("columns");
        assertTrue(columns.toString().contains("{\"name\":\"log p(x) K=5000\",\"kind\":\"metric\",\"numeric\":true}"), columns.toString());
    }

    @Test
    void slugsMakeFileNames() {
        assertEquals("log-p-x-k-5000", RunsPage.slug("log p(x) K=5000"));
        assertEquals("06-train-vae-beta", RunsPage.slug("06-train-vae-beta"));
        assertEquals("x", RunsPage.slug("β"));
    }
}
