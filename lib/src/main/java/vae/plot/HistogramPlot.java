package vae.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.Histogram;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * One or more histograms overlaid on shared bins, drawn as translucent steps (e.g. the log-weights
 * of prior sampling against those of q), with optional vertical reference lines:
 * <pre>
 *   HistogramPlot.create("log-weights", "log w", "density").bins(60)
 *           .values("prior", lwPrior).values("q(z|x)", lwQ).verticalLine("log p(x)", logPx).image();
 * </pre>
 * Bins span the range of all finite values and are counted by XChart's {@link Histogram}; by
 * default heights are densities (area 1 per series), {@link #counts()} switches to counts. The
 * height axis starts at 0. Non-finite values (e.g. -infinity log-weights) are left out and their
 * number shown in the legend. Ticks, legend and title follow {@link XYPlot}'s rules (the ticks
 * are round numbers, not bin edges).
 */
public final class HistogramPlot extends XYPlot<HistogramPlot> {
    private int bins = 50;
    private boolean density = true;
    private final List<double[]> samples = new ArrayList<>();
    private final List<String> lineNames = new ArrayList<>();
    private final List<Double> lineAt = new ArrayList<>();
    private List<double[][]> outlines;

    private HistogramPlot(String title, String xLabel, String yLabel) {
        super(title, xLabel, yLabel);
        yFromZero = true;
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
        if (name == null) throw new IllegalArgumentException("histogram: the name must not be null");
        if (values == null) throw new IllegalArgumentException("histogram '" + name + "': the values must not be null");
        name(name);
        samples.add(values.clone());
        return this;
    }

    /** A dashed vertical line at x, the height of the plot (a reference value: log p(x), the mean). */
    public HistogramPlot verticalLine(String name, double x) {
        if (!Double.isFinite(x)) throw new IllegalArgumentException("vertical line '" + name + "' at " + x + ": must be finite");
        name(name);
        lineNames.add(name);
        lineAt.add(x);
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

    /** The step outlines (bin edges, heights closed to 0 at both ends) of every sample, and the reference lines. */
    @Override
    List<double[][]> data() {
        if (samples.isEmpty()) throw new IllegalStateException("histogram '" + title + "' has no values");
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[] v : samples) for (double a : v) if (Double.isFinite(a)) { lo = Math.min(lo, a); hi = Math.max(hi, a); }
        if (lo > hi) throw new IllegalArgumentException("histogram '" + title + "' has no finite values");
        if (lo == hi) { lo -= 0.5; hi += 0.5; }
        double w = (hi - lo) / bins;
        List<double[][]> out = new ArrayList<>();
        double top = 0;
        for (double[] v : samples) {
            List<Double> finite = new ArrayList<>();
            for (double a : v) if (Double.isFinite(a)) finite.add(a);
            // XChart bins [lo, hi] into equal bins; its last bin includes hi
            List<Double> counts = finite.isEmpty() ? new ArrayList<>(java.util.Collections.nCopies(bins, 0.0))
                    : new Histogram(finite, bins, lo, hi).getyAxisData();
            double[] x = new double[2 * bins + 2], y = new double[2 * bins + 2];
            x[0] = lo;
            for (int b = 0; b < bins; b++) {
                double h = density ? (finite.isEmpty() ? 0 : counts.get(b) / (finite.size() * w)) : counts.get(b);
                x[1 + 2 * b] = lo + b * w;
                x[2 + 2 * b] = lo + (b + 1) * w;
                y[1 + 2 * b] = y[2 + 2 * b] = h;
                top = Math.max(top, h);
            }
            x[2 * bins + 1] = hi;
            out.add(new double[][] {x, y});
        }
        for (double at : lineAt) out.add(new double[][] {{at, at}, {0, top}});
        outlines = out;
        return out;
    }

    @Override
    void addSeries(XYChart chart) {
        List<double[][]> d = outlines;
        for (int s = 0; s < samples.size(); s++) {
            double[] v = samples.get(s);
            int finite = 0;
            for (double a : v) if (Double.isFinite(a)) finite++;
            String label = names.get(s) + (finite < v.length ? " (" + (v.length - finite) + " non-finite left out)" : "");
            XYSeries series = chart.addSeries(label, d.get(s)[0], d.get(s)[1]);
            Color col = colour(s);
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
            series.setMarker(SeriesMarkers.NONE);
            series.setFillColor(new Color(col.getRed(), col.getGreen(), col.getBlue(), 70));
            series.setLineColor(col);
            series.setLineWidth(1.5f);
            if (finite < v.length) legendAsked = true;  // the legend says how many were left out
        }
        for (int i = 0; i < lineAt.size(); i++) {
            double[][] line = d.get(samples.size() + i);
            XYSeries s = chart.addSeries(lineNames.get(i), line[0], line[1]);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(i == 0 ? Color.BLACK : colour(samples.size() + i));
            s.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f));
        }
    }

    @Override
    public XYChart chart() {
        XYChart chart = super.chart();
        // one histogram with a non-finite count, or lines beside it: the legend is needed even for one sample
        chart.getStyler().setLegendVisible(legendAsked || names.size() > 1);
        return chart;
    }

    @Override
    public String toString() {
        return "HistogramPlot(title=" + title + ", series=" + names + ", bins=" + bins + ", density=" + density
                + ", size=" + width + "x" + height + ")";
    }
}
