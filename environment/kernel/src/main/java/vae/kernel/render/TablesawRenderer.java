package vae.kernel.render;

import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import tech.tablesaw.api.Table;
import vae.kernel.Display;
import vae.kernel.HtmlTable;

/**
 * Tablesaw tables as HTML (and their own text). Compiled and loaded as {@link XChartRenderer}
 * is; renderers/tablesaw.jsh is the same in JShell source.
 */
public final class TablesawRenderer {
    private TablesawRenderer() {
    }

    public static void register() {
        Display.getKernelInstance().getRenderer()
                .createRegistration(Table.class)
                .preferring(MIMEType.TEXT_HTML)
                .register((table, context) -> context.renderIfRequested(MIMEType.TEXT_HTML,
                        () -> HtmlTable.html(table.name(), table.columnNames(), table.rowCount(), table::getString)));
    }
}
