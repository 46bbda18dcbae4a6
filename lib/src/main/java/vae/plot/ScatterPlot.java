package vae.plot;

import java.awt.BasicStroke;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A scatter plot, optionally coloured by an integer label with one legend entry per label (latent
 * codes coloured by digit), optionally with lines through given points (a path, a contour):
 * <pre>
 *   ScatterPlot.create("latent codes", "z1", "z2").labelled(z1, z2, digits).image();
 * </pre>
 * Default size 800 x 500; data copied when added. Ticks, legend and title follow {@link XYPlot}'s
 * rules; with more than 4 groups the legend goes outside on the right.
 */
public final class ScatterPlot extends XYPlot<ScatterPlot> {
    private int markerSize = 5;
    private final List<double[][]> data = new ArrayList<>();
    private final List<Boolean> isLine = new ArrayList<>();
    private final List<Object[]> texts = new ArrayList<>();

    private ScatterPlot(String title, String xLabel, String yLabel) {
        super(title, xLabel, yLabel);
    }

    /** A new empty scatter plot. */
    public static ScatterPlot create(String title, String xLabel, String yLabel) {
        return new ScatterPlot(title, xLabel, yLabel);
    }

    /** Adds a named set of points (copied). */
    public ScatterPlot points(String name, double[] x, double[] y) {
        return add(name, x, y, false);
    }

    /** Adds a named line through the given points in order (copied), thin and dashed, without markers: a path or a contour. */
    public ScatterPlot line(String name, double[] x, double[] y) {
        return add(name, x, y, true);
    }

    private ScatterPlot add(String name, double[] x, double[] y, boolean line) {
        Charts.series(name, x, y);
        name(name);
        data.add(new double[][] {x.clone(), y.clone()});
        isLine.add(line);
        return this;
    }

    /** Adds the points grouped by label: one series (and legend entry, named by the label's number) per distinct label, in increasing order. */
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

    /** A text centred at (x, y) in data coordinates, e.g. a digit at the centre of its cluster. */
    public ScatterPlot text(String text, double x, double y) {
        if (text == null || !Double.isFinite(x) || !Double.isFinite(y))
            throw new IllegalArgumentException("text '" + text + "' at (" + x + ", " + y + "): need a text and a finite position");
        texts.add(new Object[] {text, x, y});
        return this;
    }

    /** Marker diameter in pixels (default 5). */
    public ScatterPlot markerSize(int pixels) {
        if (pixels < 1 || pixels > 50) throw new IllegalArgumentException("marker size must be 1..50 pixels, got " + pixels);
        this.markerSize = pixels;
        return this;
    }

    @Override
    List<double[][]> data() {
        return data;
    }

    @Override
    void addSeries(XYChart chart) {
        chart.getStyler().setMarkerSize(markerSize);
        long groups = isLine.stream().filter(l -> !l).count();
        if (groups > 4 && !legendAsked) legend = Styler.LegendPosition.OutsideE;
        int colour = 0;
        for (int i = 0; i < data.size(); i++) {
            XYSeries s = chart.addSeries(names.get(i), data.get(i)[0], data.get(i)[1]);
            if (isLine.get(i)) {
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                s.setMarker(SeriesMarkers.NONE);
                s.setLineColor(java.awt.Color.DARK_GRAY);
                s.setLineStyle(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f));
            } else {
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                s.setMarker(SeriesMarkers.CIRCLE);
                s.setMarkerColor(colour(colour++));
            }
        }
        if (!texts.isEmpty()) chart.getStyler().setAnnotationTextFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 20));
        for (Object[] t : texts) chart.addAnnotation(new AnnotationText((String) t[0], (Double) t[1], (Double) t[2], false));
    }
}
