package vae.train;

import java.awt.image.BufferedImage;
import org.knowm.xchart.style.Styler;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;
import vae.eval.ElboTerms;
import vae.linalg.Matrix;
import vae.model.Vae;
import vae.plot.Images;
import vae.plot.LinePlot;
import vae.prob.Rng;

/**
 * A {@link TrainingListener} that records, after every epoch, the two terms of the ELBO on the
 * training data and on test data:
 * <pre>
 *   ELBO = E_q[log p(x|z)] - KL(q(z|x) || p(z))          (reconstruction term minus the KL term)
 * </pre>
 * The training values are the trainer's (means over the epoch's batches, taken while the model
 * was still improving, as the reference reports them); the test values are computed after the
 * epoch with {@link ElboTerms} (one z per image, analytic KL), from a stream seeded once, so a
 * run is reproducible. All values in nats per image (printed with 2 decimals, stored in full); the
 * ELBO is reported whatever beta is.
 * <pre>
 *   ElboHistory elbo = new ElboHistory(vae, test.images(), 1);
 *   new Trainer(vae).listener(elbo).fit(train, test);
 *   elbo.table();  elbo.curves();
 * </pre>
 */
public final class ElboHistory implements TrainingListener {
    private final Vae vae;
    private final Matrix test;
    private final Rng rng;
    private final Table table;

    /** Records the terms of {@code vae} on {@code testImages} (not copied; not modified). */
    public ElboHistory(Vae vae, Matrix testImages, long seed) {
        Matrix.requireCols(testImages, vae.config().inputDim(), "test images");
        this.vae = vae;
        this.test = testImages;
        this.rng = new Rng(seed);
        this.table = Table.create("ELBO per epoch (nats per image)", IntColumn.create("epoch"),
                DoubleColumn.create("train ELBO"), DoubleColumn.create("train reconstruction"),
                DoubleColumn.create("train KL"), DoubleColumn.create("test ELBO"),
                DoubleColumn.create("test reconstruction"), DoubleColumn.create("test KL"),
                DoubleColumn.create("seconds"));
        for (String c : table.columnNames()) {
            if (!c.equals("epoch")) {
                table.doubleColumn(c).setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(c.equals("seconds") ? 1 : 2));
            }
        }
    }

    @Override
    public void onEpoch(EpochSummary s) {
        ElboTerms t = ElboTerms.of(vae, test, 1, rng);
        table.intColumn("epoch").append(s.epoch());
        table.doubleColumn("train ELBO").append(-(s.reconstruction() + s.kl()));
        table.doubleColumn("train reconstruction").append(-s.reconstruction());
        table.doubleColumn("train KL").append(s.kl());
        table.doubleColumn("test ELBO").append(t.meanElbo());
        table.doubleColumn("test reconstruction").append(t.meanReconstruction());
        table.doubleColumn("test KL").append(t.meanKl());
        table.doubleColumn("seconds").append(s.seconds());
    }

    /** The table so far (live: it grows with each epoch). */
    public Table table() {
        return table;
    }

    /** The last recorded value of a column ({@code "test ELBO"}, ...). */
    public double last(String column) {
        if (table.rowCount() == 0) throw new IllegalStateException("no epoch recorded yet");
        return table.numberColumn(column).getDouble(table.rowCount() - 1);
    }

    /** Three panels side by side: ELBO, reconstruction term and KL term per epoch, train and test. */
    public BufferedImage curves() {
        if (table.rowCount() == 0) throw new IllegalStateException("no epoch recorded yet");
        double[] epoch = table.intColumn("epoch").asDoubleArray();
        String[][] panels = {
            {"ELBO", "ELBO (nats per image)"},
            {"reconstruction", "E_q[log p(x|z)] (nats per image)"},
            {"KL", "KL(q(z|x) || p(z)) (nats per image)"}};
        BufferedImage[] images = new BufferedImage[panels.length];
        for (int i = 0; i < panels.length; i++) {
            String term = panels[i][0];
            // the curves rise, so the lower right corner is usually free; LinePlot moves the legend if it is not
            images[i] = LinePlot.create(term + " per epoch", "epoch", panels[i][1]).size(520, 380).markers()
                    .series("train", epoch, table.doubleColumn("train " + term).asDoubleArray())
                    .series("test", epoch, table.doubleColumn("test " + term).asDoubleArray())
                    .legend(Styler.LegendPosition.InsideSE).image();
        }
        return Images.sideBySide(images);
    }

    @Override
    public String toString() {
        return "ElboHistory(epochs=" + table.rowCount() + ", test images=" + test.rows() + ")";
    }
}
