package vae.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.internal.chartpart.ChartPart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Shared chart set-up: sizes, fonts, axes, the legend's place, the title's fit, checks. */
final class Charts {
    private Charts() {}

    /** Default chart width in pixels. */
    static final int WIDTH = 800;
    /** Default chart height in pixels. */
    static final int HEIGHT = 500;

    /** A well-defined qualitative palette (Tableau 10): 10 distinguishable colours, e.g. one per digit. */
    static final Color[] PALETTE = {
        new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
        new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127),
        new Color(188, 189, 34), new Color(23, 190, 207)
    };

    static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    /** The name of the invisible series that keeps XChart's ticks round (see {@link #anchor}). */
    static final String ANCHOR = "\u2060axis anchor";

    static XYChart xyChart(String title, String xLabel, String yLabel, int width, int height) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE)
                .setChartTitleFont(TITLE_FONT)
                .setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13))
                .setLegendPosition(Styler.LegendPosition.InsideNE)
                .setSeriesColors(PALETTE);
        chart.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14))
                .setAxisTickLabelsFont(TICK_FONT)
                .setPlotGridLinesColor(new Color(225, 225, 225));
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        return chart;
    }

    /**
     * XChart puts the x ticks at the data's own x values when these are equally spaced (epochs,
     * steps, histogram bin edges), and then labels such as "121132143" or "-0.3115" collide or
     * read badly. A first, invisible series from the largest (x, y) to the smallest breaks that
     * spacing, so XChart's general calculator places the ticks at round steps (1, 2, 5 x 10^n)
     * and checks that their labels fit. Call before adding the real series.
     */
    static void anchor(XYChart chart, List<double[][]> data) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[][] s : data)
            for (double v : s[0]) if (Double.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        if (!(lo < hi)) return;
        double yLo = Double.POSITIVE_INFINITY, yHi = Double.NEGATIVE_INFINITY;
        for (double[][] s : data)
            for (double v : s[1]) if (Double.isFinite(v)) { yLo = Math.min(yLo, v); yHi = Math.max(yHi, v); }
        // the same for the y axis, whose values XChart also takes as ticks when they are equally spaced
        XYSeries a = chart.addSeries(ANCHOR, new double[] {hi, lo}, new double[] {yHi, yLo});
        a.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        a.setMarker(SeriesMarkers.NONE);
        a.setLineColor(new Color(0, 0, 0, 0));
        a.setMarkerColor(new Color(0, 0, 0, 0));
        a.setShowInLegend(false);
    }

    /**
     * The axes' labels and ranges: round tick labels with a leading zero ({@link TickLabels}), an
     * integer axis labelled at whole numbers with a step of at least 1, fixed ranges where given,
     * and 0 as the lower end of an axis asked to start there.
     */
    static void axes(XYChart chart, List<double[][]> data, Double xMin, Double xMax, Double yMin, Double yMax,
                     boolean xFromZero, boolean yFromZero) {
        List<double[]> xs = new ArrayList<>(), ys = new ArrayList<>();
        for (double[][] s : data) {
            xs.add(s[0]);
            ys.add(s[1]);
        }
        var st = chart.getStyler();
        if (xMin != null) st.setXAxisMin(xMin).setXAxisMax(xMax);
        if (yMin != null) st.setYAxisMin(yMin).setYAxisMax(yMax);
        if (xFromZero && xMin == null) fromZero(chart, xs, true);
        if (yFromZero && yMin == null) fromZero(chart, ys, false);
        if (!yFromZero && yMin == null && !st.isYAxisLogarithmic()) pad(chart, ys, TickLabels.allIntegers(ys));
        if (xMin == null && st.isXAxisLogarithmic()) decades(chart, xs, true);
        if (yMin == null && st.isYAxisLogarithmic()) decades(chart, ys, false);
        double[] xr = range(xs, xMin, xMax, xFromZero), yr = range(ys, yMin, yMax, yFromZero);
        // one value (pad's round ends around it): the labels are written for the axis's span, not the data's 0
        if (!(yr[1] - yr[0] > 1e-9 * Math.max(Math.abs(yr[0]), Math.abs(yr[1]))) && st.getYAxisMin() != null && st.getYAxisMax() != null)
            yr = new double[] {st.getYAxisMin(), st.getYAxisMax()};
        boolean xInt = TickLabels.allIntegers(xs), yInt = TickLabels.allIntegers(ys);
        if (!st.isXAxisLogarithmic()) {
            st.setXAxisTickLabelsFormattingFunction(TickLabels.formatter(xr[1] - xr[0], xInt));
            if (xInt) st.setXAxisTickMarkSpacingHint(integerHint(st.getXAxisTickMarkSpacingHint(), chart.getWidth(), xr));
        } else st.setXAxisTickLabelsFormattingFunction(TickLabels.formatter(0, false));
        if (!st.isYAxisLogarithmic()) {
            st.setYAxisTickLabelsFormattingFunction(TickLabels.formatter(yr[1] - yr[0], yInt));
            if (yInt) st.setYAxisTickMarkSpacingHint(integerHint(st.getYAxisTickMarkSpacingHint(), chart.getHeight(), yr));
        } else st.setYAxisTickLabelsFormattingFunction(TickLabels.formatter(0, false));
    }

    /**
     * XChart's tick step is about span * hint / (plot length in pixels), rounded to 1, 2 or 5 x 10^n.
     * With hint = image length / span (an upper bound of the plot's length) the step is at least 1.
     * A span below 2 keeps a hint under half the image (the axis must fit two ticks); its half-steps
     * stay unlabelled.
     */
    private static int integerHint(int hint, int length, double[] range) {
        double span = range[1] - range[0];
        if (!(span > 0)) return hint;
        int wanted = (int) Math.ceil(length / span);
        return Math.max(hint, Math.min(wanted, (int) (0.45 * length)));
    }

    private static void fromZero(XYChart chart, List<double[]> values, boolean x) {
        double max = Double.NEGATIVE_INFINITY, min = Double.POSITIVE_INFINITY;
        for (double[] vs : values) for (double v : vs) if (Double.isFinite(v)) { max = Math.max(max, v); min = Math.min(min, v); }
        if (min < 0)
            throw new IllegalArgumentException("an axis from 0 needs non-negative values, but the smallest " + (x ? "x" : "y")
                    + " is " + min);
        if (x) chart.getStyler().setXAxisMin(0.0);
        else chart.getStyler().setYAxisMin(0.0);
        // XChart pads nothing: leave 5 % above the largest value so that the top point does not sit on the frame
        if (x) chart.getStyler().setXAxisMax(max > 0 ? 1.05 * max : 1.0);
        else chart.getStyler().setYAxisMax(max > 0 ? 1.05 * max : 1.0);
    }

    /**
     * XChart labels a log axis at powers of 10 only: data within one decade (105 to 550) would get
     * no label at all. Such an axis is widened to the powers of 10 around the data (100 to 1000).
     */
    private static void decades(XYChart chart, List<double[]> values, boolean x) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[] vs : values) for (double v : vs) if (v > 0 && Double.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        if (!(lo <= hi)) return;
        double first = Math.ceil(StrictMath.log10(lo) - 1e-12), last = Math.floor(StrictMath.log10(hi) + 1e-12);
        if (last - first + 1 >= 2) return;
        double min = StrictMath.pow(10, Math.floor(StrictMath.log10(lo) + 1e-12)), max = StrictMath.pow(10, Math.ceil(StrictMath.log10(hi) - 1e-12));
        if (max <= min) max = 10 * min;
        if (x) chart.getStyler().setXAxisMin(min).setXAxisMax(max);
        else chart.getStyler().setYAxisMin(min).setYAxisMax(max);
    }

    /**
     * 4 % of the y span above and below the data, so that the highest and lowest points do not sit
     * on the frame; round ends around a single value (XChart took the value and two unround ends,
     * -156.4, -104.3, -52.13, as its ticks for -104.25). An integer axis (counts) is padded out to whole numbers: XChart draws no tick
     * at all when its two ends format alike, and the integer labels write both ends of a range
     * such as 7.56 to 19.44 as "" (seen: active units 8 to 19 had no y labels).
     */
    private static void pad(XYChart chart, List<double[]> values, boolean integer) {
        double[] r = range(values, null, null, false);
        double lo, hi;
        // a span below 1e-9 of the values is rounding noise (0.0891621779248686 and ...075): one value
        if (r[1] - r[0] > 1e-9 * Math.max(Math.abs(r[0]), Math.abs(r[1]))) {
            double pad = 0.04 * (r[1] - r[0]);
            lo = r[0] - pad;
            hi = r[1] + pad;
        } else {
            // one value (a metric a parameter does not move): round ends a tenth of its size around it
            double v = (r[0] + r[1]) / 2;
            double step = v == 0 ? (integer ? 1 : 0.1) : StrictMath.pow(10, Math.floor(StrictMath.log10(Math.abs(v)))) / 10;
            if (integer) step = Math.max(1, step);
            lo = (Math.floor(v / step) - 1) * step;
            hi = (Math.ceil(v / step) + 1) * step;
        }
        if (integer) {
            lo = Math.floor(lo);
            hi = Math.ceil(hi);
        }
        chart.getStyler().setYAxisMin(lo).setYAxisMax(hi);
    }

    private static double[] range(List<double[]> values, Double min, Double max, boolean fromZero) {
        if (min != null) return new double[] {min, max};
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[] vs : values) for (double v : vs) if (Double.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        if (fromZero) lo = 0;
        if (!(lo <= hi)) return new double[] {0, 1};
        return new double[] {lo, hi};
    }

    /**
     * Renders the chart: the title set to fit the width, and an inside legend moved where it
     * covers no data (the position asked for, then each corner, the top and bottom middle, then
     * outside on the right).
     */
    static BufferedImage render(XYChart chart) {
        fitTitle(chart);
        Styler st = chart.getStyler();
        LegendPosition asked = st.getLegendPosition();
        if (!st.isLegendVisible() || !inside(asked)) return BitmapEncoder.getBufferedImage(chart);
        Set<LegendPosition> order = new LinkedHashSet<>(List.of(asked, LegendPosition.InsideNE, LegendPosition.InsideNW,
                LegendPosition.InsideSE, LegendPosition.InsideSW, LegendPosition.InsideN, LegendPosition.InsideS));
        for (LegendPosition p : order) {
            st.setLegendPosition(p);
            BufferedImage img = BitmapEncoder.getBufferedImage(chart);
            if (!legendCoversData(chart)) return img;
        }
        st.setLegendPosition(LegendPosition.OutsideE);
        return BitmapEncoder.getBufferedImage(chart);
    }

    static boolean inside(LegendPosition p) {
        return p != LegendPosition.OutsideE && p != LegendPosition.OutsideS;
    }

    /**
     * True if a point, a line or a filled area of a visible series lies under the legend of the
     * chart as last rendered (lines sampled every 2 pixels, the legend widened by 3 pixels for
     * the markers).
     */
    static boolean legendCoversData(XYChart chart) {
        Rectangle2D box = legendBox(chart);
        Rectangle2D plot = part(chart, "plot").getBounds();
        if (box == null || box.isEmpty()) return false;
        Rectangle2D r = new Rectangle2D.Double(box.getX() - 3, box.getY() - 3, box.getWidth() + 6, box.getHeight() + 6);
        for (XYSeries s : chart.getSeriesCollection()) {
            if (s.getName().equals(ANCHOR)) continue;
            double[] x = s.getXData(), y = s.getYData();
            var style = s.getXYSeriesRenderStyle().orElse(XYSeries.XYSeriesRenderStyle.Line);
            boolean lines = style != XYSeries.XYSeriesRenderStyle.Scatter, area = style == XYSeries.XYSeriesRenderStyle.Area;
            double px = Double.NaN, py = Double.NaN;
            for (int i = 0; i < x.length; i++) {
                if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) { px = Double.NaN; continue; }
                double sx = chart.getScreenXFromChart(x[i]), sy = chart.getScreenYFromChart(y[i]);
                int steps = lines && !Double.isNaN(px) ? (int) Math.ceil(StrictMath.hypot(sx - px, sy - py) / 2) : 0;
                for (int k = 0; k <= steps; k++) {
                    double t = steps == 0 ? 1 : k / (double) steps;
                    double qx = px + t * (sx - px), qy = py + t * (sy - py);
                    if (steps == 0) { qx = sx; qy = sy; }
                    if (!plot.contains(qx, Math.min(Math.max(qy, plot.getMinY()), plot.getMaxY()))) continue;
                    if (r.contains(qx, qy)) return true;
                    // a filled area reaches down from the line to the bottom of the plot
                    if (area && qx >= r.getMinX() && qx <= r.getMaxX() && r.getMaxY() >= qy) return true;
                }
                px = sx;
                py = sy;
            }
        }
        return false;
    }

    /**
     * The legend's box in the image as last painted: XChart's legend reports its size as bounds
     * and keeps its place in two fields, xOffset and yOffset.
     */
    static Rectangle2D legendBox(XYChart chart) {
        ChartPart legend = part(chart, "legend");
        Rectangle2D size = legend.getBounds();
        if (size == null) return null;
        try {
            Class<?> c = legend.getClass();
            while (!c.getSimpleName().equals("Legend_")) c = c.getSuperclass();
            Field x = c.getDeclaredField("xOffset"), y = c.getDeclaredField("yOffset");
            x.setAccessible(true);
            y.setAccessible(true);
            return new Rectangle2D.Double(x.getDouble(legend), y.getDouble(legend), size.getWidth(), size.getHeight());
        } catch (ReflectiveOperationException | NullPointerException e) {
            throw new IllegalStateException("XChart's legend has no xOffset/yOffset (this code expects XChart 4.0)", e);
        }
    }

    /** A painted part of the chart ("legend", "plot"), read from XChart's field of that name (no public getter). */
    static ChartPart part(XYChart chart, String name) {
        try {
            Field f = Chart.class.getDeclaredField(name);
            f.setAccessible(true);
            return (ChartPart) f.get(chart);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("XChart " + chart.getClass().getPackage().getImplementationVersion()
                    + " has no field '" + name + "' (this code expects XChart 4.0)", e);
        }
    }

    /** Sets the title's font smaller (down to 12 pt) until it fits the width, then shortens it with "...". */
    static void fitTitle(XYChart chart) {
        String title = chart.getTitle();
        if (title == null || title.isEmpty()) return;
        int available = chart.getWidth() - 20;
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        try {
            Font font = TITLE_FONT;
            while (g.getFontMetrics(font).stringWidth(title) > available && font.getSize() > 12)
                font = font.deriveFont((float) font.getSize() - 1);
            chart.getStyler().setChartTitleFont(font);
            chart.setTitle(shorten(title, g.getFontMetrics(font), available));
        } finally {
            g.dispose();
        }
    }

    /** The text, cut at a word if possible and ended with "...", so that it is at most {@code width} pixels wide. */
    static String shorten(String text, FontMetrics fm, int width) {
        if (fm.stringWidth(text) <= width) return text;
        String end = "...";
        int n = text.length();
        while (n > 0 && fm.stringWidth(text.substring(0, n) + end) > width) n--;
        int space = text.lastIndexOf(' ', n);
        if (space > n / 2) n = space;
        return text.substring(0, n).stripTrailing() + end;
    }

    static void size(int width, int height) {
        if (width < 50 || height < 50 || width > 10000 || height > 10000)
            throw new IllegalArgumentException("image size must be within 50..10000 pixels, got " + width + "x" + height);
    }

    static void series(String name, double[] x, double[] y) {
        if (name == null) throw new IllegalArgumentException("series name must not be null");
        if (x == null || y == null) throw new IllegalArgumentException("series '" + name + "': x and y must not be null");
        if (x.length != y.length)
            throw new IllegalArgumentException("series '" + name + "': x has " + x.length + " values, y has " + y.length);
        if (x.length == 0) throw new IllegalArgumentException("series '" + name + "' is empty");
        for (int i = 0; i < x.length; i++)
            if (Double.isNaN(x[i])) throw new IllegalArgumentException("series '" + name + "': x[" + i + "] is NaN");
    }
}
