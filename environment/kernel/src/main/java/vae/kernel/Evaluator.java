package vae.kernel;

import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.UnresolvedReferenceException;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Java code in, values out: a JShell that runs snippets in this JVM, plus the bookkeeping that
 * lets errors point at the line of the cell the student wrote (JShell itself numbers lines
 * per snippet, and a cell holds many snippets).
 *
 * <p>JShell is not thread-safe: every method that touches it is synchronized, except
 * {@link #stop()}, which exists to be called while a cell runs.
 */
final class Evaluator {
    /** The value of a piece of code that ends in a declaration or statement, not an expression. */
    static final Object NO_VALUE = new Object();

    /** Where a snippet came from: a label such as "cell [3]" and the cell line its source starts on. */
    private record Origin(String label, int firstLine) {
    }

    /** One snippet of a cell: its source, the 0-based line it starts on, and how complete it is. */
    private record Piece(String source, int line, Completeness completeness) {
    }

    private final InProcessExecutionControl control = new InProcessExecutionControl();
    private final JShell shell;
    private final SourceCodeAnalysis analysis;
    private final Map<String, Origin> origins = new ConcurrentHashMap<>();

    /**
     * The kernel's renderers for libraries it does not depend on, registered once the library
     * is on the notebook's class path (tried again after each class path change until then):
     * classes compiled with the kernel (vae.kernel.render, defined in the snippets' class
     * loader), or if one cannot be loaded, its JShell source (renderers/*.jsh) compiled here.
     */
    private record Renderer(String script, String marker, String className) {
    }

    private final List<Renderer> pendingRenderers = new ArrayList<>(List.of(
            new Renderer("xchart.jsh", "org/knowm/xchart/BitmapEncoder.class", "vae.kernel.render.XChartRenderer"),
            new Renderer("tablesaw.jsh", "tech/tablesaw/api/Table.class", "vae.kernel.render.TablesawRenderer")));
    private final ClassPath classPath = new ClassPath(this::addToClasspath,
            pendingRenderers.stream().map(Renderer::marker).collect(Collectors.toSet()));
    /** Where the kernel jar keeps the renderers' class files, out of its class path. */
    static final String RENDERER_CLASSES = "/META-INF/vae-kernel-renderers/";
    /** How many class path entries retryRenderers has looked through. */
    private int entriesSeen;

    Evaluator(List<String> compilerOptions) {
        shell = JShell.builder()
                .executionEngine(control.provider(), Map.of())
                .compilerOptions(compilerOptions.toArray(String[]::new))
                .build();
        analysis = shell.sourceCodeAnalysis();
        // JShell compiles snippets against its own class path, which starts empty; the kernel's
        // jar goes on it so that snippets can call display(...) and updateDisplay(...).
        shell.addToClasspath(kernelLocation());
    }

    private static String kernelLocation() {
        try {
            return Path.of(Evaluator.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the kernel's own jar", e);
        }
    }

    /**
     * JShell's addToClasspath. From an inline magic it is called on the cell's thread while the
     * kernel's thread waits inside eval (holding this lock) for that cell: taking the lock
     * there would deadlock, and JShell is idle then, so the call goes straight through.
     */
    private void addToClasspath(String path) {
        if (control.onCellThread()) {
            shell.addToClasspath(path);
            return;
        }
        synchronized (this) {
            shell.addToClasspath(path);
        }
    }

    ClassPath classPath() {
        return classPath;
    }

    /** Registers the renderers whose library is now on the class path (see pendingRenderers). */
    void retryRenderers() {
        if (control.onCellThread()) {
            return; // JShell is busy running the cell; the next class path change outside one retries
        }
        synchronized (this) {
            // Only once the library's class is in an entry added since the last look.
            List<String> entries = classPath.entries();
            List<String> fresh = entries.subList(Math.min(entriesSeen, entries.size()), entries.size());
            entriesSeen = entries.size();
            List<Renderer> ready = pendingRenderers.stream().filter(r -> classPath.anyHolds(fresh, r.marker())).toList();
            List<Renderer> compile = new ArrayList<>();
            for (Renderer r : ready) {
                if (registerCompiled(r)) {
                    pendingRenderers.remove(r);
                } else {
                    compile.add(r);
                }
            }
            // The sources: one compilation for all of them (a JShell compile costs seconds on a
            // busy machine); one by one only if that fails, so that one broken renderer does
            // not cost the others. (A block is one snippet: JShell compiles it at once.)
            if (compile.size() > 1 && evalScript(compile.stream().map(r -> rendererSource(r.script()))
                    .collect(Collectors.joining("\n", "{\n", "\n}")), "renderers").isEmpty()) {
                pendingRenderers.removeAll(compile);
                return;
            }
            compile.stream().filter(r -> evalScript(rendererSource(r.script()), "renderer " + r.script()).isEmpty())
                    .forEach(pendingRenderers::remove);
        }
    }

    /** The renderer's precompiled class, defined next to the snippets' classes and registered. */
    private boolean registerCompiled(Renderer r) {
        byte[] bytes;
        try (java.io.InputStream in = Evaluator.class.getResourceAsStream(
                RENDERER_CLASSES + r.className().replace('.', '/') + ".class")) {
            if (in == null) {
                return false; // a kernel run from its classes folder (unit tests): the source then
            }
            bytes = in.readAllBytes();
        } catch (java.io.IOException e) {
            return false;
        }
        try {
            control.defineClass(r.className(), bytes).getMethod("register").invoke(null);
            return true;
        } catch (Exception | LinkageError e) { // another version of the library, say: the source then
            return false;
        }
    }

    private static String rendererSource(String name) {
        try (java.io.InputStream in = Evaluator.class.getResourceAsStream("renderers/" + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException("the kernel jar lacks renderers/" + name, e);
        }
    }

    long cpuNanos() {
        return control.cpuNanos();
    }

    boolean wasStopped() {
        return control.wasStopped();
    }

    /** Called before each cell: forgets leftovers of the previous one (results, a late stop). */
    synchronized void beginCell() {
        control.clearResults();
    }

    /**
     * Runs code whose first line is line {@code firstLine} (1-based) of the cell called
     * {@code label}. Returns the value of the last snippet if it is an expression (null
     * included), else {@link #NO_VALUE}. Stops at the first error.
     */
    synchronized Object eval(String code, String label, int firstLine) throws CellException {
        Object value = NO_VALUE;
        for (Piece piece : split(code)) {
            // Checked before each snippet too: a stop may come between two snippets.
            if (control.wasStopped()) {
                throw new CellException.Interrupted();
            }
            value = evalPiece(piece, label, firstLine);
        }
        if (control.wasStopped()) {
            throw new CellException.Interrupted();
        }
        return value;
    }

    /**
     * Runs a start-up script snippet by snippet, going on past errors so that one bad line
     * does not cost the student the rest of the imports. Returns the error messages.
     */
    synchronized List<String> evalScript(String code, String label) {
        List<String> problems = new ArrayList<>();
        List<Piece> pieces = split(code);
        java.util.Set<Piece> batched = batchStarImports(pieces);
        for (Piece piece : pieces) {
            if (batched.contains(piece)) {
                continue;
            }
            try {
                evalPiece(piece, label, 1);
            } catch (CellException e) {
                problems.add(String.join("\n", e.traceback()));
            }
            if (control.wasStopped()) { // the stop button, pressed while a start-up script loops
                problems.add("stopped at line " + (piece.line() + 1) + "; the rest of " + label + " was not run");
                control.clearResults(); // the stop ends this script, not the ones after it
                break;
            }
        }
        return problems;
    }

    /** {@code import a.b.*;} (not static): an import that no other import of the session can clash with. */
    private static final java.util.regex.Pattern STAR_IMPORT =
            java.util.regex.Pattern.compile("import\\s+(?!static\\s)[\\p{L}\\p{N}_$.\\s]+\\.\\s*\\*\\s*;");
    private static final java.util.regex.Pattern IMPORT = java.util.regex.Pattern.compile("import\\s");
    /** How many batches {@link #batchStarImports} has made (each needs a key of its own). */
    private int importBatches;

    /**
     * A start-up script's {@code import pkg.*;} lines cost JShell a compilation each (a fifth
     * of a second on a busy machine, and the library brings a dozen packages): each run of
     * consecutive imports has its on-demand ones compiled as one snippet. That snippet's own
     * key comes from a first import of a member class of {@link ImportBatch} (JShell keys an
     * import snippet by its first import), so that a cell's {@code import java.util.*;} adds
     * that import again, as it always did, instead of replacing the whole batch. Only
     * on-demand imports are batched: they cannot clash with a later single-type import, which
     * JShell lets replace an earlier one of the same simple name. If the batch does not
     * compile (a package that does not exist), its imports run one by one, as any other line,
     * so that each problem is reported as before. Returns the pieces that ran in a batch.
     */
    private java.util.Set<Piece> batchStarImports(List<Piece> pieces) {
        java.util.Set<Piece> done = new java.util.HashSet<>();
        int i = 0;
        while (i < pieces.size()) {
            int end = i;
            List<Piece> stars = new ArrayList<>();
            while (end < pieces.size() && IMPORT.matcher(pieces.get(end).source().strip()).lookingAt()) {
                if (STAR_IMPORT.matcher(pieces.get(end).source().strip()).matches()) {
                    stars.add(pieces.get(end));
                }
                end++;
            }
            if (stars.size() > 1 && importBatches < ImportBatch.KEYS) {
                String key = "import " + ImportBatch.class.getName() + ".K" + importBatches++ + ".*;";
                String source = key + "\n" + stars.stream().map(p -> p.source().strip()).collect(Collectors.joining("\n"));
                boolean ok = true;
                for (SnippetEvent event : shell.eval(source)) {
                    if (event.causeSnippet() == null && (event.status() != Snippet.Status.VALID || event.exception() != null)) {
                        ok = false;
                    }
                }
                if (ok) {
                    done.addAll(stars);
                }
            }
            i = Math.max(end, i + 1);
        }
        return done;
    }

    /** Jupyter's interrupt: stops the snippet running now; the cell reports Interrupted. */
    void stop() {
        shell.stop();
    }

    private Object evalPiece(Piece piece, String label, int firstLine) throws CellException {
        int line = firstLine + piece.line();
        if (piece.completeness() == Completeness.DEFINITELY_INCOMPLETE
                || piece.completeness() == Completeness.CONSIDERED_INCOMPLETE) {
            throw new CellException.IncompleteSourceException("the code ends in the middle of a statement",
                    List.of(where(label, label, line) + ": the code ends in the middle of a statement"
                                    + " (a missing ';', ')' or '}'?):",
                            "    " + firstLineOf(piece.source())));
        }
        // An UNKNOWN piece is not valid Java; JShell's compile errors say why.
        Object value = NO_VALUE;
        for (SnippetEvent event : shell.eval(piece.source())) {
            if (event.causeSnippet() != null) {
                continue; // a knock-on update of an earlier snippet, not the code just run
            }
            Snippet snippet = event.snippet();
            origins.put(snippet.id(), new Origin(label, line));
            if (event.exception() != null) {
                throw runtimeError(event.exception(), label);
            }
            if (event.status() == Snippet.Status.REJECTED) {
                throw compileError(snippet, label, line);
            }
            if (event.status() == Snippet.Status.RECOVERABLE_DEFINED
                    || event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                System.err.println("note: " + describe(snippet) + " cannot be used until "
                        + String.join(", ", unresolved(snippet)) + " is defined");
            }
            Snippet.SubKind kind = snippet.subKind();
            if (kind.isExecutable() && event.value() != null && !event.value().isEmpty()) {
                Object result = control.takeResult(event.value());
                boolean isExpression = kind == Snippet.SubKind.VAR_VALUE_SUBKIND
                        || kind == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND
                        || kind == Snippet.SubKind.OTHER_EXPRESSION_SUBKIND;
                value = isExpression ? result : NO_VALUE;
            } else {
                value = NO_VALUE;
            }
        }
        return value;
    }

    /**
     * Cuts code into JShell snippets (a purely syntactic step). Blank space and comments before
     * each snippet are cut off: JShell numbers a snippet's lines sometimes from its first
     * character and sometimes from its first token, and without them the two agree.
     */
    private List<Piece> split(String code) {
        List<Piece> pieces = new ArrayList<>();
        int offset = 0;
        while (true) {
            offset = skipBlankAndComments(code, offset);
            if (offset == code.length()) {
                return pieces;
            }
            String rest = code.substring(offset);
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            int line = countNewlines(code, offset);
            if (info.completeness() == Completeness.EMPTY) {
                return pieces; // only comments left
            }
            if (!info.completeness().isComplete()) {
                pieces.add(new Piece(rest, line, info.completeness()));
                return pieces;
            }
            pieces.add(new Piece(info.source(), line, info.completeness()));
            offset += rest.length() - info.remaining().length();
        }
    }

    // ---------------------------------------------------------------- completion, inspection

    /** Completions at cursor, as [start of the replaced text, replacements...]; null if none. */
    synchronized Completions complete(String code, int cursor) {
        int start = snippetStart(code, cursor);
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions =
                analysis.completionSuggestions(code.substring(start, cursor), cursor - start, anchor);
        if (suggestions == null || suggestions.isEmpty()) {
            return null;
        }
        // Suggestions that fit the expected type first, as JShell's own tool lists them.
        List<String> texts = suggestions.stream()
                .sorted((a, b) -> Boolean.compare(b.matchesType(), a.matchesType()))
                .map(SourceCodeAnalysis.Suggestion::continuation)
                .distinct()
                .collect(Collectors.toList());
        return new Completions(start + anchor[0], cursor, texts);
    }

    record Completions(int start, int end, List<String> matches) {
    }

    /** Signatures (and Javadoc, where the JDK ships sources) of what is at the cursor. */
    synchronized List<String> inspect(String code, int cursor) {
        // Inspect the whole identifier under the cursor, and the call if a '(' follows it.
        int at = Math.min(cursor, code.length());
        while (at < code.length() && Character.isJavaIdentifierPart(code.charAt(at))) {
            at++;
        }
        int paren = at;
        while (paren < code.length() && Character.isWhitespace(code.charAt(paren))) {
            paren++;
        }
        if (paren < code.length() && code.charAt(paren) == '(') {
            at = paren + 1;
        }
        int start = snippetStart(code, at);
        String text = code.substring(start, at);
        List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(text, text.length(), true);
        if (docs.isEmpty() && !text.isEmpty() && Character.isJavaIdentifierPart(text.charAt(text.length() - 1))) {
            // JShell documents a method only at its '(': "Math.abs" finds nothing, "Math.abs(" does.
            docs = analysis.documentation(text + "(", text.length() + 1, true);
        }
        return docs.stream()
                .map(doc -> doc.javadoc() == null || doc.javadoc().isBlank()
                        ? doc.signature()
                        : doc.signature() + "\n" + doc.javadoc())
                .collect(Collectors.toList());
    }

    /** Where the snippet holding position pos starts: complete snippets before it are skipped. */
    private int snippetStart(String code, int pos) {
        int start = 0;
        while (true) {
            String rest = code.substring(start, pos);
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            if (!info.completeness().isComplete() || info.remaining().isBlank()) {
                return start;
            }
            start = pos - info.remaining().length();
        }
    }

    /** For Jupyter's is_complete_request: "complete", "incomplete" or "invalid". */
    synchronized String completeness(String code) {
        for (Piece piece : split(code)) {
            switch (piece.completeness()) {
                case DEFINITELY_INCOMPLETE:
                case CONSIDERED_INCOMPLETE:
                    return "incomplete";
                case UNKNOWN:
                    return "invalid";
                default:
                    break;
            }
        }
        return "complete";
    }

    synchronized void close() {
        shell.close();
    }

    // ---------------------------------------------------------------- error messages

    /** "line 3" in the cell being run, "cell [2], line 3" elsewhere. */
    private static String where(String originLabel, String currentLabel, int line) {
        return originLabel.equals(currentLabel) ? "line " + line : originLabel + ", line " + line;
    }

    private CellException compileError(Snippet snippet, String label, int firstLine) {
        List<String> lines = new ArrayList<>();
        String source = snippet.source();
        String headline = null;
        for (Diag diag : (Iterable<Diag>) shell.diagnostics(snippet)::iterator) {
            if (!diag.isError()) {
                continue;
            }
            long pos = diag.getStartPosition() >= 0 ? diag.getStartPosition() : diag.getPosition();
            int p = (int) Math.max(0, Math.min(pos, source.length()));
            int end = (int) Math.max(p + 1, Math.min(diag.getEndPosition(), source.length()));
            int lineInSnippet = countNewlines(source, p);
            int cellLine = firstLine + lineInSnippet;
            List<String> message = diag.getMessage(null).lines()
                    .filter(l -> !l.trim().startsWith("location:")) // the caret below shows where
                    .collect(Collectors.toList());
            if (headline == null) {
                headline = "line " + cellLine + ": " + message.get(0);
            }
            lines.add("Compilation error, " + where(label, label, cellLine) + ": " + message.get(0));
            message.stream().skip(1).forEach(l -> lines.add("    " + l.trim()));
            int lineStart = source.lastIndexOf('\n', p - 1) + 1;
            int lineEnd = source.indexOf('\n', p);
            if (lineEnd < 0) {
                lineEnd = source.length();
            }
            String gutter = String.format("%4d | ", cellLine);
            lines.add(gutter + source.substring(lineStart, lineEnd));
            lines.add(" ".repeat(gutter.length() + (p - lineStart))
                    + "^".repeat(Math.max(1, Math.min(end, lineEnd) - p)));
        }
        if (headline == null) { // rejected without an error diagnostic: unresolved names, say
            headline = where(label, label, firstLine) + ": " + describe(snippet) + " was rejected";
            lines.add(headline);
        }
        return new CellException.CompilationException(headline, lines);
    }

    private CellException runtimeError(JShellException exception, String label) {
        List<String> lines = new ArrayList<>();
        String headline = describeException(exception);
        for (Throwable t = exception; t != null; t = t.getCause()) {
            lines.add((t == exception ? "" : "Caused by: ") + describeException(t));
            for (StackTraceElement frame : t.getStackTrace()) {
                lines.add("    at " + frame(frame, label));
            }
        }
        return new CellException.EvalException(headline, lines);
    }

    private String describeException(Throwable t) {
        if (t instanceof EvalException) {
            EvalException e = (EvalException) t;
            return e.getExceptionClassName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        if (t instanceof UnresolvedReferenceException) {
            Snippet snippet = ((UnresolvedReferenceException) t).getSnippet();
            return describe(snippet) + " cannot be used until " + String.join(", ", unresolved(snippet))
                    + " is defined";
        }
        return t.toString();
    }

    /** A stack frame, with snippet frames ("#12", line 2) turned into cell lines. */
    private String frame(StackTraceElement frame, String currentLabel) {
        String file = frame.getFileName();
        Origin origin = file != null && file.startsWith("#") ? origins.get(file.substring(1)) : null;
        if (origin == null) {
            return frame.toString();
        }
        String method = frame.getClassName().isEmpty()
                ? frame.getMethodName()
                : frame.getClassName() + (frame.getMethodName().isEmpty() ? "" : "." + frame.getMethodName());
        String place = where(origin.label(), currentLabel, origin.firstLine() + frame.getLineNumber() - 1);
        return method.isEmpty() ? place : method + " (" + place + ")";
    }

    private List<String> unresolved(Snippet snippet) {
        if (snippet instanceof jdk.jshell.DeclarationSnippet) {
            return shell.unresolvedDependencies((jdk.jshell.DeclarationSnippet) snippet).collect(Collectors.toList());
        }
        return List.of();
    }

    private static String describe(Snippet snippet) {
        if (snippet instanceof jdk.jshell.DeclarationSnippet) {
            jdk.jshell.DeclarationSnippet d = (jdk.jshell.DeclarationSnippet) snippet;
            return d.kind().toString().toLowerCase().replace('_', ' ') + " " + d.name();
        }
        return "this code";
    }

    /** The first position at or after from that is neither blank nor inside a comment. */
    private static int skipBlankAndComments(String code, int from) {
        int i = from;
        while (i < code.length()) {
            if (Character.isWhitespace(code.charAt(i))) {
                i++;
            } else if (code.startsWith("//", i)) {
                int nl = code.indexOf('\n', i);
                i = nl < 0 ? code.length() : nl + 1;
            } else if (code.startsWith("/*", i)) {
                int close = code.indexOf("*/", i + 2);
                if (close < 0) {
                    return i; // unterminated: JShell will say so
                }
                i = close + 2;
            } else {
                break;
            }
        }
        return i;
    }

    private static String firstLineOf(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl) + " ...";
    }

    private static int countNewlines(String s, int end) {
        int n = 0;
        for (int i = 0; i < end && i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }
}
