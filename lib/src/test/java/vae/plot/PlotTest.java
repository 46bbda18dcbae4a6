package vae.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import vae.prob.Rng;

/** Plot helpers: requested size, not blank, headless, clear errors. */
class PlotTest {
    private static final double[] X = {1, 2, 3, 4, 5, 6, 7, 8};
    private static final double[] Y = {1, 4, 9, 16, 25, 36, 49, 64};

    /** Number of distinct colours: a blank image has 1; a chart with axes, text and series has many. */
    static int colours(BufferedImage img) {
        Set<Integer> c = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 2)
            for (int x = 0; x < img.getWidth(); x += 2) c.add(img.getRGB(x, y));
        return c.size();
    }

    /** Fraction of pixels that are not white. */
    static double inked(BufferedImage img) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++)
            for (int x = 0; x < img.getWidth(); x++) if ((img.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) n++;
        return n / (double) (img.getWidth() * img.getHeight());
    }

    @Test
    void runsHeadless() {
        // The surefire configuration passes -Djava.awt.headless=true; the charts must render under it.
        assertTrue(GraphicsEnvironment.isHeadless());
    }

    @Test
    void linePlotHasRequestedSizeAndContent() {
        BufferedImage img = LinePlot.create("squares", "x", "y").series("x^2", X, Y).series("x", X, X).image();
        assertEquals(800, img.getWidth());
        assertEquals(500, img.getHeight());
        // Anti-aliased lines, text and two series give far more than 10 colours; a blank chart has 1.
        assertTrue(colours(img) > 10, "colours " + colours(img));
        assertTrue(inked(img) > 0.01, "inked " + inked(img));
        BufferedImage small = LinePlot.create("log-log", "K", "gap").series("x^2", X, Y).logLog().size(640, 400).image();
        assertEquals(640, small.getWidth());
        assertEquals(400, small.getHeight());
    }

    @Test
    void scatterAndHistogramRender() {
        Rng rng = new Rng(1);
        double[] a = rng.gaussians(300), b = rng.gaussians(300);
        int[] labels = new int[300];
        for (int i = 0; i < 300; i++) labels[i] = i % 10;
        BufferedImage s = ScatterPlot.create("codes", "z1", "z2").labelled(a, b, labels).image();
        assertEquals(800, s.getWidth());
        assertTrue(colours(s) > 10);
        BufferedImage h = HistogramPlot.create("weights", "log w", "density").values("p", a).values("q", b).bins(30).image();
        assertEquals(500, h.getHeight());
        assertTrue(colours(h) > 10);
        BufferedImage j = JensenPlot.of("Jensen", "log x", Math::log, 0.2, 5, 0.5, 4, 0.5);
        assertTrue(colours(j) > 10);
    }

    @Test
    void imageGridLayout() {
        float[][] ims = new float[20][28 * 28];
        for (int k = 0; k < 20; k++) for (int i = 0; i < 28 * 28; i++) ims[k][i] = (i + k) % 28 / 27f;
        // 10 columns of 28*3 = 84 px with a 4 px gap after each: 10 * 88 + 4 px left margin.
        BufferedImage img = ImageGrid.of(ims, 28, 28).columns(10).scale(3).image();
        assertEquals(4 + 10 * 88, img.getWidth());
        assertEquals(4 + 2 * 88, img.getHeight());
        // Pixel (0, 0) of the first image is 0 (black), pixel (0, 27) is 1 (white).
        assertEquals(0x000000, img.getRGB(4, 4) & 0xFFFFFF);
        assertEquals(0xFFFFFF, img.getRGB(4 + 27 * 3, 4) & 0xFFFFFF);
        BufferedImage titled = ImageGrid.of(ims, 28, 28).rowTitles("input", "reconstruction")
                .captions(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9}).title("digits").image();
        assertTrue(titled.getWidth() > img.getWidth() && titled.getHeight() > img.getHeight());
        BufferedImage both = Images.sideBySide(img, titled);
        assertEquals(img.getWidth() + titled.getWidth() + 10, both.getWidth());
        assertEquals(titled.getHeight(), both.getHeight());
    }

    @Test
    void badInputGivesClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LinePlot.create("t", "x", "y").series("s", X, new double[3]));
        assertTrue(e.getMessage().contains("x has 8 values, y has 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> LinePlot.create("t", "x", "y").series("s", new double[] {0, 1}, new double[] {1, 2}).logX().image());
        assertTrue(e.getMessage().contains("positive"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LinePlot.create("t", "x", "y").series("s", new double[] {Double.NaN}, new double[] {1}));
        assertThrows(IllegalStateException.class, () -> LinePlot.create("t", "x", "y").image());
        assertThrows(IllegalArgumentException.class, () -> LinePlot.create("t", "x", "y").size(10, 10));
        e = assertThrows(IllegalArgumentException.class, () -> ImageGrid.create(28, 28).add(new float[783]));
        assertTrue(e.getMessage().contains("expected 28x28 = 784 values, got 783"), e.getMessage());
        float[] nan = new float[4];
        nan[2] = Float.NaN;
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.create(2, 2).add(nan));
        e = assertThrows(IllegalArgumentException.class,
                () -> ScatterPlot.create("t", "x", "y").labelled(X, Y, new int[2]));
        assertTrue(e.getMessage().contains("expected 8 values"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.of(new float[][] {new float[4]}, 2, 2).captions("a", "b").image());
    }
}
