package vae.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A grid of small grayscale images (MNIST digits, decoder outputs), each given as a
 * {@code float[]} of h*w pixels in row-major order with values in [0, 1] (0 black, 1 white by
 * default; {@link #inverted()} draws ink dark on white). Each pixel is drawn as a square of
 * {@code scale} screen pixels. Optional captions under each image and optional titles at the
 * start of each row ("input", "reconstruction").
 * <pre>
 *   ImageGrid.of(images, 28, 28).columns(10).scale(3).rowTitles("input", "reconstruction").image();
 * </pre>
 * Images are copied when added; values outside [0, 1] are clipped, NaN is rejected. A title wider
 * than the grid is wrapped. {@link #axes} puts x/y ticks and titles around a grid of images that
 * sit at points of a plane (a decoded latent grid).
 */
public final class ImageGrid {
    private final int h, w;
    private final List<float[]> images = new ArrayList<>();
    private int columns = 10;
    private int scale = 3;
    private int gap = 4;
    private boolean inverted;
    private String title;
    private String[] captions;
    private String[] rowTitles;
    private String xAxisLabel, yAxisLabel;
    private double[] columnValues, rowValues;

    private ImageGrid(int h, int w) {
        if (h < 1 || w < 1) throw new IllegalArgumentException("image shape must be positive, got " + h + "x" + w);
        this.h = h;
        this.w = w;
    }

    /** An empty grid for h x w images. */
    public static ImageGrid create(int h, int w) {
        return new ImageGrid(h, w);
    }

    /** A grid of the given images (each h*w values, copied). */
    public static ImageGrid of(List<float[]> images, int h, int w) {
        ImageGrid g = new ImageGrid(h, w);
        for (float[] im : images) g.add(im);
        return g;
    }

    /** A grid of the given images (rows of a batch, each h*w values, copied). */
    public static ImageGrid of(float[][] images, int h, int w) {
        return of(List.of(images), h, w);
    }

    /** One-line shortcut: 28 x 28 MNIST images, 10 per row, scale 3. */
    public static BufferedImage mnist(float[][] images) {
        return of(images, 28, 28).image();
    }

    /** Adds one image of h*w values in [0, 1] (copied). */
    public ImageGrid add(float[] image) {
        if (image == null || image.length != h * w)
            throw new IllegalArgumentException("image " + images.size() + ": expected " + h + "x" + w + " = " + (h * w)
                    + " values, got " + (image == null ? "null" : image.length));
        for (int i = 0; i < image.length; i++)
            if (Float.isNaN(image[i]))
                throw new IllegalArgumentException("image " + images.size() + ": pixel " + i + " (row " + i / w + ", col "
                        + i % w + ") is NaN");
        images.add(image.clone());
        return this;
    }

    /** Adds one image given as doubles. */
    public ImageGrid add(double[] image) {
        if (image == null) throw new IllegalArgumentException("image must not be null");
        float[] f = new float[image.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) image[i];
        return add(f);
    }

    /** Images per row (default 10). */
    public ImageGrid columns(int columns) {
        if (columns < 1) throw new IllegalArgumentException("columns must be >= 1, got " + columns);
        this.columns = columns;
        return this;
    }

    /** Screen pixels per image pixel (default 3: a 28 x 28 digit is 84 x 84). */
    public ImageGrid scale(int scale) {
        if (scale < 1 || scale > 64) throw new IllegalArgumentException("scale must be 1..64, got " + scale);
        this.scale = scale;
        return this;
    }

    /** Gap between images in screen pixels (default 4). */
    public ImageGrid gap(int gap) {
        if (gap < 0 || gap > 200) throw new IllegalArgumentException("gap must be 0..200, got " + gap);
        this.gap = gap;
        return this;
    }

    /** Draw 1 as black on white (ink on paper) instead of white on black. */
    public ImageGrid inverted() {
        this.inverted = true;
        return this;
    }

    /** A title above the grid. */
    public ImageGrid title(String title) {
        this.title = title;
        return this;
    }

    /** One caption under each image (e.g. its label), in the order added. */
    public ImageGrid captions(String... captions) {
        this.captions = captions.clone();
        return this;
    }

    /** Integer captions, e.g. digit labels. */
    public ImageGrid captions(int[] labels) {
        String[] c = new String[labels.length];
        for (int i = 0; i < c.length; i++) c[i] = String.valueOf(labels[i]);
        return captions(c);
    }

    /** A title at the left of each row ("input", "reconstruction", ...). */
    public ImageGrid rowTitles(String... titles) {
        this.rowTitles = titles.clone();
        return this;
    }

    /**
     * Axes around the grid, for images that sit at points of a plane (a decoded latent grid):
     * {@code columnValues[c]} is the x of column c (left to right), {@code rowValues[r]} the y of
     * row r (top to bottom). Tick labels go under the columns and left of the rows, every k-th
     * where all would not fit, with the axis titles beside them. Not with {@link #rowTitles}.
     */
    public ImageGrid axes(String xLabel, double[] columnValues, String yLabel, double[] rowValues) {
        if (xLabel == null || yLabel == null || columnValues == null || rowValues == null)
            throw new IllegalArgumentException("axes: labels and values must not be null");
        this.xAxisLabel = xLabel;
        this.yAxisLabel = yLabel;
        this.columnValues = columnValues.clone();
        this.rowValues = rowValues.clone();
        return this;
    }

    /** Renders the grid. */
    public BufferedImage image() {
        if (images.isEmpty()) throw new IllegalStateException("image grid has no images");
        int n = images.size();
        int cols = Math.min(columns, n);
        int rows = (n + cols - 1) / cols;
        if (captions != null && captions.length != n)
            throw new IllegalArgumentException("captions: expected " + n + " (one per image), got " + captions.length);
        if (rowTitles != null && rowTitles.length != rows)
            throw new IllegalArgumentException("rowTitles: expected " + rows + " (one per row of " + cols + "), got "
                    + rowTitles.length);
        boolean axes = columnValues != null;
        if (axes && rowTitles != null) throw new IllegalArgumentException("an image grid takes row titles or axes, not both");
        if (axes && (columnValues.length != cols || rowValues.length != rows))
            throw new IllegalArgumentException("axes: expected " + cols + " column values and " + rows + " row values, got "
                    + columnValues.length + " and " + rowValues.length);
        Graphics2D pg = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        FontMetrics fm = pg.getFontMetrics(FONT), tfm = pg.getFontMetrics(TITLE_FONT);
        pg.dispose();
        int cellW = w * scale, cellH = h * scale;
        int captionH = captions != null ? fm.getHeight() + 2 : 0;
        String[] xTicks = axes ? tickLabels(columnValues) : null, yTicks = axes ? tickLabels(rowValues) : null;
        int left = gap;
        if (rowTitles != null) {
            int max = 0;
            for (String t : rowTitles) max = Math.max(max, fm.stringWidth(t == null ? "" : t));
            left = max + 3 * gap + 4;
        }
        int yTickW = 0;
        if (axes) {
            for (String t : yTicks) yTickW = Math.max(yTickW, fm.stringWidth(t));
            left = gap + fm.getHeight() + 6 + yTickW + TICK + 4;
        }
        int gridW = cols * (cellW + gap), gridH = rows * (cellH + captionH + gap);
        int width = left + gridW + (axes ? fm.stringWidth(xTicks[cols - 1]) / 2 + gap : 0);
        List<String> titleLines = title == null ? List.of() : wrap(title, tfm, width - 2 * gap);
        if (title != null && titleLines.size() == 1) width = Math.max(width, tfm.stringWidth(title) + 2 * gap);
        int top = gap + titleLines.size() * tfm.getHeight() + (title != null ? gap : 0);
        int height = top + gridH + (axes ? TICK + 2 * fm.getHeight() + 8 : 0);
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(TITLE_FONT);
        for (int i = 0; i < titleLines.size(); i++)
            g.drawString(titleLines.get(i), (width - tfm.stringWidth(titleLines.get(i))) / 2, gap + i * tfm.getHeight() + tfm.getAscent());
        g.setFont(FONT);
        for (int k = 0; k < n; k++) {
            int r = k / cols, c = k % cols;
            int x0 = left + c * (cellW + gap), y0 = top + r * (cellH + captionH + gap);
            // one grey-level image per digit, scaled up by drawImage (nearest neighbour: each pixel a square)
            g.drawImage(grey(images.get(k)), x0, y0, cellW, cellH, null);
            if (inverted) {
                g.setColor(new Color(200, 200, 200));
                g.setStroke(new BasicStroke(1f));
                g.drawRect(x0 - 1, y0 - 1, cellW + 1, cellH + 1);
                g.setColor(Color.BLACK);
            }
            if (captions != null && captions[k] != null)
                g.drawString(captions[k], x0 + (cellW - fm.stringWidth(captions[k])) / 2, y0 + cellH + fm.getAscent() + 1);
        }
        if (rowTitles != null)
            for (int r = 0; r < rows; r++) {
                String t = rowTitles[r] == null ? "" : rowTitles[r];
                int y0 = top + r * (cellH + captionH + gap);
                g.drawString(t, gap, y0 + cellH / 2 + fm.getAscent() / 2);
            }
        if (axes) drawAxes(g, fm, xTicks, yTicks, left, top, cellW, cellH + captionH, cols, rows, gridW, gridH);
        g.dispose();
        return out;
    }

    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    private static final int TICK = 5;

    /** The image as 8-bit grey levels, 0 black and 255 white (or the reverse when inverted), values clipped to [0, 1]. */
    private BufferedImage grey(float[] im) {
        BufferedImage g = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        int[] px = new int[w * h];
        for (int i = 0; i < px.length; i++) {
            float v = Math.min(1f, Math.max(0f, im[i]));
            px[i] = Math.round(255f * (inverted ? 1f - v : v));
        }
        g.getRaster().setPixels(0, 0, w, h, px);
        return g;
    }

    /** Tick labels for axis values: two decimals, or none from 100 on. */
    private static String[] tickLabels(double[] values) {
        double max = 0;
        for (double v : values) max = Math.max(max, Math.abs(v));
        String[] out = new String[values.length];
        for (int i = 0; i < values.length; i++) out[i] = String.format(max >= 100 ? "%.0f" : "%.2f", values[i]);
        return out;
    }

    /** Every how many ticks a label fits: labels of {@code size} pixels (plus 6) at a pitch of {@code pitch}. */
    static int labelEvery(int size, int pitch) {
        return Math.max(1, (int) Math.ceil((size + 6.0) / pitch));
    }

    private void drawAxes(Graphics2D g, FontMetrics fm, String[] xTicks, String[] yTicks, int left, int top, int cellW,
                          int cellH, int cols, int rows, int gridW, int gridH) {
        int maxX = 0;
        for (String t : xTicks) maxX = Math.max(maxX, fm.stringWidth(t));
        int everyX = labelEvery(maxX, cellW + gap), everyY = labelEvery(fm.getAscent(), cellH + gap);
        int bottom = top + gridH;
        g.setColor(Color.BLACK);
        g.drawLine(left - 2, bottom, left + gridW - gap, bottom);
        g.drawLine(left - 2, top, left - 2, bottom);
        for (int c = 0; c < cols; c++) {
            int x = left + c * (cellW + gap) + cellW / 2;
            g.drawLine(x, bottom, x, bottom + TICK);
            if (c % everyX == 0 || c == cols - 1 && (cols - 1) % everyX == 0)
                g.drawString(xTicks[c], x - fm.stringWidth(xTicks[c]) / 2, bottom + TICK + fm.getAscent());
        }
        for (int r = 0; r < rows; r++) {
            int y = top + r * (cellH + gap) + cellH / 2;
            g.drawLine(left - 2 - TICK, y, left - 2, y);
            if (r % everyY == 0)
                g.drawString(yTicks[r], left - 2 - TICK - 3 - fm.stringWidth(yTicks[r]), y + fm.getAscent() / 2 - 1);
        }
        g.drawString(xAxisLabel, left + (gridW - fm.stringWidth(xAxisLabel)) / 2, bottom + TICK + fm.getHeight() + fm.getAscent() + 4);
        java.awt.geom.AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yAxisLabel, -(top + (gridH + fm.stringWidth(yAxisLabel)) / 2), gap + fm.getAscent());
        g.setTransform(saved);
    }

    /** The text broken at spaces into lines of at most {@code width} pixels (a word longer than that is its own line). */
    static List<String> wrap(String text, FontMetrics fm, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            String next = line.length() == 0 ? word : line + " " + word;
            if (fm.stringWidth(next) <= width || line.length() == 0) line = new StringBuilder(next);
            else {
                lines.add(line.toString());
                line = new StringBuilder(word);
            }
        }
        lines.add(line.toString());
        return lines;
    }

    @Override
    public String toString() {
        return "ImageGrid(" + images.size() + " images of " + h + "x" + w + ", columns=" + columns + ", scale=" + scale
                + ", inverted=" + inverted + ")";
    }
}
