// XChart charts (XYChart, CategoryChart, PieChart...) as PNG: a chart is a cell's value, or
// display(chart), with no .image() call. Compiled against the notebook's class path once
// XChart is on it; until then this does not compile and is tried again later.
vae.kernel.Display.getKernelInstance().getRenderer()
        .createRegistration(org.knowm.xchart.internal.chartpart.Chart.class)
        .preferring(io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.IMAGE_PNG)
        .register((chart, context) -> io.github.spencerpark.jupyter.kernel.display.common.Image.renderImage(
                org.knowm.xchart.BitmapEncoder.getBufferedImage(chart), context));
