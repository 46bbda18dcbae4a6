package vae.eval;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.clustering.ClusterID;
import org.tribuo.clustering.ClusteringFactory;
import org.tribuo.clustering.evaluation.ClusteringEvaluation;
import org.tribuo.clustering.evaluation.ClusteringEvaluator;
import org.tribuo.clustering.kmeans.KMeansTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.distance.DistanceType;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import vae.linalg.Matrix;

/**
 * Probes of a representation with Tribuo (4.3): how much of the digit a linear classifier reads
 * off it, and how well k-means clusters in it agree with the digits.
 * <ul>
 *   <li>{@link #logisticRegression}: multinomial logistic regression (Tribuo's
 *       {@link LinearSGDTrainer} with {@link LogMulticlass}, AdaGrad), trained on one set of rows,
 *       its accuracy measured on another;</li>
 *   <li>{@link #kMeans}: k-means++ with Euclidean distance, its clusters scored against the
 *       labels by normalised and adjusted mutual information (1: the clusters are the digits;
 *       AMI about 0: no better than chance).</li>
 * </ul>
 * Every row becomes a dense {@link ArrayExample} with all of its features, zeros included, under
 * fixed names ({@code prefix + index}, zero-padded): train and test then share one feature map.
 * (Tribuo's own IDX reader leaves zero pixels out, so a pixel that is 0 in every training image
 * would be unknown to the model.) Tribuo's SGD and k-means trainers log at INFO (a few lines per
 * training, one per k-means iteration, to stderr): their two loggers are set to WARNING when this
 * class loads.
 */
public final class TribuoProbes {
    /** AdaGrad's initial learning rate for the logistic regression (Tribuo's default is 1.0). */
    public static final double LEARNING_RATE = 0.5;

    /** Held here because java.util.logging keeps loggers only weakly (a level set on a lost logger is lost). */
    private static final List<Logger> QUIET = List.of(Logger.getLogger(KMeansTrainer.class.getName()),
            Logger.getLogger("org.tribuo.common.sgd.AbstractSGDTrainer"));

    static {
        for (Logger l : QUIET) l.setLevel(Level.WARNING);
    }

    private TribuoProbes() {}

    /** The result of a classifier probe. */
    public record Classification(String features, int dimensions, int trainSize, int testSize, double accuracy,
                                 double seconds, LabelEvaluation evaluation) {
        @Override
        public String toString() {
            return String.format("Classification{%s, %d features, train %d, test %d, accuracy %.4f, %.1f s}", features,
                    dimensions, trainSize, testSize, accuracy, seconds);
        }
    }

    /** The result of a clustering probe; {@code clusters[i]} is row i's cluster (0..k-1). */
    public record Clustering(String features, int k, int size, double nmi, double ami, int[] clusters, double seconds) {
        @Override
        public String toString() {
            return String.format("Clustering{%s, k=%d, %d points, NMI %.4f, AMI %.4f, %.1f s}", features, k, size, nmi,
                    ami, seconds);
        }
    }

    /** {@code count} feature names {@code prefix + i}, zero-padded to equal width (they sort in index order). */
    public static String[] featureNames(String prefix, int count) {
        if (count < 1) throw new IllegalArgumentException("need at least 1 feature, got " + count);
        int width = String.valueOf(count - 1).length();
        String[] names = new String[count];
        for (int i = 0; i < count; i++) names[i] = prefix + String.format("%0" + width + "d", i);
        return names;
    }

    /** A Tribuo classification dataset: row i of {@code features} labelled with the digit {@code labels[i]}. */
    public static MutableDataset<Label> labelled(Matrix features, int[] labels, String prefix) {
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> ds = new MutableDataset<>(new SimpleDataSourceProvenance(prefix + " features", factory), factory);
        String[] names = featureNames(prefix, features.cols());
        requireLabels(features, labels);
        for (int i = 0; i < features.rows(); i++) {
            ds.add(new ArrayExample<>(new Label(String.valueOf(labels[i])), names, row(features, i)));
        }
        return ds;
    }

    /** A Tribuo clustering dataset: row i with ground truth {@code ClusterID(labels[i])} (for scoring only). */
    public static MutableDataset<ClusterID> clustered(Matrix features, int[] labels, String prefix) {
        ClusteringFactory factory = new ClusteringFactory();
        MutableDataset<ClusterID> ds = new MutableDataset<>(new SimpleDataSourceProvenance(prefix + " features", factory), factory);
        String[] names = featureNames(prefix, features.cols());
        requireLabels(features, labels);
        for (int i = 0; i < features.rows(); i++) {
            ds.add(new ArrayExample<>(new ClusterID(labels[i]), names, row(features, i)));
        }
        return ds;
    }

    /**
     * Trains a logistic regression on ({@code trainX}, {@code trainY}) for {@code epochs} passes
     * (minibatch 1, AdaGrad at {@link #LEARNING_RATE}, seeded) and measures its accuracy on
     * ({@code testX}, {@code testY}). {@code name} describes the features in the result.
     */
    public static Classification logisticRegression(String name, Matrix trainX, int[] trainY, Matrix testX, int[] testY,
                                                    int epochs, long seed) {
        if (trainX.cols() != testX.cols()) {
            throw new IllegalArgumentException("train and test need the same features: " + trainX.cols() + " vs "
                    + testX.cols() + " columns");
        }
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        long start = System.nanoTime();
        MutableDataset<Label> train = labelled(trainX, trainY, "f");
        MutableDataset<Label> test = labelled(testX, testY, "f");
        LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(LEARNING_RATE, 0.1), epochs,
                -1, 1, seed);
        Model<Label> model = trainer.train(train);
        LabelEvaluation evaluation = new LabelEvaluator().evaluate(model, test);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Classification(name, trainX.cols(), trainX.rows(), testX.rows(), evaluation.accuracy(), seconds,
                evaluation);
    }

    /**
     * k-means++ (Euclidean, at most {@code iterations} iterations, seeded, 1 thread) on the rows of
     * {@code x}, scored against {@code labels} by NMI and AMI. The labels play no part in the
     * clustering.
     */
    public static Clustering kMeans(String name, Matrix x, int[] labels, int k, int iterations, long seed) {
        if (k < 2) throw new IllegalArgumentException("k must be >= 2, got " + k);
        long start = System.nanoTime();
        MutableDataset<ClusterID> ds = clustered(x, labels, "f");
        KMeansTrainer trainer = new KMeansTrainer(k, iterations, DistanceType.L2.getDistance(),
                KMeansTrainer.Initialisation.PLUSPLUS, 1, seed);
        Model<ClusterID> model = trainer.train(ds);
        ClusteringEvaluation evaluation = new ClusteringEvaluator().evaluate(model, ds);
        List<Prediction<ClusterID>> predictions = model.predict(ds);
        int[] clusters = new int[predictions.size()];
        for (int i = 0; i < clusters.length; i++) clusters[i] = predictions.get(i).getOutput().getID();
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Clustering(name, k, x.rows(), evaluation.normalizedMI(), evaluation.adjustedMI(), clusters, seconds);
    }

    /** One row per classifier probe: features, dimensions, train and test sizes, accuracy, seconds. */
    public static Table classificationTable(String title, List<Classification> results) {
        Table t = Table.create(title, StringColumn.create("features"), IntColumn.create("dimensions"),
                IntColumn.create("train images"), IntColumn.create("test images"), DoubleColumn.create("accuracy"),
                DoubleColumn.create("seconds"));
        for (Classification c : results) {
            t.stringColumn("features").append(c.features());
            t.intColumn("dimensions").append(c.dimensions());
            t.intColumn("train images").append(c.trainSize());
            t.intColumn("test images").append(c.testSize());
            t.doubleColumn("accuracy").append(round(c.accuracy(), 4));
            t.doubleColumn("seconds").append(round(c.seconds(), 1));
        }
        return t;
    }

    /** One row per clustering probe: features, k, points, NMI, AMI, seconds. */
    public static Table clusteringTable(String title, List<Clustering> results) {
        Table t = Table.create(title, StringColumn.create("features"), IntColumn.create("k"), IntColumn.create("points"),
                DoubleColumn.create("NMI"), DoubleColumn.create("AMI"), DoubleColumn.create("seconds"));
        for (Clustering c : results) {
            t.stringColumn("features").append(c.features());
            t.intColumn("k").append(c.k());
            t.intColumn("points").append(c.size());
            t.doubleColumn("NMI").append(round(c.nmi(), 4));
            t.doubleColumn("AMI").append(round(c.ami(), 4));
            t.doubleColumn("seconds").append(round(c.seconds(), 1));
        }
        return t;
    }

    private static double round(double v, int digits) {
        double s = StrictMath.pow(10, digits);
        return Math.round(v * s) / s;
    }

    private static double[] row(Matrix m, int i) {
        double[] out = new double[m.cols()];
        float[] d = m.data();
        for (int j = 0; j < out.length; j++) out[j] = d[i * m.cols() + j];
        return out;
    }

    private static void requireLabels(Matrix features, int[] labels) {
        if (labels == null || labels.length != features.rows()) {
            throw new IllegalArgumentException("expected " + features.rows() + " labels (one per row), got "
                    + (labels == null ? "null" : labels.length));
        }
    }
}
