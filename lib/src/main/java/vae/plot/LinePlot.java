package vae.plot;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A line chart of named (x, y) series, rendered by XChart to a {@link BufferedImage}.
 * <pre>
 *   BufferedImage img = LinePlot.create("ELBO during training", "step", "nats")
 *           .series("ELBO", steps, elbo).series("log p(x)", steps, logPx).image();
 * </pre>
 * Default size 800 x 500; {@link #logX()} / {@link #logY()} for log axes (values must be positive).
 * Series data are copied when added. Call {@link #image()} any number of times.
 */
public final class LinePlot {
    private final String title, xLabel, yLabel;
    private int width = Charts.WIDTH, height = Charts.HEIGHT;
    private boolean logX, logY, markers;
    private Double yMin, yMax;
    private final List<double[][]> data = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final Set<String> dashed = new LinkedHashSet<>();
    private final Set<String> pointsOnly = new LinkedHashSet<>();
    private Styler.LegendPosition legend = Styler.LegendPosition.InsideNE;

    private LinePlot(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** A new empty plot with a title and axis labels. */
    public static LinePlot create(String title, String xLabel, String yLabel) {
        return new LinePlot(title, xLabel, yLabel);
    }

    /** One-line shortcut: a single series as an 800 x 500 image. */
    public static BufferedImage of(String title, String xLabel, String yLabel, String name, double[] x, double[] y) {
        return create(title, xLabel, yLabel).series(name, x, y).image();
    }

    /** Adds a named series (copied); x and y must have equal length. */
    public LinePlot series(String name, double[] x, double[] y) {
        Charts.series(name, x, y);
        if (names.contains(name)) throw new IllegalArgumentException("series '" + name + "' was already added");
        names.add(name);
        data.add(new double[][] {x.clone(), y.clone()});
        return this;
    }

    /** Adds a named series drawn dashed (e.g. a reference value such as log p(x)). */
    public LinePlot dashedSeries(String name, double[] x, double[] y) {
        series(name, x, y);
        dashed.add(name);
        return this;
    }

    /** Adds a named series drawn as large markers without a line (points of interest). */
    public LinePlot points(String name, double[] x, double[] y) {
        series(name, x, y);
        pointsOnly.add(name);
        return this;
    }

    /** Where the legend goes (default inside, top right). */
    public LinePlot legend(Styler.LegendPosition position) {
        if (position == null) throw new IllegalArgumentException("legend position must not be null");
        this.legend = position;
        return this;
    }

    /** A horizontal reference line at y over the x range of the series added so far. */
    public LinePlot horizontalLine(String name, double y) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[][] s : data) for (double v : s[0]) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        if (lo > hi) throw new IllegalArgumentException("add a series before a horizontal line");
        return dashedSeries(name, new double[] {lo, hi}, new double[] {y, y});
    }

    /** Image size in pixels (default 800 x 500). */
    public LinePlot size(int width, int height) {
        Charts.size(width, height);
        this.width = width;
        this.height = height;
        return this;
    }

    /** Logarithmic x axis. */
    public LinePlot logX() {
        this.logX = true;
        return this;
    }

    /** Logarithmic y axis. */
    public LinePlot logY() {
        this.logY = true;
        return this;
    }

    /** Both axes logarithmic. */
    public LinePlot logLog() {
        return logX().logY();
    }

    /** Draw a marker at every point. */
    public LinePlot markers() {
        this.markers = true;
        return this;
    }

    /** Fixes the y range. */
    public LinePlot yRange(double min, double max) {
        if (!(min < max)) throw new IllegalArgumentException("need min < max, got " + min + ", " + max);
        this.yMin = min;
        this.yMax = max;
        return this;
    }

    /** The XChart chart, for further styling. */
    public XYChart chart() {
        if (data.isEmpty()) throw new IllegalStateException("plot '" + title + "' has no series");
        XYChart chart = Charts.xyChart(title, xLabel, yLabel, width, height);
        chart.getStyler().setXAxisLogarithmic(logX).setYAxisLogarithmic(logY);
        if (yMin != null) chart.getStyler().setYAxisMin(yMin).setYAxisMax(yMax);
        chart.getStyler().setMarkerSize(markers ? 5 : 10);
        chart.getStyler().setLegendPosition(legend);
        for (int i = 0; i < data.size(); i++) {
            String name = names.get(i);
            double[] x = data.get(i)[0], y = data.get(i)[1];
            if (logX) positive(name, "x", x);
            if (logY) positive(name, "y", y);
            XYSeries s = chart.addSeries(name, x, y);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            if (pointsOnly.contains(name)) {
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                s.setMarker(SeriesMarkers.CIRCLE);
                continue;
            }
            s.setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            s.setLineWidth(2.0f);
            if (dashed.contains(name))
                s.setLineStyle(new java.awt.BasicStroke(2.0f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER,
                        10f, new float[] {8f, 6f}, 0f));
        }
        return chart;
    }

    /** Renders the chart. */
    public BufferedImage image() {
        return Charts.render(chart());
    }

    private static void positive(String name, String axis, double[] v) {
        for (int i = 0; i < v.length; i++)
            if (!(v[i] > 0))
                throw new IllegalArgumentException("series '" + name + "': a log " + axis + " axis needs positive values, but "
                        + axis + "[" + i + "] = " + v[i]);
    }

    @Override
    public String toString() {
        return "LinePlot(title=" + title + ", series=" + names + ", size=" + width + "x" + height + ", logX=" + logX + ", logY=" + logY + ")";
    }
}
