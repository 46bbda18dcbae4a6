package vae.plot;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class InteractiveFigureTest {
    /** A picture whose colour encodes a value, so that distinct values give distinct PNGs. */
    private static BufferedImage picture(int shade, int size) {
        BufferedImage im = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = im.createGraphics();
        g.setColor(new Color(shade, 255 - shade, 128));
        g.fillRect(0, 0, size, size);
        g.dispose();
        return im;
    }

    private static int distance(int a, int b) {
        int dr = ((a >> 16) & 255) - ((b >> 16) & 255), dg = ((a >> 8) & 255) - ((b >> 8) & 255), db = (a & 255) - (b & 255);
        return dr * dr + dg * dg + db * db;
    }

    private static int count(String text, String pattern) {
        Matcher m = Pattern.compile(pattern).matcher(text);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    @Test
    void twoParametersMakeEveryFrameAndStartAtTheNearestValues() {
        double[] a = {0.0, 0.5, 1.0}, b = {1.0, 2.0};
        InteractiveFigure fig = InteractiveFigure.create("sum")
                .parameter("a", a, 0.45).parameter("b", b, 2.0)
                .frames((x, y) -> InteractiveFigure.Frame.of(picture((int) (80 * (x + y)), 60)).number("a + b", x + y));
        assertEquals(6, fig.frameCount());
        assertEquals(5, fig.pictureCount(), "a + b takes 5 distinct values over the grid, equal pictures are stored once");
        assertEquals(Map.of("a + b", "2.5000"), fig.numbersAt(1, 1));
        assertEquals(Map.of("a + b", "1.0000"), fig.numbersAt(0, 0));
        // the default frame: a = 0.5 (nearest 0.45), b = 2, so its picture is that of a + b = 2.5
        assertEquals(picture(200, 60).getRGB(3, 3), fig.defaultImage().getRGB(3, 3));
        String html = fig.html();
        assertTrue(html.contains("<td class=\"vae-value\">2.5000</td>"), "the default numbers are in the static HTML");
        assertEquals(5 + 1, count(html, "iVBORw0KGgo"), "every distinct PNG once in the data, the default once in the <img>");
        assertFalse(html.matches("(?s).*(https?:)?//[a-z].*"), "nothing is fetched");
        assertEquals(html.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, fig.bytes());
    }

    @Test
    void sequencesHaveAPlayButtonAndParameterLabelsAreShort() {
        InteractiveFigure fig = InteractiveFigure.create("run").sequence("step", 4, 0)
                .frames(t -> InteractiveFigure.Frame.of(picture((int) t * 50, 20)).text("step", String.valueOf((int) t)));
        assertTrue(fig.html().contains("\"play\":true"));
        assertEquals("0.125", InteractiveFigure.format(0.125));
        assertEquals("3", InteractiveFigure.format(3.0));
        assertEquals("0.3333", InteractiveFigure.format(1.0 / 3));
    }

    @Test
    void framesKeepTheirMostFrequentColoursAndMapTheRestToTheNearest() {
        BufferedImage im = new BufferedImage(30, 20, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 20; y++) for (int x = 0; x < 30; x++) im.setRGB(x, y, (x * 30 + y) * 17);  // 600 colours
        im.setRGB(0, 0, 0xFFFFFF);
        for (int x = 0; x < 30; x++) im.setRGB(x, 5, 0x1F77B4);  // one colour 30 times: kept exactly
        BufferedImage reduced = InteractiveFigure.Palette.reduce(im);
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < 20; y++) for (int x = 0; x < 30; x++) colours.add(reduced.getRGB(x, y) & 0xFFFFFF);
        assertTrue(colours.size() <= 256, colours.size() + " colours");
        assertEquals(0x1F77B4, reduced.getRGB(7, 5) & 0xFFFFFF);
        // every pixel took the kept colour nearest to it (squared RGB distance)
        for (int y = 0; y < 20; y++) for (int x = 0; x < 30; x++) {
            int a = im.getRGB(x, y), b = reduced.getRGB(x, y);
            for (int p : colours)
                assertTrue(distance(a, b) <= distance(a, p), "pixel " + x + "," + y + " took " + Integer.toHexString(b)
                        + " but " + Integer.toHexString(p) + " is nearer");
        }
        BufferedImage few = picture(10, 8);
        assertEquals(few.getRGB(2, 2), InteractiveFigure.Palette.reduce(few).getRGB(2, 2), "a picture with few colours is unchanged");
    }

    @Test
    void badInputIsRefusedWithWhatWasFound() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InteractiveFigure.create("t").parameter("a", new double[] {1, 1}, 1));
        assertTrue(e.getMessage().contains("must increase"), e.getMessage());
        IllegalStateException s = assertThrows(IllegalStateException.class,
                () -> InteractiveFigure.create("t").parameter("a", new double[] {1, 2}, 1).frames((x, y) -> null));
        assertTrue(s.getMessage().contains("two parameters"), s.getMessage());
        IllegalArgumentException labels = assertThrows(IllegalArgumentException.class,
                () -> InteractiveFigure.create("t").parameter("a", new double[] {1, 2}, 1)
                        .frames(x -> InteractiveFigure.Frame.of(picture(0, 10)).number(x < 1.5 ? "p" : "q", x)));
        assertTrue(labels.getMessage().contains("same numbers"), labels.getMessage());
    }

    @Test
    void anOutputOverTheLimitIsRefused() {
        // Noise does not compress: 40 frames of 200 x 200 random pixels are far above 2 MB.
        java.util.Random r = new java.util.Random(1);
        double[] v = new double[40];
        for (int i = 0; i < v.length; i++) v[i] = i;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InteractiveFigure.create("noise").parameter("i", v, 0).frames(x -> {
                    BufferedImage im = new BufferedImage(200, 200, BufferedImage.TYPE_INT_RGB);
                    for (int py = 0; py < 200; py++) for (int px = 0; px < 200; px++) im.setRGB(px, py, r.nextInt());
                    return InteractiveFigure.Frame.of(im);
                }));
        assertTrue(e.getMessage().contains("more than the 2000000 allowed"), e.getMessage());
    }

    @Test
    void showOutsideAKernelSaysWhatToUseInstead() {
        InteractiveFigure fig = InteractiveFigure.create("t").parameter("a", new double[] {1, 2}, 1)
                .frames(x -> InteractiveFigure.Frame.of(picture(0, 10)));
        IllegalStateException e = assertThrows(IllegalStateException.class, fig::show);
        assertTrue(e.getMessage().contains("html()"), e.getMessage());
    }
}
