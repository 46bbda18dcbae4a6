package vae.plot;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A scatter plot, optionally coloured by an integer label with one legend entry per label (latent
 * codes coloured by digit):
 * <pre>
 *   ScatterPlot.create("latent codes", "z1", "z2").labelled(z1, z2, digits).image();
 * </pre>
 * Default size 800 x 500; data copied when added.
 */
public final class ScatterPlot {
    private final String title, xLabel, yLabel;
    private int width = Charts.WIDTH, height = Charts.HEIGHT;
    private int markerSize = 5;
    private final List<String> names = new ArrayList<>();
    private final List<double[][]> data = new ArrayList<>();

    private ScatterPlot(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** A new empty scatter plot. */
    public static ScatterPlot create(String title, String xLabel, String yLabel) {
        return new ScatterPlot(title, xLabel, yLabel);
    }

    /** Adds a named set of points (copied). */
    public ScatterPlot points(String name, double[] x, double[] y) {
        Charts.series(name, x, y);
        if (names.contains(name)) throw new IllegalArgumentException("series '" + name + "' was already added");
        names.add(name);
        data.add(new double[][] {x.clone(), y.clone()});
        return this;
    }

    /** Adds the points grouped by label: one series (and legend entry, "label k") per distinct label, in increasing order. */
    public ScatterPlot labelled(double[] x, double[] y, int[] labels) {
        return labelled(x, y, labels, null);
    }

    /** As {@link #labelled(double[], double[], int[])}, legend entries named {@code labelNames[k]} when given. */
    public ScatterPlot labelled(double[] x, double[] y, int[] labels, String[] labelNames) {
        Charts.series("labelled points", x, y);
        if (labels == null || labels.length != x.length)
            throw new IllegalArgumentException("labels: expected " + x.length + " values (one per point), got "
                    + (labels == null ? "null" : labels.length));
        TreeMap<Integer, List<Integer>> groups = new TreeMap<>();
        for (int i = 0; i < labels.length; i++) groups.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(i);
        for (var e : groups.entrySet()) {
            int k = e.getKey();
            List<Integer> idx = e.getValue();
            double[] gx = new double[idx.size()], gy = new double[idx.size()];
            for (int i = 0; i < gx.length; i++) {
                gx[i] = x[idx.get(i)];
                gy[i] = y[idx.get(i)];
            }
            String name = labelNames != null && k >= 0 && k < labelNames.length ? labelNames[k] : String.valueOf(k);
            points(name, gx, gy);
        }
        return this;
    }

    /** Marker diameter in pixels (default 5). */
    public ScatterPlot markerSize(int pixels) {
        if (pixels < 1 || pixels > 50) throw new IllegalArgumentException("marker size must be 1..50 pixels, got " + pixels);
        this.markerSize = pixels;
        return this;
    }

    /** Image size in pixels (default 800 x 500). */
    public ScatterPlot size(int width, int height) {
        Charts.size(width, height);
        this.width = width;
        this.height = height;
        return this;
    }

    /** The XChart chart, for further styling. */
    public XYChart chart() {
        if (data.isEmpty()) throw new IllegalStateException("plot '" + title + "' has no points");
        XYChart chart = Charts.xyChart(title, xLabel, yLabel, width, height);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(markerSize);
        if (data.size() > 4) chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        for (int i = 0; i < data.size(); i++) {
            XYSeries s = chart.addSeries(names.get(i), data.get(i)[0], data.get(i)[1]);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(Charts.PALETTE[i % Charts.PALETTE.length]);
        }
        return chart;
    }

    /** Renders the chart. */
    public BufferedImage image() {
        return Charts.render(chart());
    }

    @Override
    public String toString() {
        return "ScatterPlot(title=" + title + ", series=" + names + ", size=" + width + "x" + height + ")";
    }
}
