package vae.kernel;

import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;

import java.util.List;
import java.util.UUID;

/**
 * What notebook code calls to show things, with IJava's names and signatures so that IJava
 * notebooks run unchanged: {@code String id = display(obj); ... updateDisplay(id, obj2);}.
 * The kernel imports these statically into every session.
 */
public final class Display {
    private static volatile JavaKernel kernel;

    private Display() {
    }

    static void attach(JavaKernel k) {
        kernel = k;
    }

    private static JavaKernel kernel() {
        JavaKernel k = kernel;
        if (k == null) {
            throw new IllegalStateException("display(...) works only inside the Java (VAE lecture) kernel");
        }
        return k;
    }

    /** The MIME bundle the kernel would show for o (image/png for images, HTML for tables...). */
    public static DisplayData render(Object o) {
        return kernel().render(o);
    }

    /** The MIME bundle for o, restricted to the given MIME types (e.g. "text/plain"). */
    public static DisplayData render(Object o, String... mimeTypes) {
        return kernel().getRenderer().renderAs(o, mimeTypes);
    }

    /** Shows o below the cell now; returns an id for {@link #updateDisplay(String, Object)}. */
    public static String display(Object o) {
        return show(render(o));
    }

    /** Shows o as the given MIME types only; returns the display's id. */
    public static String display(Object o, String... mimeTypes) {
        return show(render(o, mimeTypes));
    }

    /** Replaces what the display with this id shows, wherever it is in the notebook. */
    public static void updateDisplay(String id, Object o) {
        update(id, render(o));
    }

    public static void updateDisplay(String id, Object o, String... mimeTypes) {
        update(id, render(o, mimeTypes));
    }

    private static void update(String id, DisplayData data) {
        kernel().flushOutput(); // printed before the update, shown before it
        kernel().getIO().display.updateDisplay(id, data);
    }

    /**
     * The kernel, as IJava's {@code getKernelInstance()}: its renderer registry takes the way a
     * type is shown, e.g. {@code getKernelInstance().getRenderer().createRegistration(Money.class)
     * .preferring(MIMEType.TEXT_HTML).register((m, ctx) -> ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> ...))}.
     */
    public static BaseKernel getKernelInstance() {
        return kernel();
    }

    /** A line magic called from code, as IJava's {@code lineMagic}: {@code List<String> jars = lineMagic("jars", List.of("a.jar"))}. */
    @SuppressWarnings("unchecked")
    public static <T> T lineMagic(String name, List<String> args) throws Exception {
        return (T) kernel().lineMagicFromCode(name, args);
    }

    /** A cell magic called from code, as IJava's {@code cellMagic}: {@code cellMagic("html", List.of(), "<b>hi</b>")}. */
    @SuppressWarnings("unchecked")
    public static <T> T cellMagic(String name, List<String> args, String body) throws Exception {
        return (T) kernel().cellMagicFromCode(name, args, body);
    }

    private static String show(DisplayData data) {
        // A display needs an id to be updatable later; give every display one.
        if (!data.hasDisplayId()) {
            data.setDisplayId(UUID.randomUUID().toString());
        }
        kernel().display(data);
        return data.getDisplayId();
    }
}
