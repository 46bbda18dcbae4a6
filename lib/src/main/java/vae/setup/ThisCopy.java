package vae.setup;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Which copy of the lecture series this code runs from, and at which git commit: the record
 * that says what ran, for the setup check and for the run records of experiments.
 *
 * <p>The copy is found from where this class was loaded (its jar, {@code lib/target/classpath/vae-lib.jar},
 * or {@code lib/target/classes} under Maven), so it names the library really running, whatever
 * chose it. The commit and the uncommitted changes are read with {@code git} when asked, not
 * written into the jar at build time: the setup rebuilds the jar only when the Java sources
 * change, so a commit stamped at build time would go stale with the next commit of a notebook.
 *
 * <pre>
 *   ThisCopy copy = ThisCopy.current();
 *   copy.commit();   // "3f2a...", 40 hex digits, or null outside a git work tree
 *   copy.dirty();    // true when the work tree has uncommitted changes (untracked files count)
 *   copy.table(Path.of(""))   // the same, with the copy's folder relative to the notebook's
 *   ThisCopy.path("build/models")   // a folder of the copy, found from any notebook folder (no git)
 * </pre>
 */
public final class ThisCopy {
    /** The files that mark the top folder of a copy of the series (the same as launcher.sh's). */
    private static final List<String> MARKERS = List.of("lecture", "lib/pom.xml", "environment/kernel/start-kernel.sh");
    private static final long GIT_TIMEOUT_S = 20;

    private final Path root;
    private final String commit;
    private final List<String> changes;
    private final String gitProblem;

    private ThisCopy(Path root, String commit, List<String> changes, String gitProblem) {
        this.root = root;
        this.commit = commit;
        this.changes = changes;
        this.gitProblem = gitProblem;
    }

    /** The copy this library was loaded from; throws if its jar lies in no copy of the series. */
    public static ThisCopy current() {
        return of(folder());
    }

    /** The copy whose top folder is {@code root}, with its git commit and changes read now. */
    public static ThisCopy of(Path root) {
        Path r = root.toAbsolutePath().normalize();
        try {
            String head = git(r, "rev-parse", "HEAD").trim();
            List<String> changed = new ArrayList<>();
            for (String line : git(r, "status", "--porcelain").split("\n")) {
                if (!line.isBlank()) changed.add(line.substring(Math.min(3, line.length())));
            }
            return new ThisCopy(r, head, List.copyOf(changed), null);
        } catch (IOException e) {
            return new ThisCopy(r, null, List.of(), e.getMessage());
        }
    }

    /**
     * The top folder of the copy this library was loaded from, found without running git;
     * throws if the library lies in no copy of the series.
     */
    public static Path folder() {
        Path from = codeLocation(ThisCopy.class);
        return containing(from).orElseThrow(() -> new IllegalStateException(
                "the VAE library was loaded from " + from + ", which is in no copy of the lecture series "
                        + "(expected a folder above it with " + String.join(", ", MARKERS) + ")"));
    }

    /**
     * A file or folder of this copy, named from the copy's top folder:
     * {@code ThisCopy.path("build/models")}, {@code ThisCopy.path("data", "mnist")}. The same
     * code then finds the same place from every notebook, whichever folder of the copy it lies
     * in ({@code notebooks/}, {@code notebooks/zh/}), where a path relative to the notebook
     * ({@code "../build/models"}) would point elsewhere from each. The answer is relative to the
     * working directory (a notebook's folder) when that lies in the copy, so that what a notebook
     * prints shows no machine's absolute path ({@code ../build/models} from {@code notebooks/},
     * {@code ../../build/models} from {@code notebooks/zh/}); absolute otherwise. It need not exist.
     */
    public static Path path(String first, String... more) {
        return path(folder(), Path.of("").toAbsolutePath(), first, more);
    }

    /** {@link #path(String, String...)} for a given copy and working directory (for tests). */
    static Path path(Path copy, Path workingDir, String first, String... more) {
        Path inCopy = Path.of(first, more);
        if (inCopy.isAbsolute()) {
            throw new IllegalArgumentException("a path inside the copy is named from its top folder, not absolutely: " + inCopy);
        }
        Path root = copy.toAbsolutePath().normalize();
        Path target = root.resolve(inCopy).normalize();
        if (!target.startsWith(root)) {
            throw new IllegalArgumentException(inCopy + " leads out of the copy " + root);
        }
        Path base = workingDir.toAbsolutePath().normalize();
        if (!base.startsWith(root)) return target;
        Path relative = base.relativize(target);
        return relative.toString().isEmpty() ? Path.of(".") : relative;
    }

    /** The top folder of the copy of the series that holds {@code path}, if any. */
    public static Optional<Path> containing(Path path) {
        for (Path p = path.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            Path dir = p;
            if (MARKERS.stream().allMatch(m -> Files.exists(dir.resolve(m)))) return Optional.of(dir);
        }
        return Optional.empty();
    }

    /**
     * Where a class was loaded from: its jar, or its classes folder. The lecture's kernel reads
     * jars from a snapshot taken at its start (so that rebuilding lib/ does not break a running
     * notebook) and names each snapshot's original in the system property
     * {@value #SNAPSHOT_OF}{@code <snapshot path>}: this answers with the original.
     */
    public static Path codeLocation(Class<?> c) {
        CodeSource source = c.getProtectionDomain().getCodeSource();
        if (source == null) throw new IllegalArgumentException(c.getName() + " comes with the JDK, from no copy");
        Path loaded;
        try {
            loaded = Path.of(source.getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("unreadable code source of " + c.getName() + ": " + source.getLocation(), e);
        }
        String original = System.getProperty(SNAPSHOT_OF + loaded.toAbsolutePath());
        return original == null ? loaded : Path.of(original);
    }

    /** The system property prefix under which the kernel names a snapshot jar's original. */
    public static final String SNAPSHOT_OF = "vae.kernel.snapshotOf.";

    /** The copy's top folder (absolute). */
    public Path root() {
        return root;
    }

    /** The commit checked out in the copy (40 hex digits), or null when git could not tell. */
    public String commit() {
        return commit;
    }

    /** Whether the work tree differs from that commit (changed, added, deleted or untracked files). */
    public boolean dirty() {
        return !changes.isEmpty();
    }

    /** The paths that differ from the commit, as {@code git status} names them. */
    public List<String> changes() {
        return changes;
    }

    /** One line: the copy's folder name, its commit and whether it has uncommitted changes. */
    @Override
    public String toString() {
        return "copy '" + root.getFileName() + "' at " + commitText();
    }

    private String commitText() {
        if (commit == null) return "no known commit (" + gitProblem + ")";
        return "commit " + commit + (dirty() ? ", with uncommitted changes in " + changes.size() + " files"
                : ", no uncommitted changes");
    }

    /**
     * A table of the copy: its folder relative to {@code from} (a notebook's folder; the kernel
     * starts in it, so {@code Path.of("")} will do), so that no machine's absolute path is shown;
     * its folder name, commit, uncommitted changes, and where the library and kernel were loaded from.
     */
    public Table table(Path from) {
        Path base = from.toAbsolutePath().normalize();
        StringColumn what = StringColumn.create("what");
        StringColumn value = StringColumn.create("value");
        add(what, value, "copy's folder, from the notebook's", relative(base, root));
        add(what, value, "copy's folder name", String.valueOf(root.getFileName()));
        add(what, value, "git commit", commit == null ? "unknown (" + gitProblem + ")" : commit);
        add(what, value, "uncommitted changes", commit == null ? "unknown"
                : dirty() ? "yes, " + changes.size() + " files" : "none");
        add(what, value, "library loaded from", relative(base, codeLocation(ThisCopy.class)));
        kernelJar().ifPresent(jar -> add(what, value, "kernel loaded from", relative(base, jar)));
        return Table.create("This copy of the series").addColumns(what, value);
    }

    /** The jar of the lecture's Java kernel running this code; empty in another kernel or outside Jupyter. */
    public static Optional<Path> kernelJar() {
        try {
            return Optional.of(codeLocation(Class.forName("vae.kernel.Main")));
        } catch (ClassNotFoundException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String relative(Path base, Path p) {
        Path abs = p.toAbsolutePath().normalize();
        String rel = base.relativize(abs).toString();
        return rel.isEmpty() ? "." : rel;
    }

    private static void add(StringColumn what, StringColumn value, String w, String v) {
        what.append(w);
        value.append(v);
    }

    /** Runs git in the copy; its output, or an IOException saying why not. */
    private static String git(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("git not found: " + e.getMessage(), e);
        }
        try (InputStream in = p.getInputStream()) {
            String out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(GIT_TIMEOUT_S, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("git " + String.join(" ", args) + " took over " + GIT_TIMEOUT_S + " s");
            }
            if (p.exitValue() != 0) {
                throw new IOException("git " + String.join(" ", args) + " failed: " + out.strip());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running git", e);
        }
    }
}
