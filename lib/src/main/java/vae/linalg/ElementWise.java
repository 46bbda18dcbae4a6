package vae.linalg;

import vae.prob.BernoulliLogits;
import vae.prob.Rng;

/**
 * The Bernoulli likelihood's batch kernels, for the training step and the importance-weighted
 * estimate, the rectifier's gradient mask ({@link #keepWherePositive}), a bias added to every row ({@link
 * #addToEachRow}), column sums ({@link #sumRows}) and StrictMath's exponential of many floats
 * ({@link #strictExp}, the same bits): one pass over memory, on the Vector API where it is present; the scalar path calls
 * {@link BernoulliLogits}, the formula's one place. Each names what it modifies. The Bernoulli kernel runs on the Vector
 * API when {@link MatMuls#vectorAvailable()} (float, vector {@code exp} and {@code log1p}), else
 * on plain loops (double).
 */
public final class ElementWise {
    private static final boolean VECTOR = MatMuls.vectorAvailable()
            && !"loops".equals(System.getProperty(MatMuls.PROPERTY));

    private ElementWise() {}

    /**
     * The Bernoulli-on-logits loss of a batch and its gradient in one pass: for every element,
     * with {@code e = exp(-|l|)} computed once,
     * <pre>
     *   -log p(x | l) = softplus(l) - x l,    softplus(l) = max(l, 0) + log1p(e)
     *   grad          = sigmoid(l) - x,       sigmoid(l) = 1 / (1 + e) for l >= 0, e / (1 + e) otherwise
     * </pre>
     * {@code grad} (modified) gets the gradient; returns {@code sum -log p(x | l)} over the
     * {@code rows x cols} elements (each row summed into a double, then rows added in order). On the
     * Vector API the terms are float (relative error about 1e-7 each), otherwise double. The Vector
     * API result is the same bit for bit at any vector width ({@code Lanes}); the plain loops' is another.
     */
    public static double bernoulliLossAndGradient(float[] x, float[] logits, float[] grad, int rows, int cols) {
        double[] rowLoss = new double[rows];
        bernoulliLossAndGradientRows(x, logits, grad, cols, 0, rows, rowLoss);
        double total = 0;
        for (double v : rowLoss) total += v;
        return total;
    }

    /**
     * {@code a = tanh(a)} over the rows [from, to) of a row-major array with {@code cols} columns
     * (modified). On the Vector API: {@code (1 - e) / (1 + e)} with {@code e = exp(-2|x|)} from the
     * kernels' own exp (a Taylor series for |x| &lt; 1/16), relative error about 1e-6, the same
     * bits at any vector width and any split of the rows; else {@link StrictMath#tanh} (other bits).
     * About twenty times faster than StrictMath's on the Vector API.
     */
    public static void tanhRows(float[] a, int cols, int from, int to) {
        if (from < 0 || from > to || a.length < (long) to * cols) {
            throw new IllegalArgumentException("rows [" + from + ", " + to + ") of " + cols + " values: the array has " + a.length);
        }
        if (VECTOR) {
            VectorElementWise.tanhRows(a, cols, from, to);
            return;
        }
        for (int i = from * cols; i < to * cols; i++) a[i] = (float) StrictMath.tanh(a[i]);
    }

    /**
     * {@link #bernoulliLossAndGradient} on rows [from, to) only: sets {@code grad} on those rows
     * and {@code rowLoss[r] = sum_j -log p(x_rj | l_rj)} (modified) for r in [from, to). Row ranges
     * may run on different threads; adding rowLoss in row order gives the same total.
     */
    public static void bernoulliLossAndGradientRows(float[] x, float[] logits, float[] grad, int cols, int from, int to,
                                                    double[] rowLoss) {
        long len = (long) to * cols;
        if (from < 0 || from > to || x.length < len || logits.length < len || grad.length < len || rowLoss.length < to) {
            throw new IllegalArgumentException("rows [" + from + ", " + to + ") of " + cols + " values: x has " + x.length
                    + ", logits " + logits.length + ", grad " + grad.length + ", rowLoss " + rowLoss.length);
        }
        if (VECTOR) {
            VectorElementWise.bernoulliLossAndGradientRows(x, logits, grad, cols, from, to, rowLoss);
            return;
        }
        for (int r = from; r < to; r++) {
            double row = 0;
            for (int i = r * cols; i < (r + 1) * cols; i++) row += scalarTerm(x[i], logits[i], grad, i);
            rowLoss[r] = row;
        }
    }

    /**
     * {@code sum_j log p(x_j | l_j) = sum_j (x_j l_j - softplus(l_j))} over j in [0, len) of
     * {@code x[xFrom + j]} and {@code logits[lFrom + j]}, in double (the terms in double, as
     * {@link vae.prob.BernoulliLogits#logProb(double, double)}; on the Vector API with vector
     * {@code exp}/{@code log1p}, each term within a few ulps of double, summed in 8 partials whatever
     * the lane count, so the same at any vector width: see {@code Lanes}). Nothing is modified. The
     * inner loop of the importance-weighted estimate.
     */
    public static double sumBernoulliLogProb(float[] x, int xFrom, float[] logits, int lFrom, int len) {
        if (xFrom < 0 || lFrom < 0 || len < 0 || xFrom + len > x.length || lFrom + len > logits.length) {
            throw new IndexOutOfBoundsException("x[" + xFrom + ", +" + len + ") of " + x.length + ", logits["
                    + lFrom + ", +" + len + ") of " + logits.length);
        }
        if (VECTOR) return VectorElementWise.sumBernoulliLogProb(x, xFrom, logits, lFrom, len);
        double s = 0;
        for (int j = 0; j < len; j++) s += logProbTerm(x[xFrom + j], logits[lFrom + j]);
        return s;
    }

    /** {@code x l - softplus(l)} in double ({@link BernoulliLogits#logProb(double, double)}). */
    static double logProbTerm(float x, float l) {
        return BernoulliLogits.logProb(x, (double) l);
    }

    /** One element of {@link #bernoulliLossAndGradient} in double: sets grad[i], returns -log p(x | l) ({@link BernoulliLogits}). */
    static double scalarTerm(float x, float l, float[] grad, int i) {
        grad[i] = (float) BernoulliLogits.gradNegLogProb((double) x, l);
        return -BernoulliLogits.logProb(x, (double) l);
    }

    /**
     * {@code c[i][j] += b[j]} for the {@code rows x cols} row-major c (modified): a bias added to
     * every row. Each element gets one float addition, so the Vector API path (used where present)
     * gives the scalar loop's bits. Why not leave it to the JIT: Java 17's compiler does not
     * vectorise this loop (c and b might be the same array), and at one element a cycle the
     * decoder's 128 x 784 logits took 36 us.
     */
    public static void addToEachRow(float[] c, float[] b, int cols, int rows) {
        if (b.length < cols || c.length < (long) rows * cols) {
            throw new IndexOutOfBoundsException(rows + " x " + cols + " values and a row of " + cols + ": c has " + c.length + ", b " + b.length);
        }
        int tail = VECTOR ? VectorElementWise.addToEachRow(c, b, cols, rows) : 0;
        for (int i = 0; i < rows; i++) {
            int ci = i * cols;
            for (int j = tail; j < cols; j++) c[ci + j] += b[j];
        }
    }

    /**
     * {@code out[j] = sum over i = 0, 1, ... of a[i][j]} for the {@code rows x cols} row-major a
     * (out modified): each column summed in float over the rows in increasing order, from 0, on
     * the Vector API where present (the same bits: the same additions in the same order). The
     * bias gradient of a dense layer.
     */
    public static void sumRows(float[] a, int cols, int rows, float[] out) {
        if (out.length < cols || a.length < (long) rows * cols) {
            throw new IndexOutOfBoundsException(rows + " x " + cols + " values into a row of " + cols + ": a has " + a.length + ", out " + out.length);
        }
        int tail = VECTOR ? VectorElementWise.sumRows(a, cols, rows, out) : 0;
        for (int j = tail; j < cols; j++) {
            float sum = 0f;
            for (int i = 0; i < rows; i++) sum += a[i * cols + j];
            out[j] = sum;
        }
    }

    /**
     * {@code out[outFrom + i] = u.get(i) < p[pFrom + i] ? 1 : 0} for i in [0, u.count()): a
     * Bernoulli(p) draw per element from the uniforms {@code u} (out modified; p compared as a double,
     * as {@code rng.nextDouble() < p} does). On the Vector API the uniforms are computed a vector of
     * doubles at a time (8 at 512 bits) from their formula ({@link Rng.Uniforms}); the result is the loop's bit for bit (integer
     * arithmetic, an exact conversion, an exact comparison). Drawing binarised MNIST this way took a
     * batch of 128 images from about 200 us to 34 (best of 2000, one core).
     */
    public static void bernoulliDraws(Rng.Uniforms u, float[] p, int pFrom, float[] out, int outFrom) {
        long n = u.count();
        if (pFrom < 0 || outFrom < 0 || pFrom + n > p.length || outFrom + n > out.length) {
            throw new IndexOutOfBoundsException(n + " draws: p[" + pFrom + ", +" + n + ") of " + p.length
                    + ", out[" + outFrom + ", +" + n + ") of " + out.length);
        }
        int done = VECTOR ? VectorElementWise.bernoulliDraws(u.origin(), p, pFrom, out, outFrom, (int) n) : 0;
        for (int i = done; i < n; i++) out[outFrom + i] = u.get(i) < p[pFrom + i] ? 1f : 0f;
    }

    /**
     * {@code out[i] = StrictMath.exp(scale * a[from + i])} for i in [0, len) (out modified), the same
     * bits as that call: fdlibm's exponential (which {@link StrictMath#exp} is), on the Vector API a
     * vector of doubles at a time where present, its branches as masks and the lanes beyond |700|
     * (or NaN) done by StrictMath itself. The sigmas and {@code exp(logvar)} of the training step's
     * latent part: StrictMath.exp costs about 6 ns a call, and a batch of 128 x 20 needs four per
     * element.
     */
    public static void strictExp(float[] a, int from, double scale, double[] out, int len) {
        if (from < 0 || len < 0 || from + len > a.length || out.length < len) {
            throw new IndexOutOfBoundsException("exp of a[" + from + ", +" + len + ") of " + a.length + " into out of " + out.length);
        }
        int i = VECTOR ? VectorElementWise.strictExp(a, from, scale, out, len) : 0;
        for (; i < len; i++) out[i] = StrictMath.exp(scale * a[from + i]);
    }

    /**
     * {@code dy[i] = y[i] > 0 ? dy[i] : 0} for i in [from, to): the rectifier's backward pass
     * ({@code vae.nn.ReLU}); dy modified, y not (a NaN y gives 0, as the comparison is false). On the
     * Vector API a blend under a mask: the loop's data-dependent branch mispredicted about half the
     * time on a hidden layer's output (128 x 400 values: 99 us on one core, 7 with the blend).
     */
    public static void keepWherePositive(float[] dy, float[] y, int from, int to) {
        if (from < 0 || from > to || dy.length < to || y.length < to) {
            throw new IndexOutOfBoundsException("values [" + from + ", " + to + "): dy has " + dy.length + ", y " + y.length);
        }
        int i = VECTOR ? VectorElementWise.keepWherePositive(dy, y, from, to) : from;
        for (; i < to; i++) dy[i] = y[i] > 0f ? dy[i] : 0f;
    }

    /**
     * A network of one hidden ReLU layer on a scalar input, at the inputs {@code zs[from..to)}: for
     * each z = zs[p] and output j,
     * <pre>
     *   g_i = max(0, b1_i + z w1_i),   out[(p - from) * outputs + j] = b2_j + sum_i g_i w2[i][j]
     * </pre>
     * in double from float weights (w1, b1: hidden values; w2: hidden x outputs, row-major), each product
     * and sum rounded on its own (no fused multiply-add) and the sum over i increasing: the values of
     * the plain loops that evaluate one z at a time (the toy VAE's decoder with a 1-D latent). On the
     * Vector API, blocks of 4 vectors of double lanes (32 inputs at 512 bits), an input a lane, so the
     * quadratures and fits of notebook 05b, which evaluate millions of points, do not wait on one chain
     * of additions per point; the inputs after the last whole block take the plain loop.
     */
    public static void reluNetworkAt(double[] zs, int from, int to, float[] w1, float[] b1, float[] w2, float[] b2,
                                     int hidden, int outputs, double[] out) {
        if (hidden < 0 || outputs < 0 || w1.length < hidden || b1.length < hidden || w2.length < (long) hidden * outputs
                || b2.length < outputs) {
            throw new IllegalArgumentException("a network of " + hidden + " hidden units and " + outputs + " outputs needs w1 and b1 of "
                    + hidden + ", w2 of " + (long) hidden * outputs + " and b2 of " + outputs + " values; got " + w1.length + ", "
                    + b1.length + ", " + w2.length + " and " + b2.length);
        }
        if (from < 0 || from > to || to > zs.length || out.length < (long) (to - from) * outputs) {
            throw new IndexOutOfBoundsException("points [" + from + ", " + to + ") of " + zs.length + " into out of " + out.length
                    + " (needs " + (long) (to - from) * outputs + ")");
        }
        int p = VECTOR ? VectorElementWise.reluNetworkAt(zs, from, to, w1, b1, w2, b2, hidden, outputs, out) : from;
        for (; p < to; p++) {
            double z = zs[p];
            for (int j = 0; j < outputs; j++) {
                double s = b2[j];
                for (int i = 0; i < hidden; i++) {
                    double g = b1[i];
                    g += z * w1[i];
                    s += Math.max(0.0, g) * w2[i * outputs + j];
                }
                out[(p - from) * outputs + j] = s;
            }
        }
    }
}
