package vae.kernel;

import java.util.List;
import java.util.function.BiFunction;

/**
 * A table as HTML, long ones cut to their head and tail as Tablesaw's own print() does. The
 * Tablesaw renderer (renderers/tablesaw.jsh, compiled against the notebook's class path)
 * calls it with the table's own methods; it knows nothing of Tablesaw itself.
 */
public final class HtmlTable {
    static final int MAX_ROWS = 60;
    static final int HEAD_ROWS = 50;
    static final int TAIL_ROWS = 10;

    private HtmlTable() {
    }

    /**
     * @param name    the table's name (the caption says it, with the table's size), may be blank
     * @param columns the column names
     * @param rows    the number of rows
     * @param cell    the text of (row, column)
     */
    public static String html(String name, List<String> columns, int rows, BiFunction<Integer, Integer, String> cell) {
        StringBuilder html = new StringBuilder("<table>\n");
        String caption = (name == null || name.isBlank() ? "" : name + ": ")
                + rows + " rows \u00d7 " + columns.size() + " columns";
        html.append("<caption>").append(escape(caption)).append("</caption>\n<thead><tr>");
        for (String column : columns) {
            html.append("<th>").append(escape(column)).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        boolean cut = rows > MAX_ROWS;
        for (int r = 0; r < rows; r++) {
            if (cut && r == HEAD_ROWS) {
                html.append("<tr>").append("<td>\u2026</td>".repeat(columns.size())).append("</tr>\n");
                r = rows - TAIL_ROWS;
            }
            html.append("<tr>");
            for (int k = 0; k < columns.size(); k++) {
                html.append("<td>").append(escape(cell.apply(r, k))).append("</td>");
            }
            html.append("</tr>\n");
        }
        return html.append("</tbody>\n</table>").toString();
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
