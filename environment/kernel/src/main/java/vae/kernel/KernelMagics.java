package vae.kernel;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.magic.registry.CellMagic;
import io.github.spencerpark.jupyter.kernel.magic.registry.LineMagic;
import io.github.spencerpark.jupyter.kernel.magic.registry.MagicsArgs;
import io.github.spencerpark.jupyter.kernel.util.GlobFinder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The kernel's own magics, registered with the base library's registry (which also holds its
 * %%html, %%markdown, %%latex, %%javascript, %%svg and %%writefile), named and shaped as in
 * IJava and JJava. Each returns what the inline form ({@code x = %jars ...}) gives back.
 */
public final class KernelMagics {
    private static final MagicsArgs PATHS = MagicsArgs.builder().varargs("paths").onlyKnownKeywords().onlyKnownFlags().build();
    private static final MagicsArgs MAVEN = MagicsArgs.builder().varargs("coordinates").onlyKnownKeywords().onlyKnownFlags().build();
    private static final MagicsArgs REPO = MagicsArgs.builder().required("id").required("url").onlyKnownKeywords().onlyKnownFlags().build();
    private static final MagicsArgs POM_LINE = MagicsArgs.builder().required("pom").varargs("scopes").onlyKnownKeywords().onlyKnownFlags().build();
    private static final MagicsArgs POM_CELL = MagicsArgs.builder().varargs("scopes").onlyKnownKeywords().onlyKnownFlags().build();
    private static final MagicsArgs LOAD = MagicsArgs.builder().required("source").onlyKnownKeywords().onlyKnownFlags().build();

    /** The value a magic gives the cell (only %time and %load give one: the code's value). */
    record CellValue(Object value) {
    }

    private final JavaKernel kernel;
    private final MavenResolver maven = new MavenResolver();

    KernelMagics(JavaKernel kernel) {
        this.kernel = kernel;
    }

    // ---------------------------------------------------------------- class path

    /** %jars a.jar lib/*.jar: jar files (globs; a folder means its jars). */
    @LineMagic
    public List<String> jars(List<String> args) throws Exception {
        return addPaths("jars", PATHS.parse(args).get("paths"), true);
    }

    /** %classpath dir other.jar: any class path entries (globs). */
    @LineMagic
    public List<String> classpath(List<String> args) throws Exception {
        return addPaths("classpath", PATHS.parse(args).get("paths"), false);
    }

    private List<String> addPaths(String magic, List<String> globs, boolean filesOnly) throws Exception {
        List<String> added = new ArrayList<>();
        for (String glob : globs) {
            List<Path> matches = new ArrayList<>();
            GlobFinder finder = new GlobFinder(glob);
            (filesOnly ? finder.computeMatchingFiles() : finder.computeMatchingPaths()).forEach(matches::add);
            if (matches.isEmpty()) {
                // IJava goes on silently; a warning says why a class will be missing later.
                System.err.println("%" + magic + ": nothing matches " + glob);
            }
            matches.sort(null);
            for (Path p : matches) {
                kernel.addToClasspath(p, true);
                added.add(p.toAbsolutePath().normalize().toString());
            }
        }
        return added;
    }

    // ---------------------------------------------------------------- Maven

    /** %maven g:a:v ... (IJava's aliases too): the artifacts and their dependencies. */
    @LineMagic(aliases = {"addMavenDependency", "addMavenDependencies"})
    public List<String> maven(List<String> args) throws Exception {
        List<String> coordinates = MAVEN.parse(args).get("coordinates");
        if (coordinates.isEmpty()) {
            throw new MavenResolver.MagicFailure("%maven needs coordinates, e.g. %maven org.apache.commons:commons-csv:1.11.0");
        }
        return addResolved(maven.resolve(coordinates));
    }

    /** %mavenRepo id https://url: one more repository for %maven. */
    @LineMagic(aliases = "addMavenRepo")
    public void mavenRepo(List<String> args) {
        Map<String, List<String>> a = REPO.parse(args);
        maven.addRepository(a.get("id").get(0), a.get("url").get(0));
    }

    /** %loadFromPOM pom.xml [scopes]: the POM's dependencies. */
    @LineMagic
    public List<String> loadFromPOM(List<String> args) throws Exception {
        Map<String, List<String>> a = POM_LINE.parse(args);
        String xml = Files.readString(Path.of(a.get("pom").get(0)));
        return addResolved(maven.resolve(MavenResolver.parsePom(xml), scopes(a)));
    }

    /** %%loadFromPOM [scopes], then dependencies and repositories: a POM or a fragment of one. */
    @CellMagic("loadFromPOM")
    public List<String> loadFromPOMCell(List<String> args, String body) throws Exception {
        return addResolved(maven.resolve(MavenResolver.parsePom(body), scopes(POM_CELL.parse(args))));
    }

    private static List<String> scopes(Map<String, List<String>> args) {
        List<String> scopes = args.get("scopes");
        return scopes.isEmpty() ? MavenResolver.DEFAULT_POM_SCOPES : scopes;
    }

    private List<String> addResolved(List<MavenResolver.Resolved> jars) throws IOException {
        List<String> added = new ArrayList<>();
        for (MavenResolver.Resolved r : jars) {
            // The local repository's files are named by version and never rewritten: no copy.
            kernel.addToClasspath(r.file(), false);
            added.add(r.file().toString());
        }
        return added;
    }

    // ---------------------------------------------------------------- running code

    /** %load file.jsh (or a notebook, .ipynb: its code cells): runs it here, magics included. */
    @LineMagic
    public CellValue load(List<String> args) throws Exception {
        Path source = Path.of(LOAD.parse(args).get("source").get(0));
        if (!Files.isRegularFile(source)) {
            throw new IOException("%load: no file " + source.toAbsolutePath());
        }
        Object value = null;
        if (source.getFileName().toString().endsWith(".ipynb")) {
            for (String cell : Notebooks.codeCells(source)) {
                value = kernel.runCode(cell, source.getFileName().toString());
            }
        } else {
            value = kernel.runCode(Files.readString(source), source.getFileName().toString());
        }
        return new CellValue(value);
    }

    /** %time code: runs it and shows the wall and CPU time it took (JJava's %time). */
    @LineMagic
    public CellValue time(List<String> args) throws Exception {
        return timeCell(List.of(), String.join(" ", args));
    }

    /** %%time, then the code. */
    @CellMagic("time")
    public CellValue timeCell(List<String> args, String body) throws Exception {
        long cpu0 = kernel.cellCpuNanos();
        long t0 = System.nanoTime();
        try {
            return new CellValue(kernel.runCode(body, null));
        } finally {
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = (kernel.cellCpuNanos() - cpu0) / 1e9;
            kernel.display(new DisplayData(String.format("CPU time: %.3f s, wall time: %.3f s", cpu, wall)));
        }
    }
}
