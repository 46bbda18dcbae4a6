package vae.paper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vae.linalg.Matrix;
import vae.prob.Rng;
import vae.train.LearningRateSchedule;

/**
 * A small run of the paper's experiment stopped halfway (inside its third stage) and resumed in a
 * fresh {@link PaperRun} ends with the same weights, bit for bit, and the same stage results as an
 * unbroken run; a resume that does not restore the passes' random streams does not.
 */
class PaperRunResumeTest {
    /** 200 training images, 3 stages of 1, 3 and 3 passes (7 in all), 30 test images at k = 20. */
    private static final PaperConfig SMALL = PaperConfig.burda2016(1)
            .smaller(200, 30, LearningRateSchedule.burda2016().truncated(3, 3), 20, 100);
    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    /** Grey-level images like MNIST's: most pixels 0, the others in (0, 1]. */
    private static Matrix images(int n, long seed) {
        Rng rng = new Rng(seed);
        Matrix x = Matrix.zeros(n, 784);
        float[] a = x.data();
        for (int i = 0; i < a.length; i++) a[i] = rng.nextDouble() < 0.2 ? (float) rng.nextDouble() : 0f;
        return x;
    }

    private static final Matrix TRAIN = images(200, 1), TEST = images(30, 2);

    private static PaperRun run(PaperConfig config, Path folder) throws IOException {
        return new PaperRun(config, TRAIN, TEST, folder, QUIET).checkpointEvery(1, 1e9);
    }

    @Test
    void stoppedHalfwayAndResumedGivesTheBitsOfAnUnbrokenRun(@TempDir Path tmp) throws IOException {
        PaperRun unbroken = run(SMALL, tmp.resolve("unbroken"));
        unbroken.run();

        PaperRun first = run(SMALL, tmp.resolve("broken"));
        first.runPasses(5);                                  // 1 + 3 + 1: inside stage 3
        assertFalse(first.finished());
        assertEquals(2, first.progress().stage(), "stopped in the third stage");
        assertEquals(1, first.progress().passInStage(), "after its first pass");
        PaperRun resumed = run(SMALL, tmp.resolve("broken"));  // a fresh object reads the checkpoint
        assertEquals(5, resumed.progress().passesDone());
        resumed.run();

        assertTrue(resumed.finished());
        assertEquals(unbroken.weightsDigest(), resumed.weightsDigest());
        assertEquals(unbroken.progress().stages().size(), resumed.progress().stages().size());
        for (int s = 0; s < 3; s++) {
            StageResult a = unbroken.progress().stages().get(s), b = resumed.progress().stages().get(s);
            assertEquals(a.nll(), b.nll(), 0.0, "test NLL of stage " + (s + 1));
            assertEquals(a.trainLoss(), b.trainLoss(), 0.0, "train loss of stage " + (s + 1));
            assertEquals(a.activeUnits(), b.activeUnits());
        }
    }

    @Test
    void aResumeThatStartsThePassesStreamsAgainEndsElsewhere(@TempDir Path tmp) throws IOException {
        PaperRun unbroken = run(SMALL, tmp.resolve("unbroken"));
        unbroken.run();
        run(SMALL, tmp.resolve("broken")).runPasses(5);
        PaperRun resumed = run(SMALL, tmp.resolve("broken")).restoreStreams(false);
        resumed.run();
        assertNotEquals(unbroken.weightsDigest(), resumed.weightsDigest(),
                "the test must see a resume that draws the wrong binarisation and noise");
    }

    @Test
    void aCheckpointOfAnotherConfigurationIsRefusedNamingTheDifference(@TempDir Path tmp) throws IOException {
        PaperRun first = run(SMALL, tmp);
        first.runPasses(1);
        PaperConfig other = new PaperConfig(SMALL.model(), SMALL.trainImages(), SMALL.testImages(), SMALL.batchSize(),
                SMALL.schedule(), SMALL.adamBeta1(), SMALL.adamBeta2(), SMALL.adamEpsilon(), SMALL.outputBiasClip(),
                SMALL.initSeed(), 2, SMALL.evalK(), SMALL.finalKs(), SMALL.activeUnitImages(), SMALL.activeUnitVariance());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> run(other, tmp));
        assertTrue(e.getMessage().contains("another configuration") && e.getMessage().contains("this run has seed=2")
                && e.getMessage().contains("the checkpoint has seed=1"), e.getMessage());
        assertTrue(Files.exists(Checkpoint.file(tmp)), "the refused checkpoint is left as it was");
    }

    @Test
    void threadsAreNotPartOfTheConfiguration() {
        assertEquals(SMALL.hash(), SMALL.withThreads(2).hash());
        assertNotEquals(SMALL.hash(), PaperConfig.burda2016(1).hash());
    }
}
