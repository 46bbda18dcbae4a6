package vae.plot;

import java.awt.BasicStroke;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A line chart of named (x, y) series, rendered by XChart to a {@link BufferedImage}.
 * <pre>
 *   BufferedImage img = LinePlot.create("ELBO during training", "step", "nats")
 *           .series("ELBO", steps, elbo).series("log p(x)", steps, logPx).image();
 * </pre>
 * Default size 800 x 500; {@link #logX()} / {@link #logY()} for log axes (values must be positive).
 * Ticks, legend and title follow {@link XYPlot}'s rules. Series data are copied when added. Call
 * {@link #image()} any number of times.
 */
public final class LinePlot extends XYPlot<LinePlot> {
    private boolean logX, logY, markers;
    private final List<double[][]> data = new ArrayList<>();
    private final Set<String> dashed = new LinkedHashSet<>();
    private final Set<String> pointsOnly = new LinkedHashSet<>();
    private final List<Integer> colours = new ArrayList<>();

    private LinePlot(String title, String xLabel, String yLabel) {
        super(title, xLabel, yLabel);
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
        return series(name, x, y, names.size());
    }

    /**
     * Adds a named series in the colour of an earlier one ({@code sameColourAs} names it): e.g. a
     * run's KL dashed in the colour of the same run's ELBO.
     */
    public LinePlot series(String name, double[] x, double[] y, String sameColourAs) {
        int at = names.indexOf(sameColourAs);
        if (at < 0) throw new IllegalArgumentException("no series '" + sameColourAs + "' to take the colour of; have " + names);
        return series(name, x, y, colours.get(at));
    }

    private LinePlot series(String name, double[] x, double[] y, int colour) {
        Charts.series(name, x, y);
        name(name);
        data.add(new double[][] {x.clone(), y.clone()});
        colours.add(colour);
        return this;
    }

    /** Adds a named series drawn dashed (e.g. a reference value such as log p(x)). */
    public LinePlot dashedSeries(String name, double[] x, double[] y) {
        series(name, x, y);
        dashed.add(name);
        return this;
    }

    /** Adds a named series drawn dashed, in the colour of the earlier series {@code sameColourAs}. */
    public LinePlot dashedSeries(String name, double[] x, double[] y, String sameColourAs) {
        series(name, x, y, sameColourAs);
        dashed.add(name);
        return this;
    }

    /** Adds a named series drawn as large markers without a line (points of interest). */
    public LinePlot points(String name, double[] x, double[] y) {
        series(name, x, y);
        pointsOnly.add(name);
        return this;
    }

    /** A horizontal reference line at y over the x range of the series added so far. */
    public LinePlot horizontalLine(String name, double y) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[][] s : data) for (double v : s[0]) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        if (lo > hi) throw new IllegalArgumentException("add a series before a horizontal line");
        return dashedSeries(name, new double[] {lo, hi}, new double[] {y, y});
    }

    /** A vertical reference line at x over the y range of the series added so far. */
    public LinePlot verticalLine(String name, double x) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[][] s : data) for (double v : s[1]) if (Double.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        if (lo > hi) throw new IllegalArgumentException("add a series before a vertical line");
        return dashedSeries(name, new double[] {x, x}, new double[] {lo, hi});
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

    @Override
    boolean isLogX() {
        return logX;
    }

    @Override
    boolean isLogY() {
        return logY;
    }

    @Override
    List<double[][]> data() {
        return data;
    }

    @Override
    void addSeries(XYChart chart) {
        chart.getStyler().setMarkerSize(markers ? 5 : 10);
        for (int i = 0; i < data.size(); i++) {
            String name = names.get(i);
            double[] x = data.get(i)[0], y = data.get(i)[1];
            if (logX) positive(name, "x", x);
            if (logY) positive(name, "y", y);
            XYSeries s = chart.addSeries(name, x, y);
            java.awt.Color c = colour(colours.get(i));
            s.setLineColor(c);
            s.setMarkerColor(c);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            if (pointsOnly.contains(name)) {
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                s.setMarker(SeriesMarkers.CIRCLE);
                continue;
            }
            // markers on a reference line would be stray dots (a line has no points of its own)
            s.setMarker(markers && !dashed.contains(name) ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            s.setLineWidth(2.0f);
            if (dashed.contains(name))
                s.setLineStyle(new BasicStroke(2.0f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f));
        }
    }

    private static void positive(String name, String axis, double[] v) {
        for (int i = 0; i < v.length; i++)
            if (!(v[i] > 0))
                throw new IllegalArgumentException("series '" + name + "': a log " + axis + " axis needs positive values, but "
                        + axis + "[" + i + "] = " + v[i]);
    }
}
