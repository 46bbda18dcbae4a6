package vae.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recorded run gives back exactly what its cells printed, names what it lacks, and says where it came from. */
class RecordedRunTest {
    private static final String NOTEBOOK = """
            {"cells": [
              {"cell_type": "code", "id": "aaa", "metadata": {}, "source": "x", "execution_count": 1, "outputs": [
                {"output_type": "stream", "name": "stdout", "text": ["L_5000: -95.12 here,", " -96.59 with PyTorch\\n"]},
                {"output_type": "execute_result", "execution_count": 1, "metadata": {}, "data": {"text/plain": "a table"}},
                {"output_type": "display_data", "metadata": {}, "data": {"text/plain": "BufferedImage@1", "image/png": "iVBOR"}}]},
              {"cell_type": "markdown", "id": "bbb", "metadata": {}, "source": "text"}],
             "metadata": {"vae": {"record": {"mode": "full", "date": "2026-12-02", "commit": "abc1234",
               "cpu": "AMD EPYC", "processors": "2", "load_average": "3.0", "seconds": "1234.5"}}},
             "nbformat": 4, "nbformat_minor": 5}
            """;

    @Test
    void quotesWhatACellPrintedAndWhereTheRunCameFrom(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("07-measuring-the-gap.ipynb");
        Files.writeString(file, NOTEBOOK);
        RecordedRun run = RecordedRun.of(file);
        assertEquals("L_5000: -95.12 here, -96.59 with PyTorch\na table\n", run.text("aaa"), "streams and text results, not a picture's toString");
        assertEquals("", run.text("bbb"));
        assertTrue(run.describe().contains("full run of 07-measuring-the-gap.ipynb, recorded 2026-12-02 at commit abc1234"), run.describe());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> run.text("zzz"));
        assertTrue(missing.getMessage().contains("no cell with id zzz"), missing.getMessage());

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            run.quote("aaa");
        } finally {
            System.setOut(old);
        }
        assertTrue(printed.toString(StandardCharsets.UTF_8).startsWith("From the full run of"), printed.toString(StandardCharsets.UTF_8));
        assertTrue(printed.toString(StandardCharsets.UTF_8).endsWith("a table\n"));
    }

    @Test
    void aMissingRecordOrOneWithoutMetadataIsAClearError(@TempDir Path dir) throws IOException {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> RecordedRun.of(dir.resolve("nothing.ipynb")));
        assertTrue(none.getMessage().startsWith("no recorded run at "), none.getMessage());
        Path bare = dir.resolve("bare.ipynb");
        Files.writeString(bare, "{\"cells\": [], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}");
        IllegalStateException noRecord = assertThrows(IllegalStateException.class, () -> RecordedRun.of(bare).describe());
        assertTrue(noRecord.getMessage().contains("carries no metadata.vae.record"), noRecord.getMessage());
    }
}
