package vae.kernel;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/** {@code java -jar vae-kernel.jar <connection-file>}, as the kernelspec's argv runs it. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java -jar vae-kernel.jar CONNECTION_FILE (Jupyter passes {connection_file})");
            System.exit(2);
        }
        // The channels log every message at INFO; the Jupyter log needs warnings only.
        Logger.getLogger("").setLevel(Level.WARNING);

        PrintStream log = System.err; // before BaseKernel starts redirecting it into cells
        KernelConnectionProperties connection = KernelConnectionProperties.parse(Files.readString(Path.of(args[0])));
        JavaKernel kernel = new JavaKernel(KernelConfig.fromEnvironment(), log);

        JupyterConnection channels = new JupyterConnection(connection);
        // Every handler is in place before connect() binds the sockets and starts their
        // threads, so no early request can meet a missing handler.
        kernel.becomeHandlerForConnection(channels);
        channels.connect();
        exitWithParent(log);
        channels.waitUntilClose();

        // A notebook may have left threads running (a timer, a pool); they must not keep a
        // shut-down kernel alive.
        System.exit(0);
    }

    /**
     * A kernel whose Jupyter process died without shutting it down (a crashed script, a
     * killed notebook server) would otherwise live on, holding memory and its ports.
     */
    private static void exitWithParent(PrintStream log) {
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
            log.println("vae-kernel: the process that started the kernel has ended; exiting");
            System.exit(0);
        }));
    }
}
