package vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The table "where each formula lives" in the library's package documentation (vae/package-info.java)
 * stays true: every method it names exists, and its "called by" and "notebooks" columns are exactly
 * the library classes and the notebooks whose code calls {@code Class.method(} directly.
 */
class FormulaTableTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Path NOTEBOOKS = Path.of("../notebooks");
    private static final Pattern ROW = Pattern.compile(
            "<tr><td>(.*?)</td><td>\\{@link ([\\w.]+)#(\\w+) [^}]*}</td><td>(.*?)</td><td>(.*?)</td></tr>");

    record Row(String formula, String className, String method, Set<String> calledBy, Set<String> notebooks) {}

    static List<Row> rows() throws IOException {
        String doc = Files.readString(SOURCES.resolve("vae/package-info.java"));
        List<Row> rows = new ArrayList<>();
        Matcher m = ROW.matcher(doc);
        while (m.find()) rows.add(new Row(m.group(1), m.group(2), m.group(3), names(m.group(4)), names(m.group(5))));
        return rows;
    }

    private static Set<String> names(String cell) {
        return cell.equals("—") ? Set.of() : Arrays.stream(cell.split(",\\s*")).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Pattern call(Row row) {
        String simple = row.className().substring(row.className().lastIndexOf('.') + 1);
        return Pattern.compile("\\b" + simple + "\\." + row.method() + "\\(");
    }

    /** Library classes (simple names) other than the method's own whose source calls it. */
    static Set<String> libraryCallers(Row row) throws IOException {
        Pattern call = call(row);
        String own = row.className().substring(row.className().lastIndexOf('.') + 1);
        try (Stream<Path> files = Files.walk(SOURCES)) {
            Set<String> callers = new TreeSet<>();
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String name = p.getFileName().toString().replace(".java", "");
                if (!name.equals(own) && !name.equals("package-info") && call.matcher(Files.readString(p)).find()) callers.add(name);
            }
            return callers;
        }
    }

    /** Notebooks (NN, or NNb for 05-toy-vae) with a code cell that calls the method. */
    static Set<String> notebookCallers(Row row) throws IOException {
        Pattern call = call(row);
        Set<String> out = new TreeSet<>();
        try (Stream<Path> files = Files.list(NOTEBOOKS)) {
            for (Path p : files.filter(f -> f.getFileName().toString().matches("\\d\\d-.*\\.ipynb")).sorted().toList()) {
                JsonObject nb = JsonParser.parseString(Files.readString(p)).getAsJsonObject();
                for (JsonElement cell : nb.getAsJsonArray("cells")) {
                    JsonObject c = cell.getAsJsonObject();
                    if (!c.get("cell_type").getAsString().equals("code")) continue;
                    JsonElement src = c.get("source");
                    String code = src.isJsonArray()
                            ? src.getAsJsonArray().asList().stream().map(JsonElement::getAsString).collect(Collectors.joining())
                            : src.getAsString();
                    if (call.matcher(code).find()) {
                        String file = p.getFileName().toString();
                        out.add(file.substring(0, 2) + (file.startsWith("05-toy-vae") ? "b" : ""));
                        break;
                    }
                }
            }
        }
        return out;
    }

    @Test
    void theTableListsTheLecturesFormulas() throws IOException {
        List<Row> rows = rows();
        assertTrue(rows.size() >= 20, "expected at least 20 rows in vae/package-info.java, found " + rows.size());
        Set<String> methods = rows.stream().map(r -> r.className() + "#" + r.method()).collect(Collectors.toSet());
        assertEquals(rows.size(), methods.size(), "a method is named in two rows");
    }

    @Test
    void everyMethodExistsAndBothColumnsMatchTheCode() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Row row : rows()) {
            Class<?> type = Class.forName(row.className());
            boolean exists = Arrays.stream(type.getMethods()).map(Method::getName).anyMatch(row.method()::equals);
            if (!exists) wrong.add(row.className() + "#" + row.method() + ": no such public method");
            Set<String> callers = libraryCallers(row);
            if (!callers.equals(row.calledBy())) {
                wrong.add(row.method() + " called by: the table says " + row.calledBy() + ", the code " + callers);
            }
            Set<String> notebooks = notebookCallers(row);
            if (!notebooks.equals(row.notebooks())) {
                wrong.add(row.method() + " in notebooks: the table says " + row.notebooks() + ", the notebooks " + notebooks);
            }
        }
        assertTrue(wrong.isEmpty(), "vae/package-info.java is out of step with the code:\n  " + String.join("\n  ", wrong));
    }

    @Test
    void aRowThatNoLongerMatchesIsCaught() throws IOException {
        Row real = rows().stream().filter(r -> r.method().equals("toStandardNormal")).findFirst().orElseThrow();
        Row stale = new Row(real.formula(), real.className(), real.method(), real.calledBy(), Set.of("01"));
        assertFalse(notebookCallers(stale).equals(stale.notebooks()), "a wrong notebook column must not match");
        assertFalse(libraryCallers(new Row("x", "vae.prob.KL", "toStandardNormal", Set.of("Vae"), Set.of()))
                .equals(Set.of("Vae")), "a wrong called-by column must not match");
    }
}
