package vae.kernel.render;

import io.github.spencerpark.jupyter.kernel.display.common.Image;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import vae.kernel.Display;

/**
 * XChart charts (XYChart, CategoryChart, PieChart...) as PNG: a chart is a cell's value, or
 * display(chart), with no .image() call.
 *
 * <p>Compiled with the kernel against XChart (provided scope), but not loadable from the
 * kernel's jar: the build stores its class file under META-INF/vae-kernel-renderers/, and the
 * kernel defines it in the class loader of the notebook's code once XChart is on the
 * notebook's class path, so that it sees the same XChart classes as the cells do.
 * renderers/xchart.jsh is the same in JShell source, compiled only if this cannot be loaded.
 */
public final class XChartRenderer {
    private XChartRenderer() {
    }

    public static void register() {
        Display.getKernelInstance().getRenderer()
                .createRegistration(Chart.class)
                .preferring(MIMEType.IMAGE_PNG)
                .register((chart, context) -> Image.renderImage(BitmapEncoder.getBufferedImage(chart), context));
    }
}
