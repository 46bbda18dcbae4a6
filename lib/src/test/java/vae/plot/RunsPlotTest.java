package vae.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import vae.run.RunFixtures;
import vae.run.RunRecord;
import vae.run.RunRecords;
import vae.run.RunsPage;
import vae.run.Sweeps;

/**
 * The runs page's plots (a metric against the swept parameter) are readable by
 * {@link ReadabilityTest}'s measure: tick labels that do not collide and are round, every
 * series visible, no legend over the data; with a title, both axis labels, and a legend only
 * where there is more than one series (runs repeated at a value: their mean and each run).
 */
class RunsPlotTest {
    private static void readable(String name, LinePlot plot) {
        List<String> problems = ReadabilityTest.problems(name, plot);
        assertTrue(problems.isEmpty(), name + ": " + problems);
    }

    @Test
    void theFixturesBetaSweepPlotsAreReadable() {
        Sweeps.Sweep beta = Sweeps.in(RunRecords.in(RunFixtures.copy()).records()).get(0);
        for (RunRecord.MetricKey metric : beta.metrics()) {
            LinePlot plot = RunsPage.plot(beta, metric);
            XYChart chart = plot.chart();
            assertEquals(metric.label(), chart.getTitle());
            assertEquals("beta", chart.getXAxisTitle());
            assertEquals(metric.name().equals("active units") ? "active units" : "nats", chart.getYAxisTitle(),
                    "the unit, or the metric's name where it has none");
            assertTrue(!chart.getStyler().isLegendVisible(), "one series: the title says what it is");
            assertTrue(!chart.getStyler().isXAxisLogarithmic(), "0.5 to 2: a linear axis");
            readable("runs-beta-" + metric.label(), plot);
        }
    }

    @Test
    void repeatsAndAWideRangeAreReadableToo(@TempDir Path dir) throws Exception {
        List<RunRecord> runs = new ArrayList<>();
        double[] elbo = {-130.5, -112.25, -104.75, -101.5, -100.25, -101.75};   // made up; the last a repeat of latentDim 20
        int[] latent = {2, 5, 10, 20, 50, 20};
        for (int i = 0; i < latent.length; i++) {
            RunRecord r = RunFixtures.run(dir, "z" + latent[i] + "-" + i, "06-train-vae", "ok", Map.of("latentDim", latent[i]));
            runs.add(RunFixtures.withMetric(dir, r, "test ELBO", elbo[i]));
        }
        Sweeps.Sweep sweep = Sweeps.in(runs).get(0);
        assertEquals(6, sweep.runs().size());
        LinePlot plot = RunsPage.plot(sweep, new RunRecord.MetricKey("test ELBO", null));
        XYChart chart = plot.chart();
        assertTrue(chart.getStyler().isXAxisLogarithmic(), "2 to 50: a log axis");
        assertTrue(chart.getStyler().isLegendVisible(), "the mean and the runs: two series, a legend");
        readable("runs-latent-repeats", plot);
    }

    @Test
    void repeatsNearTheTopRightCornerAreNotHiddenByTheLegend(@TempDir Path dir) throws Exception {
        // the shape of the params branch's 06 runs' training seconds: one run at beta 1, two far apart at
        // beta 2, the higher one in the corner an inside legend takes (there it hid the point)
        double[] beta = {1, 2, 2}, seconds = {12.75, 8.25, 15.5};
        List<RunRecord> runs = new ArrayList<>();
        for (int i = 0; i < beta.length; i++) {
            RunRecord r = RunFixtures.run(dir, "r" + i, "06-train-vae", "ok", Map.of("beta", beta[i]));
            runs.add(RunFixtures.withMetric(dir, r, "training seconds", seconds[i], "s"));
        }
        readable("runs-corner", RunsPage.plot(Sweeps.in(runs).get(0), new RunRecord.MetricKey("training seconds", null)));
    }

    @Test
    void aMetricTheParameterDoesNotMoveIsReadable(@TempDir Path dir) throws Exception {
        // the same value at every beta, as a metric beta does not touch: made up, and as 03's records
        // have them (an sd equal to rounding noise, an ESS of exactly 1000, an sd of 0)
        double[][] cases = {{-104.25, -104.25, -104.25}, {0.0891621779248686, 0.08916217792486861, 0.0891621779248686},
            {1000, 1000, 1000}, {0, 0, 0}};
        for (int c = 0; c < cases.length; c++) {
            List<RunRecord> runs = new ArrayList<>();
            double[] beta = {0.5, 1, 2};
            for (int i = 0; i < beta.length; i++) {
                RunRecord r = RunFixtures.run(dir, "c" + c + "-b" + beta[i], "06-train-vae", "ok", Map.of("beta", beta[i]));
                runs.add(RunFixtures.withMetric(dir, r, "test ELBO", cases[c][i]));
            }
            readable("runs-constant-" + c, RunsPage.plot(Sweeps.in(runs).get(0), new RunRecord.MetricKey("test ELBO", null)));
        }
    }
}
