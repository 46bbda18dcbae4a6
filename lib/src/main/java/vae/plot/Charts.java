package vae.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/** Shared chart set-up: sizes, fonts, checks. */
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

    static XYChart xyChart(String title, String xLabel, String yLabel, int width, int height) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE)
                .setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 18))
                .setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13))
                .setLegendPosition(Styler.LegendPosition.InsideNE)
                .setSeriesColors(PALETTE);
        chart.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14))
                .setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12))
                .setPlotGridLinesColor(new Color(225, 225, 225));
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        return chart;
    }

    static BufferedImage render(XYChart chart) {
        return BitmapEncoder.getBufferedImage(chart);
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
