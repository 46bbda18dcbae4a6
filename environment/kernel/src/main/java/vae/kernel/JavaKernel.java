package vae.kernel;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.ReplacementOptions;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.util.GlobFinder;
import io.github.spencerpark.jupyter.messages.Header;
import io.github.spencerpark.jupyter.messages.MessageType;
import io.github.spencerpark.jupyter.messages.reply.KernelInfoReply;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Java kernel: Jupyter's requests (execute, complete, inspect, interrupt) answered with
 * JShell, in IJava's dialect (display(...), %jars, %classpath, IJAVA_* settings).
 */
final class JavaKernel extends BaseKernel {
    /** Imported into every session before the start-up scripts: IJava's display functions. */
    private static final String PRELUDE = "import static vae.kernel.Display.*;";

    /** A line magic: '%' then a name at the start of a line ("% 7" stays Java's modulo). */
    private static final Pattern LINE_MAGIC = Pattern.compile("^\\s*%([A-Za-z]\\w*)(.*)$");

    /** How often output printed by a running cell is sent on, so progress bars move live. */
    private static final long FLUSH_MILLIS = 100;

    private final KernelConfig config;
    private final PrintStream log;
    private final LanguageInfo languageInfo;
    /**
     * JShell takes a second or more of CPU to start. It starts in the background once the
     * kernel has answered its first kernel_info_request (the "are you there?" every client
     * sends first), so that on a busy machine it does not slow that answer down. The first
     * request that needs JShell waits for it (and starts it, if no kernel_info came).
     */
    private final CompletableFuture<Evaluator> evaluator = new CompletableFuture<>();
    private final AtomicBoolean evaluatorStarted = new AtomicBoolean();
    private final List<String> startupProblems = new ArrayList<>();
    private boolean startupProblemsShown;
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vae-kernel-flusher");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param log where the kernel's own messages go: the real stderr, which Jupyter keeps in
     *            its log (System.err is redirected into the notebook while a cell runs)
     */
    JavaKernel(KernelConfig config, PrintStream log) {
        this.config = config;
        this.log = log;
        this.languageInfo = new LanguageInfo.Builder("java")
                .version(Runtime.version().toString())
                .mimetype("text/x-java-source")
                .fileExtension(".java")
                .pygments("java")
                .codemirror("text/x-java")
                .build();
        Display.attach(this);
    }

    /** Starts JShell on a thread of its own, once; problems end up in the first cell. */
    private void startEvaluatorInBackground() {
        if (!evaluatorStarted.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                evaluator.complete(startEvaluator());
            } catch (Throwable e) {
                evaluator.completeExceptionally(e);
            }
        }, "vae-kernel-startup");
        t.setDaemon(true);
        t.start();
    }

    /** Builds JShell and runs the start-up scripts; problems are collected, never thrown. */
    private Evaluator startEvaluator() {
        List<String> problems = new ArrayList<>(config.warnings);
        Evaluator ev;
        try {
            ev = new Evaluator(config.compilerOptions);
        } catch (RuntimeException e) {
            problems.add("IJAVA_COMPILER_OPTS " + config.compilerOptions + " rejected (" + e.getMessage()
                    + "); running without them");
            ev = new Evaluator(List.of());
        }
        for (String entry : config.classpath) {
            try {
                ev.addToClasspath(entry);
            } catch (RuntimeException e) {
                problems.add("IJAVA_CLASSPATH: cannot add " + entry + ": " + e);
            }
        }
        problems.addAll(ev.evalScript(PRELUDE, "kernel prelude"));
        for (Map.Entry<String, String> script : config.startupScripts) {
            for (String problem : ev.evalScript(script.getValue(), script.getKey())) {
                problems.add("start-up script " + script.getKey() + ":\n" + problem);
            }
        }
        synchronized (startupProblems) {
            startupProblems.addAll(problems);
        }
        problems.forEach(p -> log.println("vae-kernel: start-up problem: " + p));
        return ev;
    }

    private Evaluator evaluator() {
        startEvaluatorInBackground();
        try {
            return evaluator.join();
        } catch (CompletionException e) { // JShell itself did not start: say so, not "CompletionException"
            throw new IllegalStateException("the Java shell (JShell) failed to start: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public LanguageInfo getLanguageInfo() {
        return languageInfo;
    }

    @Override
    public String getBanner() {
        return "Java " + Runtime.version() + " - VAE lecture kernel (JShell, IJava-compatible)";
    }

    @Override
    public void becomeHandlerForConnection(JupyterConnection connection) {
        super.becomeHandlerForConnection(connection);
        // BaseKernel 2.3.0's kernel_info_reply lacks the "status" field that the protocol
        // requires (Jupyter's kernel test suite checks it), so this kernel answers it itself.
        connection.setHandler(MessageType.KERNEL_INFO_REQUEST, (env, request) -> {
            env.setBusyDeferIdle();
            env.reply((KernelInfoReply) new KernelInfo(languageInfo, getBanner()));
            startEvaluatorInBackground();
        });
    }

    /** BaseKernel's kernel_info_reply plus {@code "status": "ok"}. */
    private static final class KernelInfo extends KernelInfoReply {
        @SuppressWarnings("unused") // read by Gson when the reply is serialised
        private final String status = "ok";

        KernelInfo(LanguageInfo languageInfo, String banner) {
            super(Header.PROTOCOL_VERISON, "vae-kernel", version(), languageInfo, banner, List.of());
        }

        private static String version() {
            String v = JavaKernel.class.getPackage().getImplementationVersion();
            return v == null ? "dev" : v;
        }
    }

    // ---------------------------------------------------------------- execute

    @Override
    public DisplayData eval(String code) throws Exception {
        Evaluator ev = evaluator();
        showStartupProblemsOnce();
        // BaseKernel has already taken this cell's number (getAndIncrement) when eval is called.
        String label = "cell [" + (executionCount.get() - 1) + "]";
        ev.beginCell();
        ScheduledFuture<?> flushing =
                flusher.scheduleAtFixedRate(this::flushOutput, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
        try {
            Object value = runCell(ev, code, label);
            return value == Evaluator.NO_VALUE ? null : render(value);
        } finally {
            flushing.cancel(false);
            flushOutput(); // everything printed goes out before the result or the error
        }
    }

    /** PrintStream only flushes by itself at a newline; a progress bar redraws with '\r'. */
    private void flushOutput() {
        getIO().out.flush();
        getIO().err.flush();
    }

    private void showStartupProblemsOnce() {
        synchronized (startupProblems) {
            if (startupProblemsShown || startupProblems.isEmpty()) {
                startupProblemsShown = true;
                return;
            }
            startupProblemsShown = true;
            getIO().err.println("The kernel started, but with problems (fix them and restart the kernel):");
            startupProblems.forEach(p -> getIO().err.println("  - " + p.replace("\n", "\n    ")));
            getIO().err.flush();
        }
    }

    /** Runs code and %magic lines in their order; the last one's value is the cell's value. */
    private Object runCell(Evaluator ev, String code, String label) throws CellException {
        if (code.stripLeading().startsWith("%%")) {
            throw new CellException.MagicException("Cell magics (%%) are not supported here; "
                    + "the line magics are %jars and %classpath.");
        }
        Object value = Evaluator.NO_VALUE;
        String[] lines = code.split("\n", -1);
        StringBuilder chunk = new StringBuilder();
        int chunkStart = 0; // 0-based line of the cell where the chunk starts
        for (int i = 0; i < lines.length; i++) {
            Matcher magic = LINE_MAGIC.matcher(lines[i]);
            if (!magic.matches()) {
                chunk.append(lines[i]).append('\n');
                continue;
            }
            if (!chunk.toString().isBlank()) {
                value = ev.eval(chunk.toString(), label, chunkStart + 1);
            }
            value = lineMagic(ev, magic.group(1), KernelConfig.splitOptions(magic.group(2)), i + 1);
            chunk.setLength(0);
            chunkStart = i + 1;
        }
        if (!chunk.toString().isBlank()) {
            value = ev.eval(chunk.toString(), label, chunkStart + 1);
        }
        return value;
    }

    /**
     * IJava's class path magics: {@code %jars a.jar lib/*.jar} adds jar files,
     * {@code %classpath dir other.jar} adds any paths. Globs are allowed; relative paths
     * are relative to the notebook's folder. Returns the absolute paths added.
     */
    private List<String> lineMagic(Evaluator ev, String name, List<String> args, int line) throws CellException {
        boolean filesOnly;
        switch (name) {
            case "jars":
                filesOnly = true;
                break;
            case "classpath":
                filesOnly = false;
                break;
            default:
                throw new CellException.MagicException("line " + line + ": unknown line magic %" + name
                        + " (this kernel knows %jars and %classpath)");
        }
        List<String> added = new ArrayList<>();
        for (String glob : args) {
            List<Path> matches = new ArrayList<>();
            try {
                GlobFinder finder = new GlobFinder(glob);
                (filesOnly ? finder.computeMatchingFiles() : finder.computeMatchingPaths()).forEach(matches::add);
            } catch (IOException | RuntimeException e) {
                throw new CellException.MagicException("line " + line + ": %" + name + " " + glob + ": " + e);
            }
            if (matches.isEmpty()) {
                // IJava goes on silently; a warning says why a class will be missing later.
                System.err.println("%" + name + ": nothing matches " + glob);
            }
            matches.sort(null);
            for (Path p : matches) {
                String path = p.toAbsolutePath().normalize().toString();
                ev.addToClasspath(path);
                added.add(path);
            }
        }
        return added;
    }

    /** The MIME bundle for a value: images as PNG, Tablesaw tables as HTML, the rest as text. */
    DisplayData render(Object value) {
        if (value instanceof DisplayData) {
            return (DisplayData) value;
        }
        if (value == null) {
            return new DisplayData("null");
        }
        if (TablesawHtml.isTable(value)) {
            return TablesawHtml.render(value);
        }
        if (value.getClass().isArray()) { // "[1.0, 2.0]" rather than "[D@1b2c3d"
            String s = Arrays.deepToString(new Object[]{value});
            return new DisplayData(s.substring(1, s.length() - 1));
        }
        return getRenderer().render(value);
    }

    @Override
    public List<String> formatError(Exception e) {
        if (e instanceof CellException) {
            return ((CellException) e).traceback();
        }
        return super.formatError(e);
    }

    @Override
    public void interrupt() {
        Evaluator ev = evaluator.getNow(null);
        if (ev != null) {
            ev.stop();
        }
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        // Stop a running cell; the JVM exits right after (see Main), which frees the rest.
        interrupt();
    }

    // ---------------------------------------------------------------- completion, inspection

    @Override
    public ReplacementOptions complete(String code, int at) {
        if (isOnMagicLine(code, at)) {
            return null;
        }
        Evaluator.Completions c = evaluator().complete(blankOutMagics(code), at);
        return c == null ? null : new ReplacementOptions(c.matches(), c.start(), c.end());
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        if (isOnMagicLine(code, at)) {
            return null;
        }
        List<String> docs = evaluator().inspect(blankOutMagics(code), at);
        return docs.isEmpty() ? null : new DisplayData(String.join("\n\n", docs));
    }

    @Override
    public String isComplete(String code) {
        String answer = evaluator().completeness(blankOutMagics(code));
        // BaseKernel reads any answer other than complete/invalid/unknown as "incomplete, indent by this".
        return answer.equals("incomplete") ? "" : answer;
    }

    /** Magic lines replaced by blanks of the same length, so that offsets stay right for JShell. */
    private static String blankOutMagics(String code) {
        String[] lines = code.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (LINE_MAGIC.matcher(lines[i]).matches()) {
                lines[i] = " ".repeat(lines[i].length());
            }
        }
        return String.join("\n", lines);
    }

    private static boolean isOnMagicLine(String code, int at) {
        int pos = Math.max(0, Math.min(at, code.length()));
        int start = code.lastIndexOf('\n', pos - 1) + 1;
        int end = code.indexOf('\n', pos);
        return LINE_MAGIC.matcher(code.substring(start, end < 0 ? code.length() : end)).matches();
    }
}
