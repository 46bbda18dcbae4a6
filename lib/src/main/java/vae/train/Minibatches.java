package vae.train;

import vae.linalg.Matrix;
import vae.prob.Rng;

/**
 * Splits n examples into minibatches: a fresh seeded shuffle per epoch, batches of
 * {@code batchSize} in that order, and the last partial batch kept (60000 / 128 gives 468 full
 * batches and one of 96).
 */
public final class Minibatches {
    private final int n;
    private final int batchSize;

    public Minibatches(int n, int batchSize) {
        if (n < 1) throw new IllegalArgumentException("need at least 1 example, got " + n);
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        this.n = n;
        this.batchSize = batchSize;
    }

    /** Number of batches per epoch, {@code ceil(n / batchSize)}. */
    public int batchCount() {
        return (n + batchSize - 1) / batchSize;
    }

    /** One epoch: a random permutation of 0..n-1 from {@code rng} (advanced), cut into batches. */
    public int[][] shuffled(Rng rng) {
        return cut(rng.permutation(n));
    }

    /** The examples in order 0..n-1, cut into batches (for evaluation). */
    public int[][] inOrder() {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        return cut(order);
    }

    private int[][] cut(int[] order) {
        int[][] batches = new int[batchCount()][];
        for (int b = 0; b < batches.length; b++) {
            int from = b * batchSize, to = Math.min(n, from + batchSize);
            batches[b] = java.util.Arrays.copyOfRange(order, from, to);
        }
        return batches;
    }

    /** A new matrix holding {@code data}'s rows {@code rows[0], rows[1], ...} in that order. */
    public static Matrix gather(Matrix data, int[] rows) {
        return gatherInto(data, rows, Matrix.zeros(rows.length, data.cols()));
    }

    /**
     * As {@link #gather}, into {@code out} (modified; rows.length x data.cols()), which is returned:
     * for a training loop that reuses one buffer instead of allocating a batch per step.
     */
    public static Matrix gatherInto(Matrix data, int[] rows, Matrix out) {
        int c = data.cols();
        Matrix.requireShape(out, rows.length, c, "gather: output");
        float[] src = data.data(), dst = out.data();
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0 || rows[i] >= data.rows()) {
                throw new IndexOutOfBoundsException("row " + rows[i] + " outside 0.." + data.rows());
            }
            System.arraycopy(src, rows[i] * c, dst, i * c, c);
        }
        return out;
    }

    @Override
    public String toString() {
        return "Minibatches{n=" + n + ", batchSize=" + batchSize + ", batches=" + batchCount() + "}";
    }
}
