package vae.train;

import java.io.PrintStream;

/**
 * A text progress bar redrawn in place with {@code \r}, one finished line per epoch:
 * <pre>
 *   epoch  3/10 [##############----------------]  220/469  loss 112.41  9.8 s
 *   epoch  3/10  train 112.03 (rec 86.91, kl 25.12)  test 111.52  20.7 s
 * </pre>
 * Redraws at most every {@code minIntervalMillis} (and at the last batch), so a notebook is not
 * flooded.
 */
public final class ConsoleProgressBar implements TrainingListener {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final long minIntervalNanos;
    private long lastDraw;

    /** Prints to {@code System.out}, at most 5 redraws per second. */
    public ConsoleProgressBar() {
        this(System.out, 200);
    }

    public ConsoleProgressBar(PrintStream out, long minIntervalMillis) {
        this.out = out;
        this.minIntervalNanos = minIntervalMillis * 1_000_000L;
    }

    @Override
    public void onBatch(BatchProgress p) {
        long now = System.nanoTime();
        if (p.batch() != p.batches() && p.batch() != 1 && now - lastDraw < minIntervalNanos) return;
        lastDraw = now;
        int filled = (int) ((long) WIDTH * p.batch() / p.batches());
        String bar = "#".repeat(filled) + "-".repeat(WIDTH - filled);
        out.printf("\repoch %2d/%d [%s] %4d/%d  loss %.2f  %.1f s", p.epoch(), p.epochs(), bar, p.batch(),
                p.batches(), p.lossPerImage(), p.seconds());
        out.flush();
    }

    @Override
    public void onEpoch(EpochSummary s) {
        String pad = " ".repeat(20);
        out.printf("\repoch %2d/%d  train %.2f (rec %.2f, kl %.2f)  test %.2f  %.1f s%s%n", s.epoch(), s.epochs(),
                s.trainLoss(), s.reconstruction(), s.kl(), s.testLoss(), s.seconds(), pad);
        out.flush();
    }
}
