package vae.kernel;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.ReplacementOptions;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.magic.common.DisplayMagics;
import io.github.spencerpark.jupyter.kernel.magic.common.WriteFile;
import io.github.spencerpark.jupyter.kernel.magic.registry.MagicArgsParseException;
import io.github.spencerpark.jupyter.kernel.magic.registry.Magics;
import io.github.spencerpark.jupyter.kernel.magic.registry.UndefinedMagicException;
import io.github.spencerpark.jupyter.messages.Header;
import io.github.spencerpark.jupyter.messages.MessageType;
import io.github.spencerpark.jupyter.messages.reply.KernelInfoReply;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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

/**
 * The Java kernel: Jupyter's requests (execute, complete, inspect, interrupt) answered with
 * JShell, in IJava's and JJava's dialect (display(...), line and cell magics, JJAVA_ and IJAVA_ settings).
 */
final class JavaKernel extends BaseKernel {
    /** Imported into every session before the start-up scripts: IJava's display functions. */
    private static final String PRELUDE = "import static vae.kernel.Display.*;";

    /** The magics, for messages and completion (the registry cannot list them). */
    static final List<String> LINE_MAGICS = List.of("%jars", "%classpath", "%maven", "%addMavenDependency",
            "%addMavenDependencies", "%mavenRepo", "%addMavenRepo", "%loadFromPOM", "%load", "%time");
    static final List<String> CELL_MAGICS = List.of("%%html", "%%markdown", "%%latex", "%%javascript", "%%js",
            "%%svg", "%%writefile", "%%loadFromPOM", "%%time");

    /** How often output printed by a running cell is sent on, so progress bars move live. */
    private static final long FLUSH_MILLIS = 100;

    private final KernelConfig config;
    private final PrintStream log;
    private final LanguageInfo languageInfo;
    /**
     * JShell takes seconds of CPU to start. It starts in the background once the kernel has
     * answered its first kernel_info_request (the "are you there?" every client sends first),
     * so that on a busy machine it does not slow that answer down (started before it, it made
     * that answer a second or two slower at load 19), and goes on while the client gets the
     * notebook's first cell. The first request that needs JShell waits for it (and starts
     * it, if no kernel_info came).
     */
    private final CompletableFuture<Evaluator> evaluator = new CompletableFuture<>();
    private final AtomicBoolean evaluatorStarted = new AtomicBoolean();
    private final AtomicBoolean firstKernelInfo = new AtomicBoolean();
    private final List<String> startupProblems = new ArrayList<>();
    /** What the start-up scripts printed, to stdout and to stderr, shown once with the first cell (guarded by startupProblems). */
    private String startupOutput = "", startupErrors = "";
    private boolean startupProblemsShown;
    /** The evaluator while its start-up scripts run, so that the stop button can reach them. */
    private volatile Evaluator starting;
    private final Magics magics = new Magics();
    /** The running cell's label ("cell [3]") and its buffered output streams. */
    private volatile String cellLabel = "cell";
    /** Lines above the code a %%time runs: its magic line (0 for a %time line). */
    private volatile int cellBodyLineOffset;
    private volatile PrintStream cellOut;
    private volatile PrintStream cellErr;
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
        magics.registerMagics(new KernelMagics(this));
        // The base library's cell magics: %%html %%markdown %%latex %%javascript (%%js) %%svg, %%writefile.
        magics.registerMagics(new DisplayMagics(getRenderer(), getIO().display));
        magics.registerMagics(WriteFile.class);
        Display.attach(this);
    }

    /**
     * Starts, on threads of their own, what the first cells wait for: JShell (with the class
     * path and the start-up scripts) and the drawing of text into images (fonts), which a
     * first chart needs. Once: the first kernel_info reply calls it.
     */
    private void startInBackground() {
        if (evaluatorStarted.get()) {
            return;
        }
        startEvaluatorInBackground();
        Thread fonts = new Thread(JavaKernel::warmUpGraphics, "vae-kernel-warm-up");
        fonts.setDaemon(true);
        fonts.start();
    }

    /**
     * Loads Java2D and the fonts (a second of CPU on a busy machine) by drawing text into a
     * small image, as a chart does: only the JDK's own classes, nothing of the notebook's.
     */
    private static void warmUpGraphics() {
        try {
            if (!java.awt.GraphicsEnvironment.isHeadless()) {
                return; // a desktop's graphics may need a display: left to the first chart
            }
            java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(64, 16,
                    java.awt.image.BufferedImage.TYPE_INT_ARGB);
            java.awt.Graphics2D g = image.createGraphics();
            try {
                g.setRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING, java.awt.RenderingHints.VALUE_ANTIALIAS_ON);
                g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING,
                        java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12));
                g.drawString("0.5 elbo", 1, 12);
                g.getFontMetrics().stringWidth("0.5 elbo");
                g.draw(new java.awt.geom.Line2D.Double(0, 0, 63, 15));
            } finally {
                g.dispose();
            }
        } catch (Throwable e) {
            // only a head start: the first chart does the same, and reports what fails
        }
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
        Phases phases = new Phases();
        Evaluator ev;
        try {
            ev = new Evaluator(config.compilerOptions);
        } catch (RuntimeException e) {
            problems.add(config.source("COMPILER_OPTS") + " " + config.compilerOptions + " rejected (" + e.getMessage()
                    + "); running without them");
            ev = new Evaluator(List.of());
        }
        starting = ev;
        phases.mark("JShell");
        // The class path's snapshot (file work) is made on another thread while JShell compiles
        // the prelude (which needs only the kernel's jar); JShell gets the entries after it.
        ClassPath classPath = ev.classPath();
        java.util.concurrent.FutureTask<List<Object>> preparing = new java.util.concurrent.FutureTask<>(() -> {
            List<Object> prepared = new ArrayList<>(); // a ClassPath.Prepared, or the problem with the entry
            for (String entry : new java.util.LinkedHashSet<>(config.classpath)) {
                try {
                    // A snapshot: rebuilding lib/ while this kernel runs leaves it the jars it started with.
                    prepared.add(classPath.prepare(Path.of(entry), true));
                } catch (IOException | RuntimeException e) {
                    prepared.add(config.source("CLASSPATH") + ": cannot add " + entry + ": " + e);
                }
            }
            return prepared;
        });
        Thread preparer = new Thread(preparing, "vae-kernel-classpath");
        preparer.setDaemon(true);
        preparer.start();
        problems.addAll(ev.evalScript(PRELUDE, "kernel prelude"));
        phases.mark("prelude");
        List<Object> prepared;
        try {
            prepared = preparing.get();
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("preparing the class path failed", e);
        }
        phases.mark("class path snapshot (rest)");
        List<ClassPath.Prepared> entries = new ArrayList<>();
        for (Object p : prepared) {
            if (p instanceof ClassPath.Prepared entry) {
                entries.add(entry);
            } else {
                problems.add((String) p);
            }
        }
        classPath.addAll(entries).forEach(w -> problems.add(config.source("CLASSPATH") + ": " + w));
        phases.mark("class path to JShell");
        ev.retryRenderers();
        phases.mark("renderers");
        // What the start-up scripts print (notice.jsh: which copy, or how to build it) is kept and
        // shown at the top of the first cell. Printed now it would reach a cell only if one were
        // already waiting; a cell run after the start-up would never see it.
        ByteArrayOutputStream scriptOut = new ByteArrayOutputStream(), scriptErr = new ByteArrayOutputStream();
        PrintStream stdout = System.out, stderr = System.err;
        System.setOut(new PrintStream(scriptOut, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(scriptErr, true, StandardCharsets.UTF_8));
        try {
            for (Map.Entry<String, String> script : config.startupScripts) {
                for (String problem : ev.evalScript(script.getValue(), script.getKey())) {
                    problems.add("start-up script " + script.getKey() + ":\n" + problem);
                }
                phases.mark("script " + Path.of(script.getKey()).getFileName());
            }
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        starting = null;
        log.println("vae-kernel: JShell ready " + phases);
        synchronized (startupProblems) {
            startupOutput = scriptOut.toString(StandardCharsets.UTF_8);
            startupErrors = scriptErr.toString(StandardCharsets.UTF_8);
            startupProblems.addAll(problems);
        }
        problems.forEach(p -> log.println("vae-kernel: start-up problem: " + p));
        return ev;
    }

    /**
     * Wall and CPU time of the start-up's phases, for the kernel log: "wall/cpu" in seconds,
     * cpu being the whole process's (every thread, the JIT and GC included), plus the JVM's
     * age when the phases began.
     */
    static final class Phases {
        private static final java.lang.management.OperatingSystemMXBean OS =
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        private final long begin = System.nanoTime();
        private final long beginCpu = processCpuNanos();
        private final long jvmAgeMillis = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
        private long last = begin;
        private long lastCpu = beginCpu;
        private final StringBuilder parts = new StringBuilder();

        static long processCpuNanos() {
            return OS instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
        }

        synchronized void mark(String phase) {
            long now = System.nanoTime();
            long cpu = processCpuNanos();
            parts.append(String.format("%s%s %.2f/%.2f", parts.length() == 0 ? "" : ", ", phase,
                    (now - last) / 1e9, (cpu - lastCpu) / 1e9));
            last = now;
            lastCpu = cpu;
        }

        @Override
        public synchronized String toString() {
            return String.format("in %.2f s wall, %.2f s process CPU, begun %.2f s after the JVM started (%s; wall/cpu s)",
                    (last - begin) / 1e9, (lastCpu - beginCpu) / 1e9, jvmAgeMillis / 1e3, parts);
        }
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
            if (firstKernelInfo.compareAndSet(false, true)) {
                log.printf("vae-kernel: first kernel_info reply %.2f s after the JVM started, process CPU %.2f s%n",
                        java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1e3,
                        Phases.processCpuNanos() / 1e9);
            }
            startInBackground();
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
        // BaseKernel has already taken this cell's number (getAndIncrement) when eval is called.
        String label = "cell [" + (executionCount.get() - 1) + "]";
        ev.beginCell();
        cellLabel = label;
        // Output is buffered and sent by the flusher (one message per flush, not one per println).
        PrintStream out = new PrintStream(new BufferedOutputStream(getIO().out, 1 << 16), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new BufferedOutputStream(getIO().err, 1 << 16), false, StandardCharsets.UTF_8);
        cellOut = out;
        cellErr = err;
        System.setOut(out);
        System.setErr(err);
        ScheduledFuture<?> flushing =
                flusher.scheduleAtFixedRate(this::flushOutput, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> timeout = config.timeoutMillis <= 0 ? null : flusher.schedule(() -> {
            timedOut.set(true);
            ev.stop();
        }, config.timeoutMillis, TimeUnit.MILLISECONDS);
        try {
            showStartupProblemsOnce();
            Object value;
            MagicSyntax.CellMagic cellMagic = MagicSyntax.cellMagic(code);
            if (cellMagic != null) {
                cellBodyLineOffset = cellMagic.bodyFirstLine() - 1; // %%time's errors name the cell's lines
                value = cellValue(applyMagic(cellMagic.name(), cellMagic.args(), cellMagic.body()));
            } else {
                cellBodyLineOffset = 0;
                value = runCell(ev, code, label, 0);
            }
            return value == Evaluator.NO_VALUE ? null : render(value);
        } catch (CellException.Interrupted e) {
            if (timedOut.get()) {
                throw new CellException.MagicException("the cell ran longer than " + config.source("TIMEOUT") + " = "
                        + config.timeoutMillis + " ms and was stopped; variables defined before it are kept");
            }
            throw e;
        } finally {
            if (timeout != null) {
                timeout.cancel(false);
            }
            flushing.cancel(false);
            flushOutput(); // everything printed goes out before the result or the error
            cellOut = null;
            cellErr = null;
            System.setOut(getIO().out);
            System.setErr(getIO().err);
        }
    }

    /** Sends what the cell printed so far: one stream message per stream, if anything. */
    void flushOutput() {
        PrintStream out = cellOut;
        PrintStream err = cellErr;
        if (out != null) {
            out.flush();
        }
        if (err != null) {
            err.flush();
        }
        getIO().out.flush();
        getIO().err.flush();
    }

    @Override
    public void display(DisplayData data) {
        flushOutput(); // what was printed before the display appears before it
        super.display(data);
    }

    private void showStartupProblemsOnce() {
        synchronized (startupProblems) {
            if (startupProblemsShown) {
                return;
            }
            startupProblemsShown = true;
            System.out.print(startupOutput);
            System.err.print(startupErrors);
            System.out.flush();
            System.err.flush();
            if (startupProblems.isEmpty()) {
                return;
            }
            System.err.println("The kernel started, but with problems (fix them and restart the kernel):");
            startupProblems.forEach(p -> System.err.println("  - " + p.replace("\n", "\n    ")));
            System.err.flush();
        }
    }

    /**
     * Runs code and statement %magics in their order; the last one's value is the value.
     * lineOffset: the cell line before the code's first line (a %%time body starts lower).
     */
    private Object runCell(Evaluator ev, String code, String label, int lineOffset) throws CellException {
        Object value = Evaluator.NO_VALUE;
        for (MagicSyntax.Part part : MagicSyntax.parts(code)) {
            if (part instanceof MagicSyntax.Code c) {
                value = ev.eval(c.source(), label, lineOffset + c.firstLine());
            } else if (part instanceof MagicSyntax.LineMagic m) {
                if (ev.wasStopped()) {
                    throw new CellException.Interrupted();
                }
                int outer = cellBodyLineOffset;
                cellBodyLineOffset = lineOffset + m.line() - 1; // "%time code": the code is on this line
                try {
                    value = cellValue(applyMagic(m.name(), m.args(), null));
                } catch (CellException.MagicException e) {
                    throw new CellException.MagicException("line " + (lineOffset + m.line()) + ": " + e.getMessage());
                } finally {
                    cellBodyLineOffset = outer;
                }
            }
        }
        return value;
    }

    /**
     * Code run by %time or %load: under a file's name from its line 1, or (label null) as part
     * of the current cell, whose %%time body starts below the magic's line.
     */
    Object runCode(String code, String label) throws CellException {
        return label == null
                ? runCell(evaluator(), code, cellLabel, cellBodyLineOffset)
                : runCell(evaluator(), code, label, 0);
    }

    /** A magic's result as the cell's value: only %time and %load give one. */
    private static Object cellValue(Object result) {
        return result instanceof KernelMagics.CellValue v ? v.value() : Evaluator.NO_VALUE;
    }

    /** A line magic (body null) or a cell magic, through the base library's registry. */
    private Object applyMagic(String name, List<String> args, String body) throws CellException {
        try {
            return body == null ? magics.applyLineMagic(name, args) : magics.applyCellMagic(name, args, body);
        } catch (CellException e) {
            throw e;
        } catch (UndefinedMagicException e) {
            throw new CellException.MagicException("unknown " + (body == null ? "line magic %" : "cell magic %%") + name
                    + " (this kernel knows " + (body == null ? LINE_MAGICS : CELL_MAGICS) + ")");
        } catch (MagicArgsParseException e) {
            throw new CellException.MagicException((body == null ? "%" : "%%") + name + ": " + e.getMessage());
        } catch (Exception e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            if (!(e instanceof MavenResolver.MagicFailure) && !(e instanceof IllegalArgumentException)) {
                why = e.getClass().getSimpleName() + ": " + why;
            }
            throw new CellException.MagicException((body == null ? "%" : "%%") + name + ": " + why);
        }
    }

    /**
     * {@code lineMagic(name, args)} called by a cell's code (an inline magic, or by hand, as in
     * IJava): runs on the cell's thread while the kernel waits for that cell.
     */
    Object lineMagicFromCode(String name, List<String> args) throws Exception {
        if (name.equals("time") || name.equals("load")) {
            throw new IllegalStateException("%" + name + " runs code, so it must stand alone on its line, "
                    + "not inside an expression or a block");
        }
        try {
            return cellValueOrResult(magics.applyLineMagic(name, args));
        } catch (UndefinedMagicException e) {
            throw new IllegalArgumentException("unknown line magic %" + name + " (this kernel knows " + LINE_MAGICS + ")");
        }
    }

    Object cellMagicFromCode(String name, List<String> args, String body) throws Exception {
        if (name.equals("time")) {
            throw new IllegalStateException("%%time runs code, so it must start a cell of its own");
        }
        try {
            return cellValueOrResult(magics.applyCellMagic(name, args, body));
        } catch (UndefinedMagicException e) {
            throw new IllegalArgumentException("unknown cell magic %%" + name + " (this kernel knows " + CELL_MAGICS + ")");
        }
    }

    private static Object cellValueOrResult(Object result) {
        return result instanceof KernelMagics.CellValue v ? v.value() : result;
    }

    /** Puts a jar or folder on the notebook's class path (once); warns of a second version. */
    void addToClasspath(Path path, boolean snapshot) throws IOException {
        Evaluator ev = evaluator();
        String warning = ev.classPath().add(path, snapshot);
        if (warning != null) {
            System.err.println("warning: " + warning);
        }
        ev.retryRenderers();
    }

    long cellCpuNanos() {
        return evaluator().cpuNanos();
    }

    /** The MIME bundle for a value: images as PNG, Tablesaw tables as HTML, the rest as text. */
    DisplayData render(Object value) {
        if (value instanceof DisplayData) {
            return (DisplayData) value;
        }
        if (value == null) {
            return new DisplayData("null");
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
        Evaluator ev = starting != null ? starting : evaluator.getNow(null);
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
        if (MagicSyntax.cellMagic(code) != null) {
            return null;
        }
        if (MagicSyntax.onMagic(code, at)) {
            return completeMagicName(code, at);
        }
        Evaluator.Completions c = evaluator().complete(MagicSyntax.blankedOut(code), at);
        return c == null ? null : new ReplacementOptions(c.matches(), c.start(), c.end());
    }

    /** "%ja" + Tab: the magics whose names start so. */
    private static ReplacementOptions completeMagicName(String code, int at) {
        int start = at;
        while (start > 0 && Character.isLetterOrDigit(code.charAt(start - 1))) {
            start--;
        }
        if (start == 0 || code.charAt(start - 1) != '%') {
            return null;
        }
        String prefix = code.substring(start, at);
        List<String> names = LINE_MAGICS.stream().map(n -> n.substring(1)).filter(n -> n.startsWith(prefix)).toList();
        return names.isEmpty() ? null : new ReplacementOptions(names, start, at);
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        if (MagicSyntax.cellMagic(code) != null || MagicSyntax.onMagic(code, at)) {
            return null;
        }
        List<String> docs = evaluator().inspect(MagicSyntax.blankedOut(code), at);
        return docs.isEmpty() ? null : new DisplayData(String.join("\n\n", docs));
    }

    @Override
    public String isComplete(String code) {
        if (MagicSyntax.cellMagic(code) != null) {
            return "complete";
        }
        String answer = evaluator().completeness(MagicSyntax.blankedOut(code));
        // BaseKernel reads any answer other than complete/invalid/unknown as "incomplete, indent by this".
        return answer.equals("incomplete") ? "" : answer;
    }
}
