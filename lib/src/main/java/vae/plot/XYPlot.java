package vae.plot;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

/**
 * What every XY plot builder shares: title, axis labels, size, the legend's place, axis ranges,
 * named series (unique names), and the rendering that keeps the figure readable:
 * <ul>
 *   <li>tick labels are round numbers with a leading zero, at steps of 1, 2 or 5 x 10^n, and never
 *       collide; an axis whose values are all whole numbers (epochs, dimensions) is labelled at whole
 *       numbers only ({@link TickLabels});</li>
 *   <li>the legend never covers data: an inside position is kept only where no point or line of
 *       the plot lies under it, else the next free corner, else outside on the right; a plot with
 *       one series has no legend (its title and axis say what it is) unless {@link #legend} asks;</li>
 *   <li>a title too wide for the image is set smaller, then shortened with "...", never clipped;</li>
 *   <li>{@link #yFromZero()} / {@link #xFromZero()} start the axis of a non-negative quantity at 0.</li>
 * </ul>
 *
 * @param <P> the concrete builder, returned by every option for chaining
 */
public abstract class XYPlot<P extends XYPlot<P>> {
    final String title, xLabel, yLabel;
    int width = Charts.WIDTH, height = Charts.HEIGHT;
    Styler.LegendPosition legend = Styler.LegendPosition.InsideNE;
    boolean legendAsked;
    boolean yFromZero, xFromZero;
    Double yMin, yMax, xMin, xMax;
    final List<String> names = new ArrayList<>();

    XYPlot(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    @SuppressWarnings("unchecked")
    final P self() {
        return (P) this;
    }

    /** Registers a series name, refusing a duplicate. */
    final void name(String name) {
        if (name == null) throw new IllegalArgumentException("series name must not be null");
        if (names.contains(name)) throw new IllegalArgumentException("series '" + name + "' was already added");
        names.add(name);
    }

    /**
     * Where the legend goes. An outside position is kept; an inside one is kept only if no data
     * lies under the legend there (else the next free corner, else outside on the right).
     */
    public P legend(Styler.LegendPosition position) {
        if (position == null) throw new IllegalArgumentException("legend position must not be null");
        this.legend = position;
        this.legendAsked = true;
        return self();
    }

    /** Image size in pixels (default 800 x 500). */
    public P size(int width, int height) {
        Charts.size(width, height);
        this.width = width;
        this.height = height;
        return self();
    }

    /** Fixes the y range. */
    public P yRange(double min, double max) {
        if (!(min < max)) throw new IllegalArgumentException("need min < max, got " + min + ", " + max);
        this.yMin = min;
        this.yMax = max;
        return self();
    }

    /** Fixes the x range. */
    public P xRange(double min, double max) {
        if (!(min < max)) throw new IllegalArgumentException("need min < max, got " + min + ", " + max);
        this.xMin = min;
        this.xMax = max;
        return self();
    }

    /** The y axis starts at 0, for a quantity that cannot be negative (a KL, a count, a variance). */
    public P yFromZero() {
        this.yFromZero = true;
        return self();
    }

    /** The x axis starts at 0, for a quantity that cannot be negative (a rate in nats). */
    public P xFromZero() {
        this.xFromZero = true;
        return self();
    }

    /** The colour of the i-th series (set explicitly: the invisible anchor series must not shift the palette). */
    static java.awt.Color colour(int i) {
        return Charts.PALETTE[i % Charts.PALETTE.length];
    }

    /** Adds the series to a new chart (styled by {@link Charts#xyChart}). */
    abstract void addSeries(XYChart chart);

    /** The (x, y) values of the series, for the axes' ranges and the legend's free corner. */
    abstract List<double[][]> data();

    /** True if the plot has a log x / log y axis. */
    boolean isLogX() {
        return false;
    }

    boolean isLogY() {
        return false;
    }

    /** The XChart chart, for further styling (render it with {@link #image()}'s rules via {@link Charts#render}). */
    public XYChart chart() {
        if (names.isEmpty()) throw new IllegalStateException("plot '" + title + "' has no series");
        XYChart chart = Charts.xyChart(title, xLabel, yLabel, width, height);
        chart.getStyler().setXAxisLogarithmic(isLogX()).setYAxisLogarithmic(isLogY());
        Charts.anchor(chart, data());  // first, so that the x ticks are round (see Charts.anchor)
        addSeries(chart);
        Charts.axes(chart, data(), xMin, xMax, yMin, yMax, xFromZero, yFromZero);
        chart.getStyler().setLegendPosition(legend);
        chart.getStyler().setLegendVisible(legendAsked || names.size() > 1);
        return chart;
    }

    /** Renders the chart, moving an inside legend off the data. */
    public BufferedImage image() {
        return Charts.render(chart());
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(title=" + title + ", series=" + names + ", size=" + width + "x" + height + ")";
    }
}
