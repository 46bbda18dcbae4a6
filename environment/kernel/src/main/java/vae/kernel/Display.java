package vae.kernel;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;

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
        kernel().getIO().display.updateDisplay(id, render(o));
    }

    public static void updateDisplay(String id, Object o, String... mimeTypes) {
        kernel().getIO().display.updateDisplay(id, render(o, mimeTypes));
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
