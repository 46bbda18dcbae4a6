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
    private static final Pattern VERSIONED_NAME = Pattern.compile("(.+?)-(\\d[\\w.\\-]*)\\.jar");

    /** A jar's artifact: group:artifact (or its file name's stem) and version, if known. */
    record Identity(String key, String version) {
    }

    private final Consumer<String> addToShell;
    private final Set<String> added = new LinkedHashSet<>();
    private final Map<String, Identity> byKey = new HashMap<>();
    private final Map<String, String> pathOfKey = new HashMap<>();
    private Path snapshotDir;

    /** @param addToShell JShell's addToClasspath */
    ClassPath(Consumer<String> addToShell) {
        this.addToShell = addToShell;
    }

    /**
     * Puts a jar or folder on the class path, a copy of it if snapshot is true.
     * Returns the warning if the artifact is there at another version, else null;
     * nothing happens (and null is returned) if this path is already there.
     */
    synchronized String add(Path path, boolean snapshot) throws IOException {
        Path source = path.toAbsolutePath().normalize();
        if (!added.add(source.toString())) {
            return null;
        }
        boolean jar = Files.isRegularFile(source);
        Identity id = jar ? identify(source) : null;
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
        addToShell.accept((jar && snapshot ? copy(source) : source).toString());
        return warning;
    }

    synchronized List<String> entries() {
        return new ArrayList<>(added);
    }

    /** True if one of the entries (jars or folders) holds the resource, e.g. "a/b/C.class". */
    static boolean anyHolds(List<String> entries, String resource) {
        for (String entry : entries) {
            Path p = Path.of(entry);
            if (Files.isDirectory(p)) {
                if (Files.isRegularFile(p.resolve(resource))) {
                    return true;
                }
                continue;
            }
            try (ZipFile zip = new ZipFile(p.toFile())) {
                if (zip.getEntry(resource) != null) {
                    return true;
                }
            } catch (IOException e) {
                // not a jar: holds nothing
            }
        }
        return false;
    }

    /** The copy that notebooks read: a rebuild may replace or truncate the original. */
    private Path copy(Path jar) throws IOException {
        if (snapshotDir == null) {
            removeOrphans();
            snapshotDir = Files.createTempDirectory(SNAPSHOT_PREFIX + ProcessHandle.current().pid() + "-");
            Path dir = snapshotDir;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "vae-kernel-snapshot-cleanup"));
        }
        // One sub-folder per copy keeps jars of the same name from different folders apart.
        Path target = snapshotDir.resolve(Integer.toString(added.size())).resolve(jar.getFileName());
        Files.createDirectories(target.getParent());
        Files.copy(jar, target, StandardCopyOption.REPLACE_EXISTING);
        // Code that asks where it was loaded from (vae.setup.ThisCopy: which copy of the series)
        // finds the original here: the snapshot lies in a temporary folder, in no copy.
        System.setProperty(SNAPSHOT_OF + target.toAbsolutePath(), jar.toAbsolutePath().normalize().toString());
        return target;
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
        try (ZipFile zip = new ZipFile(jar.toFile())) {
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
