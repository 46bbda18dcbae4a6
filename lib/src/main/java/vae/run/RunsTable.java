package vae.run;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;
import tech.tablesaw.selection.Selection;

/**
 * The runs side by side: one row per record, as a Tablesaw table, with the columns
 * <pre>
 *   id, name, preset, [one per parameter], status, wall seconds, commit, dirty, java, vector bits,
 *   threads, [one per metric: "test ELBO", "log p(x) K=5000", ...], weights
 * </pre>
 * (a parameter or metric column blank where a run did not have it; commit and weights cut to
 * their first digits), filtered, sorted and cut to columns by name. {@code ./lecture runs} is
 * its {@link #main}; the site's runs page ({@link RunsPage}) shows the same table.
 * <pre>
 *   RunsTable t = RunsTable.of(RunRecords.in(copy).records())
 *           .where("name", "06-train-vae").where("beta", "0.5,1").sortedBy("-test ELBO");
 *   System.out.print(t.print());
 * </pre>
 * Column names are matched exactly, else ignoring case. A blank cell sorts last either way.
 */
public final class RunsTable {
    /** What a column shows: a fact of the run, one of its parameters, or one of its metrics. */
    public enum Kind { RUN, PARAMETER, METRIC }

    public static final String ID = "id", NAME = "name", PRESET = "preset", STATUS = "status", WALL = "wall seconds",
            COMMIT = "commit", DIRTY = "dirty", JAVA = "java", VECTOR_BITS = "vector bits", THREADS = "threads",
            WEIGHTS = "weights";
    /** The run's own columns before the parameters, and between the parameters and the metrics. */
    static final List<String> LEADING = List.of(ID, NAME, PRESET),
            MIDDLE = List.of(STATUS, WALL, COMMIT, DIRTY, JAVA, VECTOR_BITS, THREADS);
    /** Digits kept of a commit and of a weights digest (enough to tell runs apart, short enough to read). */
    static final int COMMIT_DIGITS = 7, DIGEST_DIGITS = 12;

    private final Table table;
    private final Map<String, Kind> kinds;

    private RunsTable(Table table, Map<String, Kind> kinds) {
        this.table = table;
        this.kinds = kinds;
    }

    /** The table of these records, in their order; every parameter and metric any of them has gets a column. */
    public static RunsTable of(List<RunRecord> records) {
        Map<String, Kind> kinds = new LinkedHashMap<>();
        for (String c : LEADING) kinds.put(c, Kind.RUN);
        for (String c : MIDDLE) kinds.put(c, Kind.RUN);
        kinds.put(WEIGHTS, Kind.RUN);
        Table t = Table.create("runs");
        int n = records.size();
        t.addColumns(StringColumn.create(ID, records.stream().map(RunRecord::id)),
                StringColumn.create(NAME, records.stream().map(RunRecord::name)),
                StringColumn.create(PRESET, records.stream().map(RunsTable::presetOf).map(RunsTable::blankIfNull)));

        Map<String, String> parameterColumns = new LinkedHashMap<>();   // parameter name -> column name
        for (RunRecord r : records)
            for (String p : r.parameters().keySet())
                if (!p.equals(PRESET)) parameterColumns.computeIfAbsent(p, name -> unique(kinds, name, "parameter"));
        List<Column<?>> parameters = new ArrayList<>();
        for (Map.Entry<String, String> e : parameterColumns.entrySet()) {
            kinds.put(e.getValue(), Kind.PARAMETER);
            parameters.add(parameterColumn(e.getValue(), records, e.getKey()));
        }
        t.addColumns(parameters.toArray(Column<?>[]::new));

        DoubleColumn wall = DoubleColumn.create(WALL, records.stream().mapToDouble(RunRecord::wallSeconds));
        wall.setPrintFormatter(new NumberColumnFormatter(decimals(1)));
        IntColumn bits = IntColumn.create(VECTOR_BITS, n), threads = IntColumn.create(THREADS, n);
        BooleanColumn dirty = BooleanColumn.create(DIRTY, n);
        for (int i = 0; i < n; i++) {
            RunRecord r = records.get(i);
            if (r.vectorBits() != null) bits.set(i, r.vectorBits());
            if (r.threads() != null) threads.set(i, r.threads());
            if (r.dirty() != null) dirty.set(i, r.dirty());
        }
        t.addColumns(StringColumn.create(STATUS, records.stream().map(RunRecord::status)), wall,
                StringColumn.create(COMMIT, records.stream().map(r -> shortened(r.commit(), COMMIT_DIGITS))),
                dirty, StringColumn.create(JAVA, records.stream().map(RunRecord::java).map(RunsTable::blankIfNull)), bits, threads);

        for (RunRecord.MetricKey key : metricsOf(records)) {
            String column = unique(kinds, key.label(), "metric");
            kinds.put(column, Kind.METRIC);
            DoubleColumn c = DoubleColumn.create(column, records.stream().mapToDouble(r -> r.metric(key)));
            c.setPrintFormatter(new NumberColumnFormatter(decimals(4)));
            t.addColumns(c);
        }
        t.addColumns(StringColumn.create(WEIGHTS, records.stream()
                .map(r -> r.weightsDigest() == null ? "" : shortened(r.weightsDigest(), DIGEST_DIGITS))));
        Map<String, Kind> ordered = new LinkedHashMap<>();
        for (String c : t.columnNames()) ordered.put(c, kinds.get(c));
        return new RunsTable(t, ordered);
    }

    /** The metrics of these runs in the order they were first reported (a notebook's order), each once. */
    static List<RunRecord.MetricKey> metricsOf(List<RunRecord> records) {
        Set<RunRecord.MetricKey> order = new LinkedHashSet<>();
        for (RunRecord r : records) for (RunRecord.Metric m : r.metrics()) order.add(m.key());
        return List.copyOf(order);
    }

    /** The preset: the record's own, else its "preset" parameter. */
    private static String presetOf(RunRecord r) {
        if (r.preset() != null) return r.preset();
        Object p = r.parameters().get(PRESET);
        return p == null ? null : p.toString();
    }

    /** A column name not yet taken: the name itself, else "KIND NAME" (a parameter called "threads"). */
    private static String unique(Map<String, Kind> taken, String name, String kind) {
        if (!taken.containsKey(name)) return name;
        String other = kind + " " + name;
        for (int i = 2; taken.containsKey(other); i++) other = kind + " " + name + " " + i;
        return other;
    }

    /** Numbers as a number column, true/false as a boolean column, anything else (or a mixture) as text. */
    private static Column<?> parameterColumn(String column, List<RunRecord> records, String parameter) {
        List<Object> values = records.stream().map(r -> r.parameters().get(parameter)).toList();
        boolean numbers = values.stream().allMatch(v -> v == null || v instanceof Double);
        boolean booleans = values.stream().allMatch(v -> v == null || v instanceof Boolean);
        if (numbers) {
            DoubleColumn c = DoubleColumn.create(column, values.size());
            for (int i = 0; i < values.size(); i++) if (values.get(i) != null) c.set(i, (Double) values.get(i));
            c.setPrintFormatter(new NumberColumnFormatter(decimals(10)));
            return c;
        }
        if (booleans) {
            BooleanColumn c = BooleanColumn.create(column, values.size());
            for (int i = 0; i < values.size(); i++) if (values.get(i) != null) c.set(i, (Boolean) values.get(i));
            return c;
        }
        return StringColumn.create(column, values.stream().map(RunsTable::format));
    }

    /** A parameter's value as the table writes it: 2, 0.5, 1.0E-4 as 0.0001, "quick", true, a list as [1 1000] (no comma: see {@link #where}). */
    static String format(Object value) {
        if (value == null) return "";
        if (value instanceof Double d) return decimals(10).format(d);
        if (value instanceof List<?> list) return list.stream().map(RunsTable::format).collect(Collectors.joining(" ", "[", "]"));
        return value.toString();
    }

    /** Up to {@code places} decimals, no grouping, a point for the decimal sign whatever the locale. */
    private static DecimalFormat decimals(int places) {
        DecimalFormat f = new DecimalFormat("0" + (places > 0 ? "." + "#".repeat(places) : ""), DecimalFormatSymbols.getInstance(Locale.ROOT));
        f.setGroupingUsed(false);
        return f;
    }

    private static String shortened(String hex, int digits) {
        return hex == null ? "" : hex.substring(0, Math.min(digits, hex.length()));
    }

    private static String blankIfNull(String s) {
        return s == null ? "" : s;
    }

    // -- what a table shows ----------------------------------------------------------------

    /** The Tablesaw table. */
    public Table table() {
        return table;
    }

    /** The column names, in order. */
    public List<String> columns() {
        return table.columnNames();
    }

    /** What the column shows. */
    public Kind kind(String column) {
        return kinds.get(column(column));
    }

    /** Whether the column holds numbers (sorted and compared as numbers). */
    public boolean numeric(String column) {
        Column<?> c = table.column(column(column));
        return c instanceof DoubleColumn || c instanceof IntColumn;
    }

    /** Rows. */
    public int rows() {
        return table.rowCount();
    }

    /** The cell as printed ("" when blank). */
    public String cell(int row, String column) {
        Column<?> c = table.column(column(column));
        return c.isMissing(row) ? "" : c.getString(row);
    }

    /**
     * The column a user's name means: the exact name, else the one name equal to it ignoring
     * case; an error listing the columns otherwise.
     */
    public String column(String asked) {
        if (table.columnNames().contains(asked)) return asked;
        List<String> like = table.columnNames().stream().filter(c -> c.equalsIgnoreCase(asked)).toList();
        if (like.size() == 1) return like.get(0);
        throw new IllegalArgumentException("no column \"" + asked + "\"; the columns are: " + String.join(", ", table.columnNames()));
    }

    /**
     * The rows whose {@code column} equals {@code value}: a number column compares numbers
     * ("2" finds 2.0), true/false a boolean one, text compares exactly. Alternatives are
     * separated by commas ("0.5,1"); an empty value finds blank cells.
     */
    public RunsTable where(String column, String value) {
        String name = column(column);
        Column<?> c = table.column(name);
        Selection any = Selection.with();
        for (String alternative : value.isEmpty() ? List.of("") : List.of(value.split(",", -1))) {
            String v = alternative.strip();
            if (v.isEmpty()) {
                any = any.or(c.isMissing());
            } else if (c instanceof DoubleColumn d) {
                any = any.or(d.isEqualTo(number(name, v)));
            } else if (c instanceof IntColumn i) {
                double x = number(name, v);
                if (x == Math.rint(x)) any = any.or(i.isEqualTo((int) x));
            } else if (c instanceof BooleanColumn b) {
                any = any.or(truth(name, v) ? b.isTrue() : b.isFalse());
            } else {
                any = any.or(((StringColumn) c).isEqualTo(v));
            }
        }
        return new RunsTable(table.where(any), kinds);
    }

    /**
     * The rows that meet "COLUMN=VALUE" ({@link #where(String, String)}); a column whose name
     * holds "=" ("log p(x) K=5000=-86.5") is found by trying each "=" from the left.
     */
    public RunsTable where(String condition) {
        for (int eq = condition.indexOf('='); eq > 0; eq = condition.indexOf('=', eq + 1)) {
            String name = condition.substring(0, eq).strip();
            if (table.columnNames().stream().anyMatch(c -> c.equalsIgnoreCase(name)))
                return where(name, condition.substring(eq + 1));
        }
        int eq = condition.indexOf('=');
        if (eq < 1) throw new IllegalArgumentException("--where " + condition + ": expected COLUMN=VALUE");
        return where(condition.substring(0, eq).strip(), condition.substring(eq + 1));   // names the unknown column
    }

    private static double number(String column, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("column \"" + column + "\" holds numbers; \"" + value + "\" is not one");
        }
    }

    private static boolean truth(String column, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes" -> true;
            case "false", "no" -> false;
            default -> throw new IllegalArgumentException("column \"" + column + "\" holds true or false; \"" + value + "\" is neither");
        };
    }

    /** Sorted on the column, ascending, or descending when the name starts with "-"; blank cells last either way. */
    public RunsTable sortedBy(String column) {
        boolean descending = column.startsWith("-") && !table.columnNames().contains(column);
        String name = column(descending ? column.substring(1) : column);
        Column<?> c = table.column(name);
        Comparator<Row> order;
        if (c instanceof DoubleColumn d) order = Comparator.comparingDouble(r -> d.getDouble(r.getRowNumber()));
        else if (c instanceof IntColumn i) order = Comparator.comparingInt(r -> i.getInt(r.getRowNumber()));
        else order = Comparator.comparing(r -> c.getString(r.getRowNumber()));
        if (descending) order = order.reversed();
        Comparator<Row> blanksLast = Comparator.comparing(r -> c.isMissing(r.getRowNumber()));
        return new RunsTable(table.sortOn(blanksLast.thenComparing(order)), kinds);
    }

    /**
     * The column names in a comma-separated list ("id,beta,test ELBO"): a column whose own name
     * holds a comma ("mean ESS, prior K=1000") is taken whole, the longest name that fits first;
     * a piece that names no column is an error listing the columns.
     */
    public List<String> columnList(String list) {
        List<String> names = new ArrayList<>();
        String rest = list;
        while (!rest.isEmpty()) {
            String found = null;
            for (String c : table.columnNames()) {
                String candidate = rest.stripLeading();
                boolean fits = candidate.regionMatches(true, 0, c, 0, c.length())
                        && (candidate.length() == c.length() || candidate.substring(c.length()).stripLeading().startsWith(","));
                if (fits && (found == null || c.length() > found.length())) found = c;
            }
            int comma = rest.indexOf(',');
            if (found == null) {
                names.add(column((comma < 0 ? rest : rest.substring(0, comma)).strip()));   // throws: no such column
            } else {
                names.add(column(found));
                String after = rest.stripLeading().substring(found.length()).stripLeading();
                rest = after.startsWith(",") ? after.substring(1) : after;
                continue;
            }
            rest = comma < 0 ? "" : rest.substring(comma + 1);
        }
        return names;
    }

    /** Only these columns, in this order. */
    public RunsTable columns(List<String> names) {
        List<String> chosen = names.stream().map(String::strip).map(this::column).toList();
        if (chosen.isEmpty()) throw new IllegalArgumentException("no columns asked for");
        return new RunsTable(table.selectColumns(chosen.toArray(String[]::new)), kinds);
    }

    /** Without the parameter and metric columns blank in every row (those of runs filtered out). */
    public RunsTable withoutBlankColumns() {
        List<String> keep = table.columnNames().stream()
                .filter(c -> kinds.get(c) == Kind.RUN || table.column(c).countMissing() < table.rowCount()).toList();
        return new RunsTable(table.selectColumns(keep.toArray(String[]::new)), kinds);
    }

    /** The table as text, every row (without Tablesaw's title line, the word "runs" centred over the whole width). */
    public String print() {
        String text = table.printAll();
        return text.substring(text.indexOf('\n') + 1) + "\n";
    }

    /** Writes the table as CSV (numbers in full) to {@code file}, through a temporary file renamed into place. */
    public void writeCsv(Path file) {
        StringWriter out = new StringWriter();
        table.write().csv(out);
        Path target = file.toAbsolutePath();
        try {
            Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            try {
                Files.writeString(tmp, out.toString(), StandardCharsets.UTF_8);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    // -- ./lecture runs ------------------------------------------------------------------------

    /** {@code ./lecture runs}: the options, read by picocli. */
    @Command(name = "./lecture runs", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Prints the recorded runs as a table: one row per record in runs/*/record.json and in the "
                    + "committed records under records/, with every parameter and every metric as a column.",
                    "A file that is not a record of the schema (docs/run-record.md) is named on stderr and left out."})
    static final class Options implements Callable<Integer> {
        @Option(names = "--where", paramLabel = "COLUMN=VALUE", description = "only the runs whose COLUMN (a parameter or any "
                + "other column) has this VALUE; VALUE may list alternatives (beta=0.5,1); an empty VALUE finds blank cells; repeatable")
        List<String> where = new ArrayList<>();
        @Option(names = "--name", paramLabel = "NAME", description = "only the runs of this notebook or experiment (06-train-vae)")
        String name;
        @Option(names = "--sort", paramLabel = "COLUMN", description = "sort on COLUMN, descending with a leading - (\"-test ELBO\"); blank cells last")
        String sort;
        @Option(names = "--columns", paramLabel = "A,B,C", description = "only these columns, in this order")
        String columns;
        @Option(names = "--csv", paramLabel = "FILE", description = "write the table as CSV to FILE instead of printing it")
        Path csv;
        @Option(names = "--copy", paramLabel = "DIR", description = "the records of this copy of the series (default: the one "
                + "this library is in); given twice, the last counts")
        Path copy;

        @Override
        public Integer call() {
            Path folder = (copy != null ? copy : vae.setup.ThisCopy.folder()).toAbsolutePath().normalize();
            RunRecords found = RunRecords.in(folder);
            RunsTable all = RunsTable.of(found.records()), shown = all;
            List<String> filters = new ArrayList<>(where);
            if (name != null) filters.add(NAME + "=" + name);
            try {
                // every option checked against the columns before anything is written
                for (String w : filters) shown = shown.where(w);
                shown = columns != null ? shown.columns(shown.columnList(columns)) : shown.withoutBlankColumns();
                if (sort != null) shown = shown.sortedBy(sort);
            } catch (IllegalArgumentException e) {
                System.err.println("runs: " + e.getMessage());
                return 2;
            }
            for (String s : found.skipped()) System.err.println("runs: skipped " + s);
            long own = found.ownRuns(folder);
            String counts = own + " in runs/, " + (found.records().size() - own) + " committed in records/"
                    + (found.skipped().isEmpty() ? "" : "; " + found.skipped().size() + " file" + (found.skipped().size() == 1 ? "" : "s")
                    + " skipped (above)");
            if (found.records().isEmpty()) {
                System.out.println("runs: no runs recorded yet (" + counts + "). A run of a notebook records itself, e.g.\n"
                        + "  " + MAKE_ONE);
                return 0;
            }
            String of = shown.rows() + " of " + all.rows() + " runs" + (filters.isEmpty() ? "" : " (" + String.join(", ", filters) + ")");
            if (csv != null) {
                shown.writeCsv(csv);
                System.out.println("runs: " + of + ", " + shown.columns().size() + " columns, written to " + csv + "; " + counts);
                return 0;
            }
            if (shown.rows() > 0) System.out.print(shown.print());
            System.out.println("runs: " + of + "; " + counts);
            return 0;
        }
    }

    /** The command that makes a record (shown where there is none). */
    public static final String MAKE_ONE = "./lecture run notebooks/06-train-vae.ipynb -p beta 0.5,1,2,4";

    /** {@code ./lecture runs [options]}; exit status 0, or 2 for an option that names no column or value. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new Options()).setOverwrittenOptionsAllowed(true).execute(args));
    }

    @Override
    public String toString() {
        return "RunsTable(" + table.rowCount() + " runs, columns " + table.columnNames().stream().collect(Collectors.joining(", ")) + ")";
    }
}
