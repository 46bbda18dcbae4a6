package vae.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;
import vae.prob.Rng;

/**
 * The figures a reader can read: for the kinds of data the notebooks plot (steps 0..300, epochs,
 * dimensions 1..20, histograms of small and large values, curves through every corner), the tick
 * labels drawn do not collide and are round numbers, every series has visible pixels, and the
 * legend covers no data. Each checker is first shown to fail on the chart XChart draws without
 * these rules (the old behaviour), so that a pass means something.
 */
class ReadabilityTest {
    /** Set -Dvae.plot.out=/some/folder to look at the charts the test draws. */
    private static void save(String name, BufferedImage img) {
        String dir = System.getProperty("vae.plot.out");
        if (dir == null) return;
        try {
            ImageIO.write(img, "png", new File(dir, name + ".png"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static double[] range(double from, double to, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = from + (to - from) * i / (n - 1);
        return v;
    }

    /** Renders with the library's rules and returns every readability problem. */
    static List<String> problems(String name, XYPlot<?> plot) {
        XYChart chart = plot.chart();
        BufferedImage img = Charts.render(chart);
        save(name, img);
        List<String> out = new ArrayList<>();
        for (boolean x : new boolean[] {true, false}) {
            out.addAll(ChartReadability.collisions(chart, x));
            // a tick counts where it is drawn: on the axis, not thousands of pixels off it
            double length = x ? chart.getWidth() : chart.getHeight();
            long labelled = ChartReadability.ticks(chart, x).stream()
                    .filter(t -> t.label() != null && !t.label().isEmpty() && t.at() >= 0 && t.at() <= length).count();
            if (labelled < 2) out.add((x ? "x" : "y") + " axis has " + labelled + " labelled ticks");
            if (!(x ? chart.getStyler().isXAxisLogarithmic() : chart.getStyler().isYAxisLogarithmic()))
                out.addAll(ChartReadability.unroundLabels(chart, x));
        }
        for (XYSeries s : chart.getSeriesCollection()) {
            if (s.getName().equals(Charts.ANCHOR)) continue;
            int px = ChartReadability.pixelsOf(chart, img, s.getXYSeriesRenderStyle().orElse(null) == XYSeries.XYSeriesRenderStyle.Scatter
                    ? s.getMarkerColor() : s.getLineColor());
            if (px < 5) out.add("series '" + s.getName() + "' has " + px + " visible pixels");
        }
        int covered = ChartReadability.dataPixelsUnderLegend(chart);
        if (covered > 0) out.add("the legend covers " + covered + " data pixels");
        return out;
    }

    @Test
    void theCheckersCatchTheOldCharts() {
        // P1: 301 steps on the x axis; XChart alone puts ticks at data points, 11 apart: "121132143..."
        XYChart steps = Charts.xyChart("old: ELBO per step", "step", "nats", 800, 420);
        steps.addSeries("ELBO", range(0, 300, 301), range(-6, 4, 301));
        BitmapEncoder.getBufferedImage(steps);
        assertFalse(ChartReadability.collisions(steps, true).isEmpty() && ChartReadability.unroundLabels(steps, true).isEmpty(),
                "the old step axis should show colliding or unround ticks: " + ChartReadability.ticks(steps, true));
        // P7: a histogram's bin edges as ticks ("-0.497, -0.3115, ...") and ".05" without a leading zero
        XYChart bins = Charts.xyChart("old: histogram", "value", "density", 800, 400);
        bins.addSeries("h", range(-0.497, 0.6167, 31), range(0.05, 0.06, 31));
        BitmapEncoder.getBufferedImage(bins);
        List<String> bad = new ArrayList<>(ChartReadability.unroundLabels(bins, true));
        bad.addAll(ChartReadability.unroundLabels(bins, false));
        assertFalse(bad.isEmpty(), "bin-edge ticks should be caught: " + ChartReadability.ticks(bins, true)
                + ChartReadability.ticks(bins, false));
        // P4/P5: the legend inside, top right, over a line that runs into that corner
        XYChart corner = Charts.xyChart("old: legend over data", "x", "y", 560, 420);
        corner.addSeries("a line into the corner", range(0, 3, 50), range(0, 3, 50));
        corner.addSeries("another", range(0, 3, 50), range(0, 2.9, 50));
        BitmapEncoder.getBufferedImage(corner);
        assertTrue(ChartReadability.dataPixelsUnderLegend(corner) > 0, "the legend should be found over the data");
        // a series that disappears (outside the fixed range) is caught
        List<String> lost = problems("lost", LinePlot.create("a lost series", "x", "y").series("seen", range(0, 1, 10), range(0, 1, 10))
                .series("lost", range(0, 1, 10), range(5, 6, 10)).yRange(0, 1));
        assertTrue(lost.stream().anyMatch(p -> p.contains("'lost' has 0 visible pixels")), lost.toString());
    }

    @Test
    void linePlotsAreReadable() {
        List<String> all = new ArrayList<>();
        all.addAll(problems("steps", LinePlot.create("Gradient ascent on the ELBO", "step", "nats")
                .series("ELBO", range(0, 300, 301), range(-6, -1.9, 301)).series("KL", range(0, 300, 301), range(4, 0.01, 301))
                .horizontalLine("log p(x)", -1.9).yRange(-6, 4).size(800, 420)));
        all.addAll(problems("epochs2", LinePlot.create("ELBO per epoch", "epoch", "nats").markers()
                .series("train", new double[] {1, 2}, new double[] {-165.6, -119.9})
                .series("test", new double[] {1, 2}, new double[] {-126.2, -114.2}).size(520, 380)));
        double[] dims = range(1, 20, 20), kl = new double[20];
        for (int j = 0; j < 20; j++) kl[j] = 0.5 + Math.abs(Math.sin(j));
        all.addAll(problems("dims", LinePlot.create("KL per latent dimension", "dimension j", "KL_j (nats)")
                .series("KL_j", dims, kl).markers().yFromZero().size(620, 400)));
        all.addAll(problems("small", LinePlot.create("small values", "x", "y")
                .series("s", range(0, 0.03, 40), range(0.0485, 0.12, 40)).size(560, 420)));
        // curves through every corner: no free corner, so the legend must go outside
        all.addAll(problems("corners", LinePlot.create("curves through every corner", "x", "y")
                .series("rising", range(0, 1, 50), range(0, 1, 50)).series("falling", range(0, 1, 50), range(1, 0, 50))
                .legend(LegendPosition.InsideS).size(560, 420)));
        all.addAll(problems("loglog", LinePlot.create("log-log", "N", "relative error")
                .series("measured", new double[] {10, 100, 1000, 10000}, new double[] {0.5, 0.17, 0.05, 0.017}).logLog().markers()));
        // a log axis within one decade (batch losses from 550 down to 105): XChart alone labels no tick
        double[] loss = range(550, 105, 90);
        XYChart oneDecade = Charts.xyChart("old: one decade on a log axis", "epoch", "nats", 800, 360);
        oneDecade.getStyler().setYAxisLogarithmic(true);
        oneDecade.addSeries("loss", range(0.1, 2, 90), loss);
        BitmapEncoder.getBufferedImage(oneDecade);
        assertTrue(ChartReadability.ticks(oneDecade, false).stream().filter(t -> t.label() != null && !t.label().isEmpty()).count() < 2,
                "XChart was expected to leave a one-decade log axis unlabelled: " + ChartReadability.ticks(oneDecade, false));
        all.addAll(problems("one-decade", LinePlot.create("one decade on a log axis", "epoch", "nats").series("loss", range(0.1, 2, 90), loss)
                .logY().size(800, 360)));
        assertEquals(List.of(), all);
    }

    @Test
    void histogramsAndScattersAreReadable() {
        Rng rng = new Rng(3);
        double[] a = rng.gaussians(2000), b = rng.gaussians(2000);
        for (int i = 0; i < a.length; i++) { a[i] = 0.18 * a[i]; b[i] = 2.19 + Math.abs(3 * b[i]); }
        List<String> all = new ArrayList<>();
        all.addAll(problems("hist-small", HistogramPlot.create("errors", "log p-hat - log p(x)", "density").bins(50)
                .values("q", a).values("prior", rng.gaussians(500)).verticalLine("0 = exact", 0)));
        all.addAll(problems("hist-counts", HistogramPlot.create("gap per image", "nats", "number of images")
                .values("gap", java.util.Arrays.copyOf(b, 100)).bins(30).counts().size(800, 400)));
        double[] r = {31.5, 13.8, 3.9, 0.12}, d = {133.3, 145.0, 168.6, 199.4};
        ScatterPlot rd = ScatterPlot.create("rate-distortion", "rate R (nats)", "distortion D (nats)").markerSize(12).xFromZero();
        for (int i = 0; i < r.length; i++) rd.points("beta = " + i, new double[] {r[i]}, new double[] {d[i]});
        all.addAll(problems("rd", rd.line("D + R = 160", new double[] {0, 30}, new double[] {160, 130})));
        all.addAll(problems("codes", ScatterPlot.create("codes", "z1", "z2").labelled(a, java.util.Arrays.copyOf(b, 2000), new int[2000])));
        assertEquals(List.of(), all);
    }

    @Test
    void tickLabelsAreRoundWithALeadingZero() {
        assertEquals("0.05", TickLabels.label(0.05000000000000001, 0.1));
        assertEquals("-0.3", TickLabels.label(-0.30000000000000004, 1));
        assertEquals("0", TickLabels.label(1e-17, 1));
        assertEquals("120", TickLabels.label(120, 300));
        assertEquals("1e6", TickLabels.label(1e6, 1e6));
        assertEquals("2.5e-5", TickLabels.label(2.5e-5, 1e-4));
        assertEquals("", TickLabels.integerLabel(1.5));
        assertEquals("2", TickLabels.integerLabel(2.0000000000001));
    }

    @Test
    void titlesFitAndAxesFromZeroRefuseNegatives() {
        String longTitle = "Training data: Nonlinear1DModel(f(z) = 2.0 (sin z, cos z), dataDim=2, noise=0.1, prior N(0, 1), n=2000)";
        XYChart c = LinePlot.create(longTitle, "x1", "x2").series("s", range(0, 1, 5), range(0, 1, 5)).size(640, 600).chart();
        Charts.render(c);
        var g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        int w = g.getFontMetrics(c.getStyler().getChartTitleFont()).stringWidth(c.getTitle());
        g.dispose();
        assertTrue(w <= 640 - 20, "title " + w + " px wide in a 640 px chart: '" + c.getTitle() + "'");
        assertTrue(c.getTitle().startsWith("Training data:") && c.getTitle().endsWith("..."), c.getTitle());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LinePlot.create("t", "x", "y").series("s", range(0, 1, 3), new double[] {1, -2, 3}).yFromZero().image());
        assertTrue(e.getMessage().contains("the smallest y is -2.0"), e.getMessage());
    }

    @Test
    void imageGridsCarryAxesAndWrapLongTitles() {
        float[][] ims = new float[15 * 15][28 * 28];
        for (int k = 0; k < ims.length; k++) for (int i = 0; i < 28 * 28; i++) ims[k][i] = (i + k) % 28 / 27f;
        double[] z = range(-1.83, 1.83, 15), zDown = range(1.83, -1.83, 15);
        BufferedImage plain = ImageGrid.of(ims, 28, 28).columns(15).scale(2).gap(1).image();
        BufferedImage axes = ImageGrid.of(ims, 28, 28).columns(15).scale(2).gap(1).axes("z1", z, "z2", zDown).image();
        save("manifold-axes", axes);
        assertTrue(axes.getWidth() > plain.getWidth() + 40 && axes.getHeight() > plain.getHeight() + 30,
                "axes need room: " + plain.getWidth() + "x" + plain.getHeight() + " -> " + axes.getWidth() + "x" + axes.getHeight());
        // the strip under the grid holds the tick labels: ink there, none in the plain grid's strip
        int inked = 0;
        for (int y = axes.getHeight() - 30; y < axes.getHeight(); y++)
            for (int x = 0; x < axes.getWidth(); x++) if ((axes.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) inked++;
        assertTrue(inked > 100, "no tick labels under the grid (" + inked + " inked pixels)");
        // "-1.83" is about 35 px: at a pitch of 57 px every column is labelled, at 30 px every other one
        assertEquals(1, ImageGrid.labelEvery(35, 57));
        assertEquals(2, ImageGrid.labelEvery(35, 30));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageGrid.of(ims, 28, 28).columns(15).axes("z1", new double[3], "z2", zDown).image());
        assertTrue(e.getMessage().contains("expected 15 column values and 15 row values, got 3 and 15"), e.getMessage());
        String longTitle = "decoded z on a 15 x 15 grid of N(0, 1) quantiles, from -1.83 to 1.83, quick mode";
        BufferedImage two = ImageGrid.of(java.util.Arrays.copyOf(ims, 2), 28, 28).title(longTitle).image();
        var g = two.createGraphics();
        for (String line : ImageGrid.wrap(longTitle, g.getFontMetrics(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 18)), two.getWidth() - 8))
            assertTrue(g.getFontMetrics(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 18)).stringWidth(line) <= two.getWidth(),
                    "title line wider than the image: " + line);
        g.dispose();
        assertEquals(2 * 88 + 4, two.getWidth(), "a long title wraps instead of widening or clipping");
    }

    @Test
    void scatterTextsAndPaddedRangesStayReadable() {
        Rng rng = new Rng(5);
        double[] x = rng.gaussians(400), y = rng.gaussians(400);
        int[] labels = new int[400];
        for (int i = 0; i < 400; i++) labels[i] = i % 10;
        ScatterPlot p = ScatterPlot.create("codes with labels", "z1", "z2").labelled(x, y, labels).text("7", 0.5, 0.5).size(700, 600);
        List<String> found = problems("scatter-text", p);
        assertEquals(List.of(), found);
    }
}
