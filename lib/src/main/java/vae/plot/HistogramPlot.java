package vae.plot;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * One or more histograms overlaid on shared bins, drawn as translucent steps (e.g. the log-weights
 * of prior sampling against those of q):
 * <pre>
 *   HistogramPlot.create("log-weights", "log w", "density").bins(60)
 *           .values("prior", lwPrior).values("q(z|x)", lwQ).image();
 * </pre>
 * Bins span the range of all finite values; by default heights are densities (area 1 per series),
 * {@link #counts()} switches to counts. Non-finite values (e.g. -infinity log-weights) are left out
 * and their number shown in the legend.
 */
public final class HistogramPlot {
    private final String title, xLabel, yLabel;
    private int width = Charts.WIDTH, height = Charts.HEIGHT;
    private int bins = 50;
    private boolean density = true;
    private final List<String> names = new ArrayList<>();
    private final List<double[]> data = new ArrayList<>();

    private HistogramPlot(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** A new empty histogram plot. */
    public static HistogramPlot create(String title, String xLabel, String yLabel) {
        return new HistogramPlot(title, xLabel, yLabel);
    }

    /** One-line shortcut: one histogram of {@code values} with 50 bins, as density. */
    public static BufferedImage of(String title, String xLabel, double[] values) {
        return create(title, xLabel, "density").values("values", values).image();
    }

    /** Adds a named sample (copied). */
    public HistogramPlot values(String name, double[] values) {
        if (name == null || values == null) throw new IllegalArgumentException("name and values must not be null");
        if (names.contains(name)) throw new IllegalArgumentException("series '" + name + "' was already added");
        names.add(name);
        data.add(values.clone());
        return this;
    }

    /** Number of bins (default 50). */
    public HistogramPlot bins(int bins) {
        if (bins < 1 || bins > 10000) throw new IllegalArgumentException("bins must be 1..10000, got " + bins);
        this.bins = bins;
        return this;
    }

    /** Heights are counts instead of densities. */
    public HistogramPlot counts() {
        this.density = false;
        return this;
    }

    /** Image size in pixels (default 800 x 500). */
    public HistogramPlot size(int width, int height) {
        Charts.size(width, height);
        this.width = width;
        this.height = height;
        return this;
    }

    /** The XChart chart. */
    public XYChart chart() {
        if (data.isEmpty()) throw new IllegalStateException("histogram '" + title + "' has no values");
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[] v : data) for (double a : v) if (Double.isFinite(a)) { lo = Math.min(lo, a); hi = Math.max(hi, a); }
        if (lo > hi) throw new IllegalArgumentException("histogram '" + title + "' has no finite values");
        if (lo == hi) { lo -= 0.5; hi += 0.5; }
        double w = (hi - lo) / bins;
        XYChart chart = Charts.xyChart(title, xLabel, yLabel, width, height);
        for (int s = 0; s < data.size(); s++) {
            double[] v = data.get(s);
            double[] c = new double[bins];
            int finite = 0;
            for (double a : v) {
                if (!Double.isFinite(a)) continue;
                int b = (int) Math.floor((a - lo) / w);
                c[Math.min(Math.max(b, 0), bins - 1)]++;
                finite++;
            }
            // Step outline: x = bin edges, each height held across its bin, closed to 0 at both ends.
            double[] x = new double[2 * bins + 2], y = new double[2 * bins + 2];
            x[0] = lo;
            y[0] = 0;
            for (int b = 0; b < bins; b++) {
                double h = density ? (finite == 0 ? 0 : c[b] / (finite * w)) : c[b];
                x[1 + 2 * b] = lo + b * w;
                y[1 + 2 * b] = h;
                x[2 + 2 * b] = lo + (b + 1) * w;
                y[2 + 2 * b] = h;
            }
            x[2 * bins + 1] = hi;
            y[2 * bins + 1] = 0;
            String label = names.get(s) + (finite < v.length ? " (" + (v.length - finite) + " non-finite left out)" : "");
            XYSeries series = chart.addSeries(label, x, y);
            Color col = Charts.PALETTE[s % Charts.PALETTE.length];
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
            series.setMarker(SeriesMarkers.NONE);
            series.setFillColor(new Color(col.getRed(), col.getGreen(), col.getBlue(), 90));
            series.setLineColor(col);
            series.setLineWidth(1.5f);
        }
        return chart;
    }

    /** Renders the chart. */
    public BufferedImage image() {
        return Charts.render(chart());
    }

    @Override
    public String toString() {
        return "HistogramPlot(title=" + title + ", series=" + names + ", bins=" + bins + ", density=" + density
                + ", size=" + width + "x" + height + ")";
    }
}
