package vae.paper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vae.train.LearningRateSchedule;

/** The run record as {@link PaperRecord} writes it and {@link RecordedPaperRun} reads it back for notebook 10. */
class PaperRecordTest {

    @Test
    void whatIsWrittenIsReadBack(@TempDir Path tmp) throws IOException {
        PaperConfig config = PaperConfig.burda2016(1).smaller(200, 30, LearningRateSchedule.burda2016().truncated(2, 1), 20, 100);
        List<PaperRun.Bound> bounds = List.of(new PaperRun.Bound(1, -95.5, 0.31, 30), new PaperRun.Bound(20, -90.25, 0.3, 30));
        StageResult one = new StageResult(1, 1, 1e-3, 120.5, 1.25, 150.125, 10, 2, 12, 50, List.of());
        StageResult two = new StageResult(2, 2, 7.2e-4, 90.25, 0.3, 100.5, 11, 3, 26, 48, bounds);
        Checkpoint.Progress p = new Checkpoint.Progress(2, 0, 2, 100.5, 0, 26, "2026-12-02T18:00:00Z", List.of(one, two));
        String json = PaperRecord.json("20261202-180000-burda2016-vae", "small", config, Map.of("stages", 2), p, "ab".repeat(32),
                Map.of("t10k-images-idx3-ubyte", "00"), 1, 1, "ok", null);
        Path file = tmp.resolve("burda2016-vae.json");
        PaperRecord.writeAtomically(file, json);
        RecordedPaperRun r = RecordedPaperRun.read(file).orElseThrow();
        assertEquals(2, r.stages().size());
        assertEquals(90.25, r.last().nll());
        assertEquals(0.3, r.last().nllSe());
        assertEquals(48, r.last().activeUnits());
        assertEquals(7.2e-4, r.stages().get(1).learningRate());
        assertEquals(bounds, r.bounds());
        assertEquals(48, r.activeUnits());
        assertEquals(26, r.wallSeconds());
        assertTrue(r.describe().contains("20261202-180000-burda2016-vae"), r.describe());
    }

    @Test
    void noRecordYetIsEmptyAndAnotherKindOfFileIsAnError(@TempDir Path tmp) throws IOException {
        assertTrue(RecordedPaperRun.read(tmp.resolve("none.json")).isEmpty());
        Path other = tmp.resolve("other.json");
        Files.writeString(other, "{\"schema\": \"vae-lecture.run/1\", \"name\": \"06-train-vae\"}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RecordedPaperRun.read(other));
        assertTrue(e.getMessage().contains("named burda2016-vae") && e.getMessage().contains("06-train-vae"), e.getMessage());
    }
}
