package vae.kernel;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;

import java.lang.reflect.Method;
import java.util.List;

/**
 * Renders a Tablesaw {@code tech.tablesaw.api.Table} as an HTML table.
 *
 * <p>Tablesaw is not a dependency of the kernel: it arrives with the notebook's class path, in
 * a class loader the kernel only meets at run time. So the table is recognised by class name
 * and read through its public methods by reflection (rowCount, columnNames, getString).
 */
final class TablesawHtml {
    private static final String TABLE_CLASS = "tech.tablesaw.api.Table";
    /** Longer tables show their head and tail, as Tablesaw's own print() does. */
    private static final int MAX_ROWS = 60;
    private static final int HEAD_ROWS = 50;
    private static final int TAIL_ROWS = 10;

    private TablesawHtml() {
    }

    static boolean isTable(Object o) {
        for (Class<?> c = o.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals(TABLE_CLASS)) {
                return true;
            }
        }
        return false;
    }

    /** text/html and, for consoles and nbconvert to text, Tablesaw's own text rendering. */
    static DisplayData render(Object table) {
        try {
            DisplayData data = new DisplayData(table.toString());
            data.putHTML(html(table));
            return data;
        } catch (ReflectiveOperationException e) {
            // A Tablesaw version with other method names: plain text still works.
            return new DisplayData(table.toString());
        }
    }

    private static String html(Object table) throws ReflectiveOperationException {
        Class<?> c = table.getClass();
        int rows = (Integer) c.getMethod("rowCount").invoke(table);
        List<?> columns = (List<?>) c.getMethod("columnNames").invoke(table);
        String name = (String) c.getMethod("name").invoke(table);
        Method cell = c.getMethod("getString", int.class, int.class);

        StringBuilder html = new StringBuilder("<table>\n");
        String caption = (name == null || name.isBlank() ? "" : name + ": ")
                + rows + " rows \u00d7 " + columns.size() + " columns";
        html.append("<caption>").append(escape(caption)).append("</caption>\n<thead><tr>");
        for (Object column : columns) {
            html.append("<th>").append(escape(String.valueOf(column))).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        boolean cut = rows > MAX_ROWS;
        for (int r = 0; r < rows; r++) {
            if (cut && r == HEAD_ROWS) {
                html.append("<tr>");
                for (int k = 0; k < columns.size(); k++) {
                    html.append("<td>\u2026</td>");
                }
                html.append("</tr>\n");
                r = rows - TAIL_ROWS;
            }
            html.append("<tr>");
            for (int k = 0; k < columns.size(); k++) {
                html.append("<td>").append(escape((String) cell.invoke(table, r, k))).append("</td>");
            }
            html.append("</tr>\n");
        }
        return html.append("</tbody>\n</table>").toString();
    }

    private static String escape(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
