package vae.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class MnistFilesTest {

    @Test
    void javaSumsEqualTheSetupsChecksumFile() throws Exception {
        // Surefire runs in lib/; the setup's list is environment/mnist.sha256 beside it.
        Path list = Path.of("..", "environment", "mnist.sha256");
        Map<String, String> fromFile = new LinkedHashMap<>();
        for (String line : Files.readAllLines(list)) {
            String[] parts = line.trim().split("\\s+");
            fromFile.put(parts[1], parts[0]);
        }
        assertEquals(fromFile, MnistFiles.SHA256);
    }

    @Test
    void sha256OfKnownText() throws Exception {
        Path f = Files.createTempFile("abc", ".txt");
        Files.writeString(f, "abc", StandardCharsets.US_ASCII);
        // FIPS 180-2 test vector for "abc".
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", MnistFiles.sha256(f));
    }

    @Test
    void alteredAndMissingFilesAreReportedByName(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("train-images-idx3-ubyte"), new byte[] {1, 2, 3});
        Table table = MnistFiles.verify(dir);
        assertEquals(4, table.rowCount());
        for (int r = 0; r < 4; r++) assertFalse(table.booleanColumn("verified").get(r));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> MnistFiles.requireVerified(dir));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte: expected sha256 ba8910"), e.getMessage());
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte: expected sha256 ff7bcf"), e.getMessage());
        assertTrue(e.getMessage().contains("found (missing)"), e.getMessage());
    }

    @Test
    void tableTitleCarriesNoAbsolutePathForTheCopysOwnData() {
        Path cwd = Path.of("").toAbsolutePath().normalize();
        String beside = MnistFiles.shownPath(cwd.getParent().resolve("data").resolve("mnist"));
        assertEquals(Path.of("..", "data", "mnist").toString(), beside);
        assertEquals(Path.of("data").toString(), MnistFiles.shownPath(cwd.resolve("data")));
        Path elsewhere = Path.of("/").resolve("srv").resolve("mnist");
        if (!elsewhere.startsWith(cwd.getParent())) {
            assertEquals(elsewhere.toString(), MnistFiles.shownPath(elsewhere));
        }
    }

    @Test
    void fromTheChineseEditionsFolderTheCopysDataIsShownRelativeToo() {
        // Maven runs in lib/, inside this repository: a copy of the series.
        Path root = Path.of("").toAbsolutePath().normalize().getParent();
        Path chinese = root.resolve("notebooks").resolve("zh");
        assertEquals(Path.of("..", "..", "data", "mnist").toString(), MnistFiles.shownPath(root.resolve("data/mnist"), chinese));
        assertEquals(Path.of("..", "data", "mnist").toString(), MnistFiles.shownPath(root.resolve("data/mnist"), root.resolve("notebooks")));
    }
}
