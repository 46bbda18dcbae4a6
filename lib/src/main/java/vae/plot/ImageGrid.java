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
 * Images are copied when added; values outside [0, 1] are clipped, NaN is rejected.
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
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 18);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        FontMetrics fm = pg.getFontMetrics(font);
        FontMetrics tfm = pg.getFontMetrics(titleFont);
        int left = gap;
        if (rowTitles != null) {
            int max = 0;
            for (String t : rowTitles) max = Math.max(max, fm.stringWidth(t == null ? "" : t));
            left = max + 3 * gap + 4;
        }
        pg.dispose();
        int top = gap + (title != null ? tfm.getHeight() + gap : 0);
        int cellW = w * scale, cellH = h * scale;
        int captionH = captions != null ? fm.getHeight() + 2 : 0;
        int width = left + cols * (cellW + gap);
        int height = top + rows * (cellH + captionH + gap);
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        if (title != null) {
            g.setFont(titleFont);
            g.drawString(title, (width - tfm.stringWidth(title)) / 2, gap + tfm.getAscent());
        }
        g.setFont(font);
        for (int k = 0; k < n; k++) {
            int r = k / cols, c = k % cols;
            int x0 = left + c * (cellW + gap), y0 = top + r * (cellH + captionH + gap);
            float[] im = images.get(k);
            for (int i = 0; i < h; i++)
                for (int j = 0; j < w; j++) {
                    float v = Math.min(1f, Math.max(0f, im[i * w + j]));
                    if (inverted) v = 1f - v;
                    int gray = Math.round(255f * v);
                    int rgb = (gray << 16) | (gray << 8) | gray;
                    for (int a = 0; a < scale; a++)
                        for (int b = 0; b < scale; b++) out.setRGB(x0 + j * scale + b, y0 + i * scale + a, rgb);
                }
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
        g.dispose();
        return out;
    }

    @Override
    public String toString() {
        return "ImageGrid(" + images.size() + " images of " + h + "x" + w + ", columns=" + columns + ", scale=" + scale
                + ", inverted=" + inverted + ")";
    }
}
