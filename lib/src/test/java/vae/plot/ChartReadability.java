package vae.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.AxesChart;

/**
 * Measures a rendered chart the way a reader sees it, independently of the code that lays it out:
 * the tick labels XChart drew (read from its axes after painting) against their font's widths,
 * the pixels of each series, and what lies under the legend. Each method returns the problems it
 * found, empty when the chart is readable.
 */
final class ChartReadability {
    private ChartReadability() {}

    /** A tick label as drawn: its text and its centre along the axis, in pixels. */
    record Tick(String label, double at) {}

    /** The ticks of the x (or y) axis of a chart that has been painted. */
    static List<Tick> ticks(XYChart chart, boolean x) {
        try {
            Method axis = AxesChart.class.getDeclaredMethod(x ? "getXAxis" : "getYAxis");
            axis.setAccessible(true);
            Object a = axis.invoke(chart);
            Method calc = a.getClass().getSuperclass().getDeclaredMethod("getAxisTickCalculator");
            calc.setAccessible(true);
            Object c = calc.invoke(a);
            Method labels = c.getClass().getSuperclass().getDeclaredMethod("getTickLabels");
            Method locations = c.getClass().getSuperclass().getDeclaredMethod("getTickLocations");
            labels.setAccessible(true);
            locations.setAccessible(true);
            @SuppressWarnings("unchecked") List<String> ls = (List<String>) labels.invoke(c);
            @SuppressWarnings("unchecked") List<Double> at = (List<Double>) locations.invoke(c);
            List<Tick> out = new ArrayList<>();
            for (int i = 0; i < ls.size(); i++) out.add(new Tick(ls.get(i), at.get(i)));
            return out;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read XChart's ticks", e);
        }
    }

    /** Pairs of neighbouring non-empty tick labels that overlap (x: widths; y: heights), with 2 px to spare. */
    static List<String> collisions(XYChart chart, boolean x) {
        Font font = chart.getStyler().getAxisTickLabelsFont();
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        FontMetrics fm = g.getFontMetrics(font);
        g.dispose();
        List<Tick> ticks = new ArrayList<>(ticks(chart, x));
        ticks.removeIf(t -> t.label() == null || t.label().isEmpty());
        ticks.sort((p, q) -> Double.compare(p.at(), q.at()));
        List<String> out = new ArrayList<>();
        for (int i = 1; i < ticks.size(); i++) {
            Tick p = ticks.get(i - 1), q = ticks.get(i);
            double need = x ? (fm.stringWidth(p.label()) + fm.stringWidth(q.label())) / 2.0 + 2 : fm.getAscent() + 2;
            if (q.at() - p.at() < need)
                out.add(String.format("'%s' and '%s' are %.1f px apart, need %.1f", p.label(), q.label(), q.at() - p.at(), need));
        }
        return out;
    }

    /**
     * Labels that are not round: a leading "." or "-.", more than 4 significant digits, or
     * neighbouring labels whose difference is not a constant 1, 2, 2.5 or 5 x 10^n.
     */
    static List<String> unroundLabels(XYChart chart, boolean x) {
        List<String> out = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (Tick t : ticks(chart, x)) {
            String s = t.label();
            if (s == null || s.isEmpty()) continue;
            if (s.startsWith(".") || s.startsWith("-.")) out.add("'" + s + "' has no leading zero");
            String digits = s.replaceAll("e.*$", "").replaceAll("[^0-9]", "").replaceAll("^0+", "").replaceAll("0+$", "");
            if (digits.length() > 4) out.add("'" + s + "' has " + digits.length() + " significant digits");
            values.add(Double.parseDouble(s));
        }
        values.sort(null);
        for (int i = 2; i < values.size(); i++) {
            double a = values.get(i - 1) - values.get(i - 2), b = values.get(i) - values.get(i - 1);
            if (Math.abs(a - b) > 1e-6 * Math.abs(b)) out.add("uneven steps " + a + " and " + b + " in " + values);
        }
        if (values.size() >= 2) {
            double step = values.get(1) - values.get(0);
            double m = step / Math.pow(10, Math.floor(Math.log10(step)));
            boolean nice = false;
            for (double n : new double[] {1, 2, 2.5, 5, 10}) nice |= Math.abs(m - n) < 1e-6;
            if (!nice) out.add("step " + step + " is not 1, 2, 2.5 or 5 x 10^n (" + values + ")");
        }
        return out;
    }

    /**
     * Number of pixels of exactly this colour (a series' core pixels; anti-aliased edges differ)
     * inside the plot area and outside the legend (whose sample line has the colour too).
     */
    static int pixelsOf(XYChart chart, BufferedImage img, Color c) {
        Rectangle2D plot = Charts.part(chart, "plot").getBounds();
        Rectangle2D legend = chart.getStyler().isLegendVisible() ? Charts.legendBox(chart) : null;
        int n = 0, rgb = c.getRGB() & 0xFFFFFF;
        for (int y = (int) plot.getMinY(); y < (int) plot.getMaxY(); y++)
            for (int x = (int) plot.getMinX(); x < (int) plot.getMaxX(); x++)
                if ((img.getRGB(x, y) & 0xFFFFFF) == rgb && (legend == null || !legend.contains(x, y))) n++;
        return n;
    }

    /**
     * Pixels under the legend that belong to data: the chart is rendered with the legend hidden,
     * once with its series and once with every series transparent (same axes, same layout); the
     * pixels that differ inside the legend's box are data the legend would cover.
     */
    static int dataPixelsUnderLegend(XYChart chart) {
        BufferedImage shown = BitmapEncoder.getBufferedImage(chart);
        Rectangle2D box = Charts.legendBox(chart);
        if (!chart.getStyler().isLegendVisible() || box == null || box.isEmpty() || shown == null) return 0;
        if (!Charts.inside(chart.getStyler().getLegendPosition())) {
            // an outside legend has the plot laid out beside it (hiding it would move the plot): it must not overlap the plot
            Rectangle2D overlap = box.createIntersection(Charts.part(chart, "plot").getBounds());
            return overlap.isEmpty() ? 0 : (int) Math.ceil(overlap.getWidth() * overlap.getHeight());
        }
        chart.getStyler().setLegendVisible(false);
        BufferedImage with = BitmapEncoder.getBufferedImage(chart);
        List<Color[]> saved = new ArrayList<>();
        Color clear = new Color(0, 0, 0, 0);
        for (XYSeries s : chart.getSeriesCollection()) {
            saved.add(new Color[] {s.getLineColor(), s.getMarkerColor(), s.getFillColor()});
            s.setLineColor(clear);
            s.setMarkerColor(clear);
            s.setFillColor(clear);
        }
        BufferedImage without = BitmapEncoder.getBufferedImage(chart);
        int i = 0;
        for (XYSeries s : chart.getSeriesCollection()) {
            Color[] c = saved.get(i++);
            s.setLineColor(c[0]);
            s.setMarkerColor(c[1]);
            s.setFillColor(c[2]);
        }
        chart.getStyler().setLegendVisible(true);
        BitmapEncoder.getBufferedImage(chart);
        int n = 0;
        for (int y = (int) box.getMinY(); y < (int) Math.ceil(box.getMaxY()); y++)
            for (int x = (int) box.getMinX(); x < (int) Math.ceil(box.getMaxX()); x++)
                if (x >= 0 && y >= 0 && x < with.getWidth() && y < with.getHeight() && with.getRGB(x, y) != without.getRGB(x, y)) n++;
        return n;
    }
}
