package vae.plot;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A figure the reader can move: one or two sliders (and a play button for a sequence) over
 * frames rendered in advance, each frame a picture and the numbers shown beside it.
 * <pre>
 *   InteractiveFigure.create("Q against the posterior")
 *       .parameter("mean of Q", Curves1D.grid(-1, 2, 13), 0.5)
 *       .parameter("std of Q", Curves1D.grid(0.2, 1.2, 6), 0.6)
 *       .frames((mu, sd) -&gt; InteractiveFigure.Frame.of(plotOf(mu, sd)).number("ELBO", elbo(mu, sd)))
 *       .show();
 * </pre>
 * The output is one self-contained piece of HTML: every frame is a PNG inside it and the
 * script that moves between them is inline, so nothing is fetched, and the same output works
 * in the live notebook, in an exported page and in reveal.js slides, offline. Without a
 * script (an untrusted notebook, a viewer that runs none) the HTML shows the default frame and
 * its numbers; the display also carries that frame as image/png for viewers without HTML.
 * Frames are stored with at most 256 colours (a chart's rarest anti-aliasing shades take the
 * nearest kept colour), which halves their size. A figure whose output would pass {@link #MAX_BYTES} is refused with the sizes found: use
 * fewer frames or smaller pictures.
 */
public final class InteractiveFigure {
    /** The largest output allowed, in bytes (the HTML with every frame in it). */
    public static final int MAX_BYTES = 2_000_000;
    /** Milliseconds per frame when playing, unless {@link Builder#play(int)} says otherwise. */
    public static final int DEFAULT_FRAME_MS = 150;

    private final String title;
    private final List<Parameter> parameters;
    private final List<String> pngs;       // distinct frames, base64
    private final int[] frameOf;           // grid point (row-major over the parameters) -> png
    private final List<String> labels;     // the numbers' names, the same for every frame
    private final List<List<String>> values;  // grid point -> formatted numbers
    private final int[] start;             // default index of each parameter
    private final int frameMs;
    private final boolean play;
    private final BufferedImage defaultImage;
    private final String html;

    private InteractiveFigure(Builder b, List<Frame> grid) {
        this.title = b.title;
        this.parameters = List.copyOf(b.parameters);
        this.frameMs = b.frameMs;
        this.play = b.play;
        this.start = new int[parameters.size()];
        for (int p = 0; p < parameters.size(); p++) start[p] = parameters.get(p).initialIndex;
        this.labels = grid.get(0).labels();
        this.pngs = new ArrayList<>();
        this.frameOf = new int[grid.size()];
        this.values = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();  // equal pictures are stored once
        for (int i = 0; i < grid.size(); i++) {
            Frame f = grid.get(i);
            if (!f.labels().equals(labels))
                throw new IllegalArgumentException("every frame must show the same numbers: frame 0 shows " + labels
                        + ", frame " + i + " shows " + f.labels());
            String png = base64Png(Palette.reduce(f.image));
            Integer at = seen.get(png);
            if (at == null) {
                at = pngs.size();
                seen.put(png, at);
                pngs.add(png);
            }
            frameOf[i] = at;
            values.add(f.values());
        }
        this.defaultImage = grid.get(gridIndex(start)).image;
        this.html = renderHtml();
        int bytes = html.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES)
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "interactive figure '%s' would be %d bytes (%d frames, %d distinct pictures), more than the %d allowed:"
                            + " use fewer parameter values or smaller pictures", title, bytes, grid.size(), pngs.size(), MAX_BYTES));
    }

    /** A new figure with this title (shown above the sliders). */
    public static Builder create(String title) {
        if (title == null || title.isBlank()) throw new IllegalArgumentException("an interactive figure needs a title, got '" + title + "'");
        return new Builder(title);
    }

    /** One frame: a picture and named numbers shown beside it, in the order added. */
    public static final class Frame {
        private final BufferedImage image;
        private final LinkedHashMap<String, String> numbers = new LinkedHashMap<>();

        private Frame(BufferedImage image) {
            this.image = image;
        }

        /** A frame showing this picture. */
        public static Frame of(BufferedImage image) {
            if (image == null) throw new IllegalArgumentException("a frame needs a picture, got null");
            return new Frame(image);
        }

        /** A number shown beside the picture, to 4 decimals. */
        public Frame number(String label, double value) {
            return text(label, String.format(Locale.ROOT, "%.4f", value));
        }

        /** A number shown beside the picture as given (e.g. a count, or a value with its unit). */
        public Frame text(String label, String value) {
            if (label == null || label.isBlank()) throw new IllegalArgumentException("a number needs a label, got '" + label + "'");
            if (numbers.containsKey(label)) throw new IllegalArgumentException("the frame already shows '" + label + "'");
            numbers.put(label, String.valueOf(value));
            return this;
        }

        List<String> labels() {
            return List.copyOf(numbers.keySet());
        }

        List<String> values() {
            return List.copyOf(numbers.values());
        }
    }

    /** Draws the frame of one parameter's value. */
    @FunctionalInterface
    public interface Frames1 {
        Frame at(double value);
    }

    /** Draws the frame of two parameters' values. */
    @FunctionalInterface
    public interface Frames2 {
        Frame at(double first, double second);
    }

    private static final class Parameter {
        final String name;
        final double[] values;
        final int initialIndex;

        Parameter(String name, double[] values, int initialIndex) {
            this.name = name;
            this.values = values;
            this.initialIndex = initialIndex;
        }
    }

    /** Collects the parameters, then renders every frame. */
    public static final class Builder {
        private final String title;
        private final List<Parameter> parameters = new ArrayList<>();
        private boolean play;
        private int frameMs = DEFAULT_FRAME_MS;

        private Builder(String title) {
            this.title = title;
        }

        /** A slider over these values (at least 2, increasing), starting at the value nearest {@code initial}. */
        public Builder parameter(String name, double[] values, double initial) {
            if (parameters.size() == 2) throw new IllegalArgumentException("at most two parameters, '" + name + "' would be the third");
            if (name == null || name.isBlank()) throw new IllegalArgumentException("a parameter needs a name, got '" + name + "'");
            if (values == null || values.length < 2)
                throw new IllegalArgumentException("parameter '" + name + "' needs at least 2 values, got " + (values == null ? "null" : values.length));
            for (int i = 0; i < values.length; i++) {
                if (!Double.isFinite(values[i])) throw new IllegalArgumentException("parameter '" + name + "': value " + i + " is " + values[i]);
                if (i > 0 && !(values[i] > values[i - 1]))
                    throw new IllegalArgumentException("parameter '" + name + "': values must increase, but value " + i + " = "
                            + values[i] + " follows " + values[i - 1]);
            }
            int nearest = 0;
            for (int i = 1; i < values.length; i++) if (Math.abs(values[i] - initial) < Math.abs(values[nearest] - initial)) nearest = i;
            parameters.add(new Parameter(name, values.clone(), nearest));
            return this;
        }

        /** A sequence 0, 1, ..., count - 1 (steps of a run) with a play button, starting at {@code initial}. */
        public Builder sequence(String name, int count, int initial) {
            if (count < 2) throw new IllegalArgumentException("sequence '" + name + "' needs at least 2 frames, got " + count);
            if (initial < 0 || initial >= count) throw new IllegalArgumentException("sequence '" + name + "': initial frame " + initial + " is outside 0.." + (count - 1));
            double[] steps = new double[count];
            for (int i = 0; i < count; i++) steps[i] = i;
            parameter(name, steps, initial);
            return play(DEFAULT_FRAME_MS);
        }

        /** A play button that moves the first slider from its start to its end, one frame every {@code frameMs}. */
        public Builder play(int frameMs) {
            if (frameMs < 20 || frameMs > 5000) throw new IllegalArgumentException("frameMs must be within 20..5000, got " + frameMs);
            this.play = true;
            this.frameMs = frameMs;
            return this;
        }

        /** Renders the frame of every value of the one parameter. */
        public InteractiveFigure frames(Frames1 draw) {
            if (parameters.size() != 1) throw new IllegalStateException("frames(value -> ...) needs exactly one parameter, the figure has " + parameters.size());
            List<Frame> grid = new ArrayList<>();
            for (double v : parameters.get(0).values) grid.add(checked(draw.at(v), parameters.get(0).name + " = " + v));
            return new InteractiveFigure(this, grid);
        }

        /** Renders the frame of every pair of values (first parameter outer, second inner). */
        public InteractiveFigure frames(Frames2 draw) {
            if (parameters.size() != 2) throw new IllegalStateException("frames((a, b) -> ...) needs two parameters, the figure has " + parameters.size());
            List<Frame> grid = new ArrayList<>();
            for (double a : parameters.get(0).values)
                for (double b : parameters.get(1).values)
                    grid.add(checked(draw.at(a, b), parameters.get(0).name + " = " + a + ", " + parameters.get(1).name + " = " + b));
            return new InteractiveFigure(this, grid);
        }

        private static Frame checked(Frame f, String where) {
            if (f == null) throw new IllegalArgumentException("no frame drawn for " + where);
            return f;
        }
    }

    // -- what the figure is --------------------------------------------------------------

    /** The HTML output: controls, the default frame, and every frame inline. */
    public String html() {
        return html;
    }

    /** Its size in bytes (UTF-8): at most {@link #MAX_BYTES}. */
    public int bytes() {
        return html.getBytes(StandardCharsets.UTF_8).length;
    }

    /** How many frames the sliders move over (the grid of parameter values). */
    public int frameCount() {
        return frameOf.length;
    }

    /** How many distinct pictures the output stores (equal frames are stored once). */
    public int pictureCount() {
        return pngs.size();
    }

    /** The picture shown before anything is moved: the frame at the parameters' initial values. */
    public BufferedImage defaultImage() {
        return defaultImage;
    }

    /** The formatted numbers of the frame at these slider positions (one index per parameter). */
    public Map<String, String> numbersAt(int... indices) {
        List<String> v = values.get(gridIndex(indices));
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) out.put(labels.get(i), v.get(i));
        return out;
    }

    private int gridIndex(int[] indices) {
        if (indices.length != parameters.size())
            throw new IllegalArgumentException("need " + parameters.size() + " slider positions, got " + indices.length);
        int at = 0;
        for (int p = 0; p < parameters.size(); p++) {
            int n = parameters.get(p).values.length;
            if (indices[p] < 0 || indices[p] >= n)
                throw new IllegalArgumentException("position " + indices[p] + " of '" + parameters.get(p).name + "' is outside 0.." + (n - 1));
            at = at * n + indices[p];
        }
        return at;
    }

    /** Shows the figure below the cell: text/html, with the default frame as image/png and a text line. */
    public void show() {
        KernelDisplay.show(toString(), html, base64Png(defaultImage));
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("InteractiveFigure(").append(title).append(": ");
        for (Parameter p : parameters) s.append(p.name).append(" (").append(p.values.length).append(" values), ");
        return s.append(frameCount()).append(" frames, ").append(pngs.size()).append(" pictures, ")
                .append(String.format(Locale.ROOT, "%.0f kB", bytes() / 1000.0)).append(")").toString();
    }

    // -- the HTML ------------------------------------------------------------------------

    private String renderHtml() {
        String id = "vae-fig-" + digest();
        int at = gridIndex(start);
        StringBuilder h = new StringBuilder();
        h.append("<div class=\"vae-interactive\" id=\"").append(id).append("\">\n");
        h.append("<div class=\"vae-title\"><b>").append(escape(title)).append("</b></div>\n");
        h.append("<div class=\"vae-controls\"></div>\n");  // filled by the script
        h.append("<div class=\"vae-body\" style=\"display: flex; flex-wrap: wrap; align-items: flex-start; gap: 12px;\">\n");
        h.append("<img class=\"vae-frame\" alt=\"").append(escape(title)).append("\" style=\"max-width: 100%; height: auto;\" src=\"data:image/png;base64,")
                .append(pngs.get(frameOf[at])).append("\">\n");
        h.append("<table class=\"vae-numbers\">");
        for (int p = 0; p < parameters.size(); p++)
            h.append("<tr><th>").append(escape(parameters.get(p).name)).append("</th><td class=\"vae-param\">")
                    .append(format(parameters.get(p).values[start[p]])).append("</td></tr>");
        for (int i = 0; i < labels.size(); i++)
            h.append("<tr><th>").append(escape(labels.get(i))).append("</th><td class=\"vae-value\">")
                    .append(escape(values.get(at).get(i))).append("</td></tr>");
        h.append("</table>\n</div>\n");
        h.append("<p class=\"vae-static-note\"><i>A still picture: the figure's default frame. To move its sliders, open the "
                + "notebook trusted in Jupyter (jupyter trust), or its page or slides on the lecture's site.</i></p>\n");
        h.append("<script type=\"application/json\" class=\"vae-data\">").append(dataJson().replace("</", "<\\/")).append("</script>\n");
        h.append("<script>\n").append(SCRIPT.replace("@ID@", id)).append("</script>\n</div>\n");
        return h.toString();
    }

    private String dataJson() {
        StringBuilder j = new StringBuilder("{\"title\":").append(json(title)).append(",\"params\":[");
        for (int p = 0; p < parameters.size(); p++) {
            Parameter par = parameters.get(p);
            j.append(p > 0 ? "," : "").append("{\"name\":").append(json(par.name)).append(",\"start\":").append(start[p]).append(",\"labels\":[");
            for (int i = 0; i < par.values.length; i++) j.append(i > 0 ? "," : "").append(json(format(par.values[i])));
            j.append("]}");
        }
        j.append("],\"play\":").append(play).append(",\"frameMs\":").append(frameMs).append(",\"labels\":[");
        for (int i = 0; i < labels.size(); i++) j.append(i > 0 ? "," : "").append(json(labels.get(i)));
        j.append("],\"frameOf\":[");
        for (int i = 0; i < frameOf.length; i++) j.append(i > 0 ? "," : "").append(frameOf[i]);
        j.append("],\"values\":[");
        for (int i = 0; i < values.size(); i++) {
            j.append(i > 0 ? "," : "").append('[');
            for (int k = 0; k < values.get(i).size(); k++) j.append(k > 0 ? "," : "").append(json(values.get(i).get(k)));
            j.append(']');
        }
        j.append("],\"pngs\":[");
        for (int i = 0; i < pngs.size(); i++) j.append(i > 0 ? ",\n" : "").append('"').append(pngs.get(i)).append('"');
        return j.append("]}").toString();
    }

    /** The script, once per figure; it finds its figure by id, builds the controls and moves the frames. */
    private static final String SCRIPT = String.join("\n",
            "(function () {",
            "  var root = document.getElementById('@ID@');",
            "  if (!root || root.getAttribute('data-ready')) return;",
            "  root.setAttribute('data-ready', 'yes');",
            "  var data = JSON.parse(root.querySelector('script.vae-data').textContent);",
            "  var img = root.querySelector('img.vae-frame');",
            "  var params = root.querySelectorAll('td.vae-param'), values = root.querySelectorAll('td.vae-value');",
            "  var note = root.querySelector('.vae-static-note');",
            "  if (note) note.parentNode.removeChild(note);",
            "  var at = data.params.map(function (p) { return p.start; });",
            "  var controls = root.querySelector('.vae-controls'), sliders = [], timer = null, button = null;",
            "  function show() {",
            "    var g = 0;",
            "    for (var p = 0; p < data.params.length; p++) {",
            "      g = g * data.params[p].labels.length + at[p];",
            "      params[p].textContent = data.params[p].labels[at[p]];",
            "      sliders[p].value = String(at[p]);",
            "    }",
            "    img.src = 'data:image/png;base64,' + data.pngs[data.frameOf[g]];",
            "    for (var i = 0; i < values.length; i++) values[i].textContent = data.values[g][i];",
            "    root.setAttribute('data-frame', String(g));",
            "  }",
            "  function stop() { if (timer) { clearInterval(timer); timer = null; button.textContent = '\\u25B6 play'; } }",
            "  data.params.forEach(function (p, k) {",
            "    var label = document.createElement('label');",
            "    label.style.marginRight = '1.5em';",
            "    label.appendChild(document.createTextNode(p.name + ' '));",
            "    var s = document.createElement('input');",
            "    s.type = 'range'; s.min = '0'; s.max = String(p.labels.length - 1); s.step = '1';",
            "    s.className = 'vae-slider'; s.style.verticalAlign = 'middle'; s.style.width = '14em';",
            "    s.addEventListener('input', function () { stop(); at[k] = Number(s.value); show(); });",
            "    label.appendChild(s);",
            "    controls.appendChild(label);",
            "    sliders.push(s);",
            "  });",
            "  if (data.play) {",
            "    button = document.createElement('button');",
            "    button.className = 'vae-play'; button.type = 'button';",
            "    button.textContent = '\\u25B6 play';",
            "    button.addEventListener('click', function () {",
            "      if (timer) { stop(); return; }",
            "      var last = data.params[0].labels.length - 1;",
            "      if (at[0] === last) { at[0] = 0; show(); }",
            "      button.textContent = '\\u275A\\u275A pause';",
            "      timer = setInterval(function () {",
            "        if (at[0] >= last) { stop(); return; }",
            "        at[0] += 1; show();",
            "      }, data.frameMs);",
            "    });",
            "    controls.appendChild(button);",
            "  }",
            "  show();",
            "})();",
            "");

    private String digest() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(title.getBytes(StandardCharsets.UTF_8));
            for (String png : pngs) md.update(png.getBytes(StandardCharsets.US_ASCII));
            for (List<String> v : values) md.update(v.toString().getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte b : md.digest()) hex.append(String.format("%02x", b));
            return hex.substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** A parameter value as a short label: up to 4 significant digits, no trailing zeros. */
    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) return String.valueOf((long) v);
        String s = String.format(Locale.ROOT, "%.4g", v);
        if (s.contains("e")) return s;
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    static String base64Png(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode a frame as PNG", e);
        }
    }

    /** At most 256 colours per picture, so that PNG stores one byte per pixel instead of three. */
    static final class Palette {
        static final int MAX_COLOURS = 256;

        private Palette() {}

        /** The picture with its 256 most frequent colours; any other colour becomes the nearest of them. */
        static BufferedImage reduce(BufferedImage image) {
            int w = image.getWidth(), h = image.getHeight();
            int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
            Map<Integer, Integer> counts = new HashMap<>();
            for (int c : rgb) counts.merge(c & 0xFFFFFF, 1, Integer::sum);
            List<Integer> kept = new ArrayList<>(counts.keySet());
            kept.sort((a, b) -> counts.get(b) - counts.get(a) != 0 ? counts.get(b) - counts.get(a) : Integer.compare(a, b));
            if (kept.size() > MAX_COLOURS) kept = kept.subList(0, MAX_COLOURS);
            byte[] r = new byte[kept.size()], g = new byte[kept.size()], b = new byte[kept.size()];
            Map<Integer, Integer> index = new HashMap<>();
            for (int i = 0; i < kept.size(); i++) {
                int c = kept.get(i);
                r[i] = (byte) (c >> 16);
                g[i] = (byte) (c >> 8);
                b[i] = (byte) c;
                index.put(c, i);
            }
            java.awt.image.IndexColorModel model = new java.awt.image.IndexColorModel(8, kept.size(), r, g, b);
            BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, model);
            java.awt.image.WritableRaster raster = out.getRaster();
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    int c = rgb[y * w + x] & 0xFFFFFF;
                    Integer i = index.get(c);
                    if (i == null) {
                        i = nearest(c, kept);
                        index.put(c, i);
                    }
                    raster.setSample(x, y, 0, i);
                }
            return out;
        }

        private static int nearest(int c, List<Integer> kept) {
            int best = 0;
            long bestDistance = Long.MAX_VALUE;
            for (int i = 0; i < kept.size(); i++) {
                int k = kept.get(i);
                long dr = ((c >> 16) & 255) - ((k >> 16) & 255), dg = ((c >> 8) & 255) - ((k >> 8) & 255), db = (c & 255) - (k & 255);
                long d = dr * dr + dg * dg + db * db;
                if (d < bestDistance) {
                    bestDistance = d;
                    best = i;
                }
            }
            return best;
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String json(String s) {
        StringBuilder j = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') j.append('\\').append(c);
            else if (c < 0x20) j.append(String.format("\\u%04x", (int) c));
            else j.append(c);
        }
        return j.append('"').toString();
    }

    /**
     * Hands a MIME bundle to the notebook kernel running this code. The library does not depend
     * on a kernel, so the kernel's classes are found by name: our kernel's {@code vae.kernel.Display},
     * else IJava's kernel instance (both take a basekernel {@code DisplayData}).
     */
    static final class KernelDisplay {
        private static final String DISPLAY_DATA = "io.github.spencerpark.jupyter.kernel.display.DisplayData";

        private KernelDisplay() {}

        static void show(String text, String html, String pngBase64) {
            ClassLoader[] loaders = {Thread.currentThread().getContextClassLoader(), InteractiveFigure.class.getClassLoader()};
            for (ClassLoader loader : loaders) {
                if (loader == null) continue;
                try {
                    Class<?> dataClass = Class.forName(DISPLAY_DATA, true, loader);
                    Object data = dataClass.getConstructor(String.class).newInstance(text);
                    dataClass.getMethod("putHTML", String.class).invoke(data, html);
                    dataClass.getMethod("putData", String.class, Object.class).invoke(data, "image/png", pngBase64);
                    Class<?> ours = find("vae.kernel.Display", loader);
                    if (ours != null) {
                        ours.getMethod("display", Object.class).invoke(null, data);
                        return;
                    }
                    Class<?> ijava = find("io.github.spencerpark.ijava.IJava", loader);
                    if (ijava != null) {
                        Object kernel = ijava.getMethod("getKernelInstance").invoke(null);
                        Method display = kernel.getClass().getMethod("display", dataClass);
                        display.invoke(kernel, data);
                        return;
                    }
                } catch (ClassNotFoundException e) {
                    // not in this loader: try the next
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("the kernel refused the figure's display: " + e.getCause(), e);
                }
            }
            throw new IllegalStateException("show() works inside a Jupyter kernel (Java (VAE lecture) or IJava);"
                    + " elsewhere use html() for the figure's HTML or defaultImage() for its picture");
        }

        private static Class<?> find(String name, ClassLoader loader) {
            try {
                return Class.forName(name, true, loader);
            } catch (ClassNotFoundException e) {
                return null;
            }
        }
    }
}
