package vae.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/**
 * Composing rendered images: side by side, stacked, or in a grid of panels, on a white
 * background with a gap; and saving as PNG. Inputs are not modified.
 */
public final class Images {
    private Images() {}

    private static final int GAP = 10;

    /** The images left to right, each at its own width, top-aligned, 10 px apart. */
    public static BufferedImage sideBySide(BufferedImage... images) {
        check(images);
        int width = GAP * (images.length - 1), height = 0;
        for (BufferedImage im : images) {
            width += im.getWidth();
            height = Math.max(height, im.getHeight());
        }
        BufferedImage out = blank(width, height);
        Graphics2D g = out.createGraphics();
        int x = 0;
        for (BufferedImage im : images) {
            g.drawImage(im, x, 0, null);
            x += im.getWidth() + GAP;
        }
        g.dispose();
        return out;
    }

    /** The images top to bottom, each at its own height, left-aligned, 10 px apart. */
    public static BufferedImage stacked(BufferedImage... images) {
        check(images);
        int width = 0, height = GAP * (images.length - 1);
        for (BufferedImage im : images) {
            width = Math.max(width, im.getWidth());
            height += im.getHeight();
        }
        BufferedImage out = blank(width, height);
        Graphics2D g = out.createGraphics();
        int y = 0;
        for (BufferedImage im : images) {
            g.drawImage(im, 0, y, null);
            y += im.getHeight() + GAP;
        }
        g.dispose();
        return out;
    }

    private static void check(BufferedImage[] images) {
        if (images == null || images.length == 0) throw new IllegalArgumentException("need at least one image, got 0");
        for (int i = 0; i < images.length; i++) if (images[i] == null) throw new IllegalArgumentException("image " + i + " is null");
    }

    private static BufferedImage blank(int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return out;
    }

    /** The images in rows of {@code columns} panels (row-major), each cell as large as the largest panel. */
    public static BufferedImage grid(int columns, BufferedImage... images) {
        if (images == null || images.length == 0) throw new IllegalArgumentException("need at least one image, got 0");
        if (columns < 1) throw new IllegalArgumentException("columns must be >= 1, got " + columns);
        int cw = 0, ch = 0;
        for (int i = 0; i < images.length; i++) {
            if (images[i] == null) throw new IllegalArgumentException("image " + i + " is null");
            cw = Math.max(cw, images[i].getWidth());
            ch = Math.max(ch, images[i].getHeight());
        }
        int cols = Math.min(columns, images.length);
        int rows = (images.length + cols - 1) / cols;
        int width = cols * cw + (cols - 1) * GAP, height = rows * ch + (rows - 1) * GAP;
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        for (int i = 0; i < images.length; i++)
            g.drawImage(images[i], (i % cols) * (cw + GAP), (i / cols) * (ch + GAP), null);
        g.dispose();
        return out;
    }
}
