package vae.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What the notebook's class path holds, and the one way in (JShell's addToClasspath):
 * <ul>
 * <li>each entry goes on once, so a notebook run twice does not grow the class path;</li>
 * <li>jars named by the settings or by %jars/%classpath are copied into a folder of this
 *     kernel's own first (a snapshot), so that rebuilding lib/ while notebooks run leaves
 *     them the classes they started with;</li>
 * <li>a jar of an artifact already on the class path at another version (read from its
 *     Maven metadata, else from its file name) is added with a warning naming both versions:
 *     classes that both have come from the one added first.</li>
 * </ul>
 */
final class ClassPath {
    /** Snapshot folders are named with the kernel's pid, so a later kernel can remove orphans. */
    private static final String SNAPSHOT_PREFIX = "vae-kernel-classpath-";
    /** System property prefix: {@code vae.kernel.snapshotOf.<snapshot path>} = the jar it copies. */
    static final String SNAPSHOT_OF = "vae.kernel.snapshotOf.";
    /** The shared cache of copies that snapshots are hard links to (see {@link #snapshot}). */
    private static final String CACHE_PREFIX = "vae-kernel-jar-cache-";
    /** In each jar's folder of the cache: the jar's path. */
    private static final String SOURCE_FILE = "source.txt";
    private static final Pattern VERSIONED_NAME = Pattern.compile("(.+?)-(\\d[\\w.\\-]*)\\.jar");

    /** A jar's artifact: group:artifact (or its file name's stem) and version, if known. */
    record Identity(String key, String version) {
    }

    private final Consumer<String> addToShell;
    private final Set<String> added = new LinkedHashSet<>();
    private final Map<String, Identity> byKey = new HashMap<>();
    private final Map<String, String> pathOfKey = new HashMap<>();
    private final Set<String> watched;
    /** Which of the watched resources each entry holds. */
    private final Map<String, Set<String>> holdsByEntry = new HashMap<>();
    private final Object snapshotLock = new Object();
    private Path snapshotDir;
    private final java.util.concurrent.atomic.AtomicInteger copies = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * @param addToShell JShell's addToClasspath
     * @param watched    resources (e.g. "a/b/C.class") that {@link #anyHolds} is asked about
     */
    ClassPath(Consumer<String> addToShell, Set<String> watched) {
        this.addToShell = addToShell;
        this.watched = Set.copyOf(watched);
    }

    /** A class path entry made ready by {@link #prepare}: its artifact, and what goes on the class path. */
    record Prepared(Path source, Identity id, Path onClassPath, Set<String> holds) {
    }

    /**
     * Puts a jar or folder on the class path, a copy of it if snapshot is true.
     * Returns the warning if the artifact is there at another version, else null;
     * nothing happens (and null is returned) if this path is already there.
     */
    synchronized String add(Path path, boolean snapshot) throws IOException {
        if (added.contains(path.toAbsolutePath().normalize().toString())) {
            return null;
        }
        return add(prepare(path, snapshot));
    }

    /**
     * The slow part of {@link #add(Path, boolean)}, which touches neither JShell nor the
     * entries: reads the jar's artifact and makes its snapshot. Any thread may run it, so
     * that the kernel can prepare its class path while JShell starts.
     */
    Prepared prepare(Path path, boolean snapshot) throws IOException {
        Path source = path.toAbsolutePath().normalize();
        boolean jar = Files.isRegularFile(source);
        Set<String> holds = new java.util.HashSet<>();
        Identity id = null;
        if (jar) {
            id = identify(source, watched, holds); // one reading of the jar's index for both
        } else {
            watched.stream().filter(r -> Files.isRegularFile(source.resolve(r))).forEach(holds::add);
        }
        return new Prepared(source, id, jar && snapshot ? copy(source) : source, holds);
    }

    /** Puts a prepared entry on the class path: as {@link #add(Path, boolean)}. */
    synchronized String add(Prepared prepared) {
        List<String> warnings = addAll(List.of(prepared));
        return warnings.isEmpty() ? null : warnings.get(0);
    }

    /**
     * Puts prepared entries on the class path, in one call of JShell's addToClasspath (each
     * call makes the compiler read the manifest of every jar on the class path again).
     * Returns the warnings.
     */
    synchronized List<String> addAll(List<Prepared> entries) {
        List<String> warnings = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (Prepared p : entries) {
            if (added.contains(p.source().toString())) {
                continue;
            }
            String warning = register(p);
            if (warning != null) {
                warnings.add(warning);
            }
            paths.add(p.onClassPath().toString());
        }
        if (!paths.isEmpty()) {
            addToShell.accept(String.join(java.io.File.pathSeparator, paths));
        }
        return warnings;
    }

    /** Records the entry (and its artifact); the warning if the artifact is there at another version. */
    private String register(Prepared prepared) {
        Path source = prepared.source();
        added.add(source.toString());
        holdsByEntry.put(source.toString(), prepared.holds());
        Identity id = prepared.id();
        String warning = null;
        if (id != null && id.version() != null) {
            Identity there = byKey.get(id.key());
            if (there != null && !id.version().equals(there.version())) {
                warning = id.key() + " " + id.version() + " (" + source + ") is added, but " + id.key() + " "
                        + there.version() + " (" + pathOfKey.get(id.key()) + ") is already on the class path: "
                        + "classes that both have come from " + there.version() + ", the one added first";
            } else if (there == null) {
                byKey.put(id.key(), id);
                pathOfKey.put(id.key(), source.toString());
            }
        }
        return warning;
    }

    synchronized List<String> entries() {
        return new ArrayList<>(added);
    }

    /**
     * True if one of the entries (jars or folders) holds the resource, e.g. "a/b/C.class",
     * which must be one of the watched resources: known from when the entry was prepared.
     */
    synchronized boolean anyHolds(List<String> entries, String resource) {
        return entries.stream().anyMatch(e -> holdsByEntry.getOrDefault(e, Set.of()).contains(resource));
    }

    /** The copy that notebooks read: a rebuild may replace or truncate the original. */
    private Path copy(Path jar) throws IOException {
        Path dir;
        synchronized (snapshotLock) {
            if (snapshotDir == null) {
                removeOrphans();
                pruneCache();
                snapshotDir = Files.createTempDirectory(SNAPSHOT_PREFIX + ProcessHandle.current().pid() + "-");
                Path made = snapshotDir;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(made), "vae-kernel-snapshot-cleanup"));
            }
            dir = snapshotDir;
        }
        // One sub-folder per copy keeps jars of the same name from different folders apart.
        Path target = dir.resolve(Integer.toString(copies.getAndIncrement())).resolve(jar.getFileName());
        Files.createDirectories(target.getParent());
        snapshot(jar, target);
        // Code that asks where it was loaded from (vae.setup.ThisCopy: which copy of the series)
        // finds the original here: the snapshot lies in a temporary folder, in no copy.
        System.setProperty(SNAPSHOT_OF + target.toAbsolutePath(), jar.toAbsolutePath().normalize().toString());
        return target;
    }

    /**
     * Makes target a private copy of jar. Copying the library's 50 MB at every start costs
     * seconds on a busy machine, so the copy is made once into a cache shared by this user's
     * kernels ({@code $TMPDIR/vae-kernel-jar-cache-<user>/<hash of the jar's path>/<size>-<mtime>/}),
     * and target is a hard link to it: a rebuild of lib/ (a new size or mtime) makes a new
     * cache entry, and never writes into a cached file, so each kernel keeps the bytes it
     * started with, even after the entry is pruned (the link keeps the file). Where no link
     * can be made (another file system, no cache), target is a plain copy, as before.
     */
    static void snapshot(Path jar, Path target) throws IOException {
        Path cached = null;
        try {
            cached = cached(jar);
        } catch (IOException | RuntimeException e) {
            // the cache is an optimisation: a plain copy below
        }
        if (cached != null) {
            try {
                Files.createLink(target, cached);
                return;
            } catch (IOException | UnsupportedOperationException e) {
                // another file system, say: a plain copy
            }
        }
        Files.copy(jar, target, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The cache's copy of jar (made now if missing); null if jar changed while being copied. */
    private static Path cacheFolder() {
        return Path.of(System.getProperty("java.io.tmpdir"),
                CACHE_PREFIX + System.getProperty("user.name", "user").replaceAll("[^\\w.-]", "_"));
    }

    /** The cache's folders for jars that no longer exist (a deleted copy of the series, a test's jar). */
    static void pruneCache() {
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(cacheFolder())) {
            for (Path folder : folders) {
                Path source = folder.resolve(SOURCE_FILE);
                if (Files.isRegularFile(source) && !Files.exists(Path.of(Files.readString(source).strip()))) {
                    deleteTree(folder); // kernels that use it keep their hard links
                }
            }
        } catch (IOException | RuntimeException e) {
            // pruning is a courtesy
        }
    }

    private static Path cached(Path jar) throws IOException {
        Path cache = cacheFolder();
        if (!Files.isDirectory(cache)) {
            Files.createDirectories(cache);
            try {
                Files.setPosixFilePermissions(cache, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the default permissions
            }
        }
        if (!Files.getOwner(cache).getName().equals(System.getProperty("user.name"))) {
            return null; // someone else's folder: no sharing
        }
        java.nio.file.attribute.BasicFileAttributes before =
                Files.readAttributes(jar, java.nio.file.attribute.BasicFileAttributes.class);
        String version = before.size() + "-" + before.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
        Path folder = cache.resolve(hash(jar.toAbsolutePath().normalize().toString()));
        Path entry = folder.resolve(version).resolve(jar.getFileName());
        if (Files.isRegularFile(entry) && Files.size(entry) == before.size()) {
            return entry;
        }
        Files.createDirectories(entry.getParent());
        // Which jar the folder is for: a later kernel prunes folders whose jar is gone.
        Path source = folder.resolve(SOURCE_FILE);
        if (!Files.isRegularFile(source)) {
            Files.writeString(source, jar.toAbsolutePath().normalize().toString());
        }
        Path partial = Files.createTempFile(entry.getParent(), ".partial-", ".jar");
        try {
            Files.copy(jar, partial, StandardCopyOption.REPLACE_EXISTING);
            java.nio.file.attribute.BasicFileAttributes after =
                    Files.readAttributes(jar, java.nio.file.attribute.BasicFileAttributes.class);
            if (after.size() != before.size() || !after.lastModifiedTime().equals(before.lastModifiedTime())
                    || Files.size(partial) != before.size()) {
                return null; // rebuilt while copied: not a copy of this version
            }
            Files.move(partial, entry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
        // Older versions of this jar: no new kernel needs them (running ones hold their links).
        try (DirectoryStream<Path> versions = Files.newDirectoryStream(folder)) {
            for (Path v : versions) {
                if (!v.getFileName().toString().equals(version) && !v.getFileName().toString().equals(SOURCE_FILE)) {
                    deleteTree(v);
                }
            }
        } catch (IOException e) {
            // pruning is a courtesy
        }
        return entry;
    }

    private static String hash(String s) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < 12; i++) {
                hex.append(String.format("%02x", d[i]));
            }
            return hex.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Snapshot folders of kernels that died without cleaning up (killed, say). */
    private static void removeOrphans() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, SNAPSHOT_PREFIX + "*")) {
            for (Path dir : dirs) {
                String rest = dir.getFileName().toString().substring(SNAPSHOT_PREFIX.length());
                int dash = rest.indexOf('-');
                try {
                    long pid = Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
                    if (ProcessHandle.of(pid).isEmpty()) {
                        deleteTree(dir);
                    }
                } catch (NumberFormatException e) {
                    // not one of ours
                }
            }
        } catch (IOException e) {
            // cleaning up is a courtesy; the kernel works without it
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // left for the next kernel's removeOrphans
        }
    }

    /** The jar's artifact from META-INF/maven/.../pom.properties, else from name-1.2.3.jar. */
    static Identity identify(Path jar) {
        return identify(jar, Set.of(), new java.util.HashSet<>());
    }

    /** As {@link #identify(Path)}; adds to holds those of the resources that the jar has. */
    static Identity identify(Path jar, Set<String> resources, Set<String> holds) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (String r : resources) {
                if (zip.getEntry(r) != null) {
                    holds.add(r);
                }
            }
            List<? extends ZipEntry> poms = zip.stream()
                    .filter(e -> e.getName().startsWith("META-INF/maven/") && e.getName().endsWith("/pom.properties"))
                    .toList();
            if (poms.size() == 1) { // a shaded jar holds several: its own name says more
                Properties p = new Properties();
                try (InputStream in = zip.getInputStream(poms.get(0))) {
                    p.load(in);
                }
                String g = p.getProperty("groupId");
                String a = p.getProperty("artifactId");
                String v = p.getProperty("version");
                if (g != null && a != null && v != null) {
                    return new Identity(g + ":" + a, v);
                }
            }
        } catch (IOException e) {
            // not a readable jar: JShell will say so when a class is missing
        }
        Matcher m = VERSIONED_NAME.matcher(jar.getFileName().toString());
        return m.matches() ? new Identity(m.group(1), m.group(2)) : null;
    }
}
