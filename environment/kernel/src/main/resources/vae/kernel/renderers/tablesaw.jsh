// Tablesaw tables as HTML (and their own text). Compiled by the kernel against the notebook's
// class path once Tablesaw is on it; until then this does not compile and is tried again later.
vae.kernel.Display.getKernelInstance().getRenderer()
        .createRegistration(tech.tablesaw.api.Table.class)
        .preferring(io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.TEXT_HTML)
        .register((table, context) -> context.renderIfRequested(
                io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.TEXT_HTML,
                () -> vae.kernel.HtmlTable.html(table.name(), table.columnNames(), table.rowCount(), table::getString)));
