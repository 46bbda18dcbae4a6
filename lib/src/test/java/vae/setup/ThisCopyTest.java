package vae.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ThisCopy finds the copy's top folder and reads its commit and changes from git. */
class ThisCopyTest {

    /** A folder with the files that mark a copy of the series. */
    private static Path fakeCopy(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("lib"));
        Files.createDirectories(dir.resolve("environment/kernel"));
        Files.writeString(dir.resolve("lecture"), "#!/bin/sh\n");
        Files.writeString(dir.resolve("lib/pom.xml"), "<project/>\n");
        Files.writeString(dir.resolve("environment/kernel/start-kernel.sh"), "#!/bin/sh\n");
        return dir;
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
    }

    @Test
    void theCopyIsTheNearestFolderUpWithAllMarkers(@TempDir Path tmp) throws IOException {
        Path copy = fakeCopy(tmp.resolve("outer"));
        Path nested = Files.createDirectories(copy.resolve("notebooks/sub"));
        assertEquals(Optional.of(copy.toAbsolutePath().normalize()), ThisCopy.containing(nested));
        assertEquals(Optional.of(copy.toAbsolutePath().normalize()), ThisCopy.containing(copy));
        // One marker missing: not a copy.
        Files.delete(copy.resolve("environment/kernel/start-kernel.sh"));
        assertEquals(Optional.empty(), ThisCopy.containing(nested));
    }

    @Test
    void underMavenTheLibraryComesFromThisRepository() {
        // Surefire runs in lib/, so the repository's top folder is its parent.
        Path expected = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
        assertEquals(expected, ThisCopy.current().root());
    }

    @Test
    void commitAndChangesComeFromGit(@TempDir Path tmp) throws Exception {
        Path copy = fakeCopy(tmp.resolve("copy"));
        run(copy, "git", "init", "-q", "-b", "main");
        run(copy, "git", "add", "-A");
        run(copy, "git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "first");
        // The commit as git stores it for the branch, read without ThisCopy's command.
        String stored = Files.readString(copy.resolve(".git/refs/heads/main")).trim();

        ThisCopy clean = ThisCopy.of(copy);
        assertEquals(stored, clean.commit());
        assertFalse(clean.dirty(), clean.changes().toString());
        assertTrue(clean.toString().contains(stored + ", no uncommitted changes"), clean.toString());

        Files.writeString(copy.resolve("lecture"), "#!/bin/sh\necho changed\n");
        Files.writeString(copy.resolve("new.txt"), "untracked\n");
        ThisCopy dirty = ThisCopy.of(copy);
        assertEquals(stored, dirty.commit());
        assertTrue(dirty.dirty());
        assertEquals(List.of("lecture", "new.txt"), dirty.changes().stream().sorted().toList());
    }

    @Test
    void outsideGitTheCommitIsUnknownAndSaysWhy(@TempDir Path tmp) throws IOException {
        ThisCopy copy = ThisCopy.of(fakeCopy(tmp.resolve("download")));
        assertNull(copy.commit());
        assertTrue(copy.toString().contains("no known commit (git rev-parse HEAD failed"), copy.toString());
    }

    @Test
    void theTableShowsTheCopyRelativeToTheNotebookNeverAnAbsolutePath(@TempDir Path tmp) throws IOException {
        Path root = ThisCopy.current().root();
        String text = ThisCopy.current().table(root.resolve("notebooks")).print();
        assertTrue(text.contains(" .. "), text);
        assertFalse(text.contains(root.toString()), text);
    }

    @Test
    void aJarReadFromTheKernelsSnapshotCountsAsItsOriginal(@TempDir Path tmp) throws IOException {
        Path loaded = ThisCopy.codeLocation(ThisCopy.class).toAbsolutePath();
        Path original = fakeCopy(tmp.resolve("copy")).resolve("lib/target/classpath/vae-lib.jar");
        String key = ThisCopy.SNAPSHOT_OF + loaded;
        System.setProperty(key, original.toString());
        try {
            assertEquals(original, ThisCopy.codeLocation(ThisCopy.class));
            assertEquals(Optional.of(tmp.resolve("copy")), ThisCopy.containing(ThisCopy.codeLocation(ThisCopy.class)));
        } finally {
            System.clearProperty(key);
        }
        assertEquals(loaded, ThisCopy.codeLocation(ThisCopy.class).toAbsolutePath());
    }

    @Test
    void aPathOfTheCopyIsTheSamePlaceFromEveryNotebookFolderAndRelativeInsideTheCopy(@TempDir Path tmp) throws IOException {
        Path copy = fakeCopy(tmp.resolve("copy")).toAbsolutePath().normalize();
        Path english = Files.createDirectories(copy.resolve("notebooks"));
        Path chinese = Files.createDirectories(copy.resolve("notebooks/zh"));
        // The same call names the same folder from both editions, relative to each (no absolute path shown).
        assertEquals(Path.of("../build/models"), ThisCopy.path(copy, english, "build/models"));
        assertEquals(Path.of("../../build/models"), ThisCopy.path(copy, chinese, "build/models"));
        assertEquals(english.resolve("../build/models").normalize(), chinese.resolve(ThisCopy.path(copy, chinese, "build", "models")).normalize());
        assertEquals(Path.of("data/mnist"), ThisCopy.path(copy, copy, "data", "mnist"));
        assertEquals(Path.of("."), ThisCopy.path(copy, copy, ""));
        // From outside the copy (a notebook kept elsewhere): the absolute path.
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        assertEquals(copy.resolve("build/models"), ThisCopy.path(copy, elsewhere, "build/models"));
        // Only paths inside the copy.
        assertThrows(IllegalArgumentException.class, () -> ThisCopy.path(copy, english, "/etc/passwd"));
        assertThrows(IllegalArgumentException.class, () -> ThisCopy.path(copy, english, "../outside"));
    }

    @Test
    void theLibrarysOwnCopyAnswersWithoutGit() {
        Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
        assertEquals(root, ThisCopy.folder());
        // Surefire runs in lib/, which lies in the copy: relative to it.
        assertEquals(Path.of("../build/models"), ThisCopy.path("build/models"));
    }
}
