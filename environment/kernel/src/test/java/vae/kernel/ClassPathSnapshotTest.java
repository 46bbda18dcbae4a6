package vae.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The class path snapshot: hard links into a cache of copies keyed by the jar's size and mtime. */
class ClassPathSnapshotTest {
    @Test
    void snapshotsShareOneCachedCopyAndSurviveARebuild(@TempDir Path dir) throws Exception {
        String tmp = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", dir.toString());
        try {
            Path jar = dir.resolve("lib/a.jar");
            Files.createDirectories(jar.getParent());
            Files.write(jar, new byte[]{1, 2, 3});
            Path first = dir.resolve("k1/a.jar");
            Path second = dir.resolve("k2/a.jar");
            Files.createDirectories(first.getParent());
            Files.createDirectories(second.getParent());
            ClassPath.snapshot(jar, first);
            ClassPath.snapshot(jar, second);
            // Two kernels' snapshots of one version are one file (links), not two copies.
            assertEquals(Files.getAttribute(first, "unix:ino"), Files.getAttribute(second, "unix:ino"));
            assertNotEquals(Files.getAttribute(jar, "unix:ino"), Files.getAttribute(first, "unix:ino"));

            // A rebuild that rewrites the jar in place (same file, new bytes) leaves the
            // snapshot its bytes, and the next kernel gets the new ones.
            Files.write(jar, new byte[]{9, 9, 9, 9});
            Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() + 5000));
            Path third = dir.resolve("k3/a.jar");
            Files.createDirectories(third.getParent());
            ClassPath.snapshot(jar, third);
            assertArrayEquals(new byte[]{1, 2, 3}, Files.readAllBytes(first));
            assertArrayEquals(new byte[]{9, 9, 9, 9}, Files.readAllBytes(third));
            // The old version's cache entry is pruned; the first kernels' links still hold it.
            Path cache;
            try (Stream<Path> tops = Files.list(dir)) {
                cache = tops.filter(d -> d.getFileName().toString().startsWith("vae-kernel-jar-cache-")).findFirst().orElseThrow();
            }
            try (Stream<Path> cached = Files.walk(cache)) {
                assertEquals(1, cached.filter(f -> f.toString().endsWith(".jar")).count());
            }
            // A jar that is gone: its folder is pruned by the next kernel's first snapshot.
            Files.delete(jar);
            Path other = dir.resolve("lib/b.jar");
            Files.write(other, new byte[]{4});
            Path fourth = dir.resolve("k4/b.jar");
            Files.createDirectories(fourth.getParent());
            ClassPath.pruneCache(); // what a kernel does before its first snapshot
            ClassPath.snapshot(other, fourth);
            try (Stream<Path> cached = Files.walk(cache)) {
                assertEquals(List.of("b.jar"), cached.filter(f -> f.toString().endsWith(".jar"))
                        .map(f -> f.getFileName().toString()).toList());
            }
            assertArrayEquals(new byte[]{1, 2, 3}, Files.readAllBytes(second));
        } finally {
            System.setProperty("java.io.tmpdir", tmp);
        }
    }

    @Test
    void preparedEntriesGoToJShellInOneCallAndKnowTheirWatchedResources(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("classes");
        Files.createDirectories(folder.resolve("a/b"));
        Files.write(folder.resolve("a/b/C.class"), new byte[0]);
        Path other = dir.resolve("other");
        Files.createDirectories(other);
        List<String> calls = new java.util.ArrayList<>();
        ClassPath cp = new ClassPath(calls::add, Set.of("a/b/C.class"));
        cp.addAll(List.of(cp.prepare(folder, true), cp.prepare(other, true)));
        assertEquals(List.of(folder + java.io.File.pathSeparator + other), calls);
        assertEquals(true, cp.anyHolds(List.of(folder.toString()), "a/b/C.class"));
        assertEquals(false, cp.anyHolds(List.of(other.toString()), "a/b/C.class"));
        assertEquals(null, cp.add(folder, true)); // already there: nothing happens
        assertEquals(1, calls.size());
    }
}
