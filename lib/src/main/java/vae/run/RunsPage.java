package vae.run;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.knowm.xchart.style.Styler;
import vae.plot.LinePlot;

/**
 * What the site's runs page shows (environment/site/build_site.py writes the page in each
 * language around it): the table of every record ({@link RunsTable}, the same as
 * {@code ./lecture runs} prints), the files left out, and for each sweep ({@link Sweeps}) one
 * plot per metric against the swept parameter, drawn with the library's {@link LinePlot}.
 * <pre>
 *   java -cp 'lib/target/classpath/*' vae.run.RunsPage --copy . --out build/site/runs
 * </pre>
 * writes {@code OUT/runs.json} (the table's cells as printed, the sweeps and their plot files)
 * and {@code OUT/*.png}; the PNGs of an earlier build are removed first. One JVM start for the
 * whole page, in both languages: a plot's words are the data's own (the metric's name, the
 * parameter's, the unit), so the same picture serves both.
 */
public final class RunsPage {
    private RunsPage() {}

    /** A plot's size in pixels: two side by side fill the page's width. */
    static final int PLOT_WIDTH = 640, PLOT_HEIGHT = 400;
    /** A swept parameter whose values span this factor or more is plotted on a log axis (latent sizes 2 to 50). */
    static final double LOG_AXIS_SPAN = 10;

    /**
     * The plot of a metric against the sweep's parameter: one point per run, a line through
     * them in the parameter's order; where runs share a value (repeats, the two editions), the
     * line goes through their mean and each run is a point of its own.
     */
    public static LinePlot plot(Sweeps.Sweep sweep, RunRecord.MetricKey metric) {
        double[] x = sweep.values(), y = sweep.metric(metric);
        List<double[]> kept = new ArrayList<>();
        for (int i = 0; i < x.length; i++) if (!Double.isNaN(y[i])) kept.add(new double[] {x[i], y[i]});
        double[] xs = kept.stream().mapToDouble(p -> p[0]).toArray(), ys = kept.stream().mapToDouble(p -> p[1]).toArray();
        String unit = unitOf(sweep, metric);
        LinePlot plot = LinePlot.create(metric.label(), sweep.parameter(), unit != null ? unit : metric.label())
                .size(PLOT_WIDTH, PLOT_HEIGHT).markers();
        Map<Double, List<Double>> atValue = new TreeMap<>();
        for (int i = 0; i < xs.length; i++) atValue.computeIfAbsent(xs[i], v -> new ArrayList<>()).add(ys[i]);
        if (atValue.size() == xs.length) {
            plot.series(sweep.name(), xs, ys);
        } else {
            double[] mx = atValue.keySet().stream().mapToDouble(Double::doubleValue).toArray();
            double[] my = atValue.values().stream().mapToDouble(v -> v.stream().mapToDouble(Double::doubleValue).average().orElseThrow()).toArray();
            // the legend below the plot: inside, XChart's screen positions of this chart's points came out
            // all alike (the y axis's min equal to its max) and the legend was left over a run's point
            plot.series("mean of the runs at each " + sweep.parameter(), mx, my).points("one run", xs, ys)
                    .legend(Styler.LegendPosition.OutsideS);
        }
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : xs) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        if (lo > 0 && hi / lo >= LOG_AXIS_SPAN) plot.logX();
        return plot;
    }

    /** The unit the sweep's runs give for the metric, when they agree on one; else null. */
    static String unitOf(Sweeps.Sweep sweep, RunRecord.MetricKey metric) {
        List<String> units = sweep.runs().stream().flatMap(r -> r.metrics().stream())
                .filter(m -> m.key().equals(metric)).map(RunRecord.Metric::unit).distinct().toList();
        return units.size() == 1 ? units.get(0) : null;
    }

    /** The page's content as JSON (see the class comment); writes each plot into {@code out}. */
    static JsonObject build(Path copy, Path out) throws IOException {
        RunRecords found = RunRecords.in(copy);
        RunsTable table = RunsTable.of(found.records()).withoutBlankColumns();
        JsonObject page = new JsonObject();
        page.addProperty("schema", RunRecord.SCHEMA);
        page.addProperty("records", found.records().size());
        page.addProperty("ownRuns", found.ownRuns(copy));
        page.addProperty("makeOne", RunsTable.MAKE_ONE);
        JsonArray skipped = new JsonArray();
        found.skipped().forEach(skipped::add);
        page.add("skipped", skipped);
        JsonArray columns = new JsonArray();
        for (String c : table.columns()) {
            JsonObject col = new JsonObject();
            col.addProperty("name", c);
            col.addProperty("kind", table.kind(c).name().toLowerCase(Locale.ROOT));
            col.addProperty("numeric", table.numeric(c));
            columns.add(col);
        }
        page.add("columns", columns);
        JsonArray rows = new JsonArray();
        for (int i = 0; i < table.rows(); i++) {
            JsonArray row = new JsonArray();
            for (String c : table.columns()) row.add(table.cell(i, c));
            rows.add(row);
        }
        page.add("rows", rows);

        JsonArray sweeps = new JsonArray();
        Map<String, Integer> used = new LinkedHashMap<>();
        for (Sweeps.Sweep s : Sweeps.in(found.records())) {
            JsonObject sweep = new JsonObject();
            sweep.addProperty("name", s.name());
            sweep.addProperty("parameter", s.parameter());
            JsonObject fixed = new JsonObject();
            s.fixed().forEach((k, v) -> fixed.addProperty(k, RunsTable.format(v)));
            sweep.add("fixed", fixed);
            JsonArray runs = new JsonArray(), values = new JsonArray();
            for (RunRecord r : s.runs()) {
                runs.add(r.id());
                JsonPrimitive value = new JsonPrimitive(RunsTable.format(r.parameters().get(s.parameter())));
                if (!values.contains(value)) values.add(value);   // each value once (repeats: several runs at one value)
            }
            sweep.add("runs", runs);
            sweep.add("values", values);
            JsonArray plots = new JsonArray();
            String stem = slug(s.name() + "-" + s.parameter());
            int n = used.merge(stem, 1, Integer::sum);
            for (RunRecord.MetricKey metric : s.metrics()) {
                String file = stem + (n > 1 ? "-" + n : "") + "-" + slug(metric.label()) + ".png";
                writePng(plot(s, metric).image(), out.resolve(file));
                JsonObject p = new JsonObject();
                p.addProperty("metric", metric.label());
                p.addProperty("file", file);
                plots.add(p);
            }
            sweep.add("plots", plots);
            sweeps.add(sweep);
        }
        page.add("sweeps", sweeps);
        return page;
    }

    /** A file name's part made of a name: lower case letters, digits and dashes ("log p(x) K=5000" -> "log-p-x-k-5000"). */
    static String slug(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return s.isEmpty() ? "x" : s;
    }

    private static void writePng(BufferedImage image, Path file) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        try {
            if (!ImageIO.write(image, "png", tmp.toFile())) throw new IOException("no PNG writer");
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** {@code --copy DIR --out DIR}: writes OUT/runs.json and the plots; exit status 2 on wrong arguments. */
    public static void main(String[] args) throws IOException {
        Path copy = null, out = null;
        for (int i = 0; i < args.length; i++) {
            if (i + 1 < args.length && args[i].equals("--copy")) copy = Path.of(args[++i]);
            else if (i + 1 < args.length && args[i].equals("--out")) out = Path.of(args[++i]);
            else {
                System.err.println("runs page: unexpected argument " + args[i] + "; usage: RunsPage --copy DIR --out DIR");
                System.exit(2);
            }
        }
        if (copy == null || out == null) {
            System.err.println("runs page: usage: RunsPage --copy DIR --out DIR (both needed)");
            System.exit(2);
        }
        copy = copy.toAbsolutePath().normalize();
        Files.createDirectories(out);
        try (Stream<Path> old = Files.list(out)) {
            for (Path p : old.filter(p -> p.getFileName().toString().endsWith(".png")).toList()) Files.delete(p);
        }
        JsonObject page = build(copy, out);
        Path json = out.resolve("runs.json"), tmp = out.resolve(".runs.json.tmp");
        try {
            Files.writeString(tmp, new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(page), StandardCharsets.UTF_8);
            Files.move(tmp, json, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + json, e);
        }
    }
}
