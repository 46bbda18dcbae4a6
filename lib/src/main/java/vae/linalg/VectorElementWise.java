package vae.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import vae.prob.Rng;

/**
 * The Vector API versions of {@link ElementWise}'s kernels (loaded only when the module is present).
 *
 * <p>Reproducibility: only operations whose result IEEE 754 fixes exactly (add, multiply, divide,
 * fma, max, integer and bit operations), so each element's value is the same in any lane at any
 * vector width; sums in the fixed order of {@link Lanes} (16 float or 8 double partials, whatever the
 * lane count), so they are the same at any width too. The Vector API's own
 * {@code EXP}, {@code LOG1P} and {@code reduceLanes(ADD)} are not used: their results differ
 * between interpreted and JIT-compiled code (a math library versus {@code Math} per lane, a tree
 * versus a sequential sum), so the numbers would depend on when the JIT compiles a method.
 * Instead the exponential ({@link #expOfScaledAbs}) and log(1 + e) are written out below.
 *
 * <p>No vector crosses a method's boundary: each kernel is a loop over arrays (the likelihood: three,
 * each a method), with its vectors made inside the method, and a computation in two parts (the exponential, then tanh or the Bernoulli
 * terms) passes its middle through an array. The running sums of the loops that also compute an
 * exponential or a logarithm (the Bernoulli pass, the likelihood) stay in their arrays from step to
 * step; plain accumulators ({@link #reluNetworkAt}, like the products') stay in registers. On Java 17
 * (and once on 25) a vector passed to a method compiled on its own, or carried round such a loop, was
 * compiled boxed, and the kernel then ran the Vector API's Java fallback, allocating, for the life of
 * the process: seen in the likelihood, the Bernoulli pass, tanh and the sparse product's tail.
 *
 * <p>One float species only, the kernels' ({@link Lanes#FLOATS}): floats are widened to doubles from
 * the halves of a whole float vector ({@link #widen}: {@code convertShape(F2D, D, 0)} and
 * {@code (..., 1)}), never from a float vector of half the width. A 256-bit FloatVector used beside
 * the 512-bit ones (once a kernel here loaded its floats that way) made the products compiled after
 * it run 1.2 to 3 times slower for the rest of the process
 * (measured alone on two cores, dlogits W4^T: about 300-400 us, 570-1020 us after the Bernoulli draws or
 * the likelihood had run that way first), the FloatVector code they share being compiled for two shapes.
 */
final class VectorElementWise {
    private static final VectorSpecies<Float> S = Lanes.FLOATS;
    private static final int L = S.length();
    private static final VectorSpecies<Double> D = Lanes.DOUBLES;
    private static final int DL = D.length();
    private static final ThreadLocal<double[]> PARTIALS = ThreadLocal.withInitial(() -> new double[Lanes.DOUBLE_BLOCK]);

    private VectorElementWise() {}

    /**
     * See {@link ElementWise#bernoulliLossAndGradientRows}; float lanes. Each row's sum: the
     * {@link Lanes} order (16 float partials over the first {@code cols - cols % 16} elements, added
     * in order, the sum then taken to double), then the remaining elements' terms in double
     * ({@link ElementWise#scalarTerm}) in increasing order. Every vector of 16 lanes, or each of the
     * 16 / L vectors of a narrower machine, covers one 16-element block position.
     */
    static void bernoulliLossAndGradientRows(float[] x, float[] logits, float[] grad, int cols, int from, int to,
                                             double[] rowLoss) {
        int cb = cols - cols % Lanes.BLOCK;
        float[] lanes = LANES.get(), e = scratch(cb);
        for (int r = from; r < to; r++) {
            int o = r * cols;
            expOfScaledAbs(logits, o, -1f, e, cb);                     // e = e^-|l| in (0, 1]
            java.util.Arrays.fill(lanes, 0f);
            bernoulliFromExp(x, logits, grad, o, e, cb, lanes);
            double row = Lanes.sumBlock(lanes, 0);
            for (int j = cb; j < cols; j++) row += ElementWise.scalarTerm(x[o + j], logits[o + j], grad, o + j);
            rowLoss[r] = row;
        }
    }

    /**
     * The gradients {@code sigmoid(l) - x} of elements [o, o + n) (n a multiple of 16) into grad, and
     * their terms {@code -log p = softplus(l) - x l} added to the 16 partial sums in {@code lanes}
     * (element j to partial j mod 16), from {@code e = e^-|l|} as {@link #expOfScaledAbs} left it:
     * {@code softplus(l) = max(l, 0) + log(1 + e)}, with {@code log(1 + e) = 2 atanh(s) = 2 s (1 +
     * s^2/3 + s^4/5 + ... + s^14/15)}, {@code s = e / (2 + e)} in [0, 1/3] (relative error about
     * 1e-7; the next term is below 1e-9).
     */
    private static void bernoulliFromExp(float[] x, float[] logits, float[] grad, int o, float[] e, int n, float[] lanes) {
        for (int j = 0; j < n; j += L) {
            FloatVector l = FloatVector.fromArray(S, logits, o + j);
            FloatVector xv = FloatVector.fromArray(S, x, o + j);
            FloatVector ev = FloatVector.fromArray(S, e, j);
            FloatVector s = ev.div(ev.add(2f));
            FloatVector z = s.mul(s);
            FloatVector q = FloatVector.broadcast(S, 1f / 15f);
            q = q.fma(z, FloatVector.broadcast(S, 1f / 13f));
            q = q.fma(z, FloatVector.broadcast(S, 1f / 11f));
            q = q.fma(z, FloatVector.broadcast(S, 1f / 9f));
            q = q.fma(z, FloatVector.broadcast(S, 1f / 7f));
            q = q.fma(z, FloatVector.broadcast(S, 1f / 5f));
            q = q.fma(z, FloatVector.broadcast(S, 1f / 3f));
            q = q.fma(z, FloatVector.broadcast(S, 1f));
            FloatVector softplus = l.max(0f).add(s.add(s).mul(q));
            FloatVector r1 = FloatVector.broadcast(S, 1f).div(ev.add(1f));        // 1 / (1 + e^-|l|)
            VectorMask<Float> negative = l.compare(VectorOperators.LT, 0f);
            FloatVector sigmoid = r1.blend(ev.mul(r1), negative);                  // l < 0: e^l / (1 + e^l)
            sigmoid.sub(xv).intoArray(grad, o + j);                                // d/dl = sigmoid(l) - x
            int v = j % Lanes.BLOCK;
            FloatVector.fromArray(S, lanes, v).add(softplus.sub(xv.mul(l))).intoArray(lanes, v);
        }
    }

    /** A per-thread buffer of at least n floats, reused. */
    private static float[] scratch(int n) {
        float[] b = SCRATCH.get();
        if (b.length < n) {
            b = new float[n];
            SCRATCH.set(b);
        }
        return b;
    }

    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    private static final ThreadLocal<float[]> LANES = ThreadLocal.withInitial(() -> new float[Lanes.BLOCK]);

    /** Below this |x| tanh is its Taylor series (where (1 - e) / (1 + e) would lose digits to cancellation). */
    private static final float TANH_SERIES_BELOW = 0.0625f;

    /**
     * See {@link ElementWise#tanhRows}: each row's elements in blocks of 16; a row's last
     * {@code cols % 16} elements go through the same vector code on a padded copy, so every element
     * gets the same bits at any vector width and any split of the rows.
     */
    static void tanhRows(float[] a, int cols, int from, int to) {
        int cb = cols - cols % Lanes.BLOCK;
        float[] tail = LANES.get(), e = scratch(Math.max(cb, Lanes.BLOCK));
        for (int r = from; r < to; r++) {
            int o = r * cols;
            expOfScaledAbs(a, o, -2f, e, cb);
            tanhFromExp(a, o, e, cb);
            if (cb < cols) {
                java.util.Arrays.fill(tail, 0f);
                System.arraycopy(a, o + cb, tail, 0, cols - cb);
                expOfScaledAbs(tail, 0, -2f, e, Lanes.BLOCK);
                tanhFromExp(tail, 0, e, Lanes.BLOCK);
                System.arraycopy(tail, 0, a, o + cb, cols - cb);
            }
        }
    }

    /**
     * tanh of a[o, o + n) in place (n a multiple of 16), from {@code e = e^(-2|x|)} as
     * {@link #expOfScaledAbs} left it: {@code tanh|x| = (1 - e) / (1 + e)}, for |x| below 1/16 the
     * series {@code x - x^3/3 + 2x^5/15 - 17x^7/315} (error below 1e-9 relative); the sign of x put
     * back. NaN stays NaN. Relative error about 1e-6.
     */
    private static void tanhFromExp(float[] a, int o, float[] e, int n) {
        for (int j = 0; j < n; j += L) {
            FloatVector x = FloatVector.fromArray(S, a, o + j);
            FloatVector ax = x.abs();
            FloatVector ev = FloatVector.fromArray(S, e, j);
            FloatVector big = FloatVector.broadcast(S, 1f).sub(ev).div(ev.add(1f));
            FloatVector z = ax.mul(ax);
            FloatVector p = FloatVector.broadcast(S, -17f / 315f);
            p = p.fma(z, FloatVector.broadcast(S, 2f / 15f));
            p = p.fma(z, FloatVector.broadcast(S, -1f / 3f));
            p = p.fma(z, FloatVector.broadcast(S, 1f));
            FloatVector small = ax.mul(p);
            FloatVector t = big.blend(small, ax.compare(VectorOperators.LT, TANH_SERIES_BELOW));
            t = t.blend(x, x.compare(VectorOperators.NE, x));   // NaN stays NaN (the one value unequal to itself; test(IS_NAN) is not compiled to vector code on Java 17)
            t.blend(t.neg(), x.compare(VectorOperators.LT, 0f)).intoArray(a, o + j);
        }
    }

    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;        // ln 2 = LN2_HI + LN2_LO (Cephes' split)
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float ROUND = 12582912f;            // 1.5 * 2^23: y + ROUND rounds y to an integer
    private static final int ROUND_BITS = 0x4B400000;        // the bits of ROUND

    /**
     * {@code e[i] = e^t} with {@code t = scale |a[o + i]|} for i in [0, n) (n a multiple of 16, scale
     * &lt;= 0; t below -87 is taken as -87, e^-87 = 1.6e-38), relative error about 1e-7:
     * {@code t = k ln 2 + r} with k = round(t / ln 2), |r| &lt;= ln 2 / 2, e^r by its Taylor series to
     * r^7 / 7! (error below 6e-9), 2^k built from its exponent bits. The one place of this exponential:
     * tanh (scale -2) and the Bernoulli pass (scale -1) read its output. A loop of its own that takes
     * no vector and returns none (see {@link #sumBernoulliLogProb} on the JIT's trap).
     */
    private static void expOfScaledAbs(float[] a, int o, float scale, float[] e, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector t = FloatVector.fromArray(S, a, o + i).abs().mul(scale).max(-87f);
            FloatVector y = t.mul(LOG2E).add(ROUND);                // its low mantissa bits hold k
            FloatVector k = y.sub(ROUND);
            FloatVector r = k.fma(FloatVector.broadcast(S, -LN2_HI), t);
            r = k.fma(FloatVector.broadcast(S, -LN2_LO), r);                                  // r = t - k ln 2
            FloatVector p = FloatVector.broadcast(S, 1f / 5040f);
            p = p.fma(r, FloatVector.broadcast(S, 1f / 720f));
            p = p.fma(r, FloatVector.broadcast(S, 1f / 120f));
            p = p.fma(r, FloatVector.broadcast(S, 1f / 24f));
            p = p.fma(r, FloatVector.broadcast(S, 1f / 6f));
            p = p.fma(r, FloatVector.broadcast(S, 0.5f));
            p = p.fma(r, FloatVector.broadcast(S, 1f));
            p = p.fma(r, FloatVector.broadcast(S, 1f));              // e^r
            IntVector ki = y.reinterpretAsInts().sub(ROUND_BITS);    // k in [-126, 0]
            FloatVector twoK = ki.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            p.mul(twoK).intoArray(e, i);
        }
    }

    /**
     * See {@link ElementWise#sumBernoulliLogProb}: double lanes, summed in the {@link Lanes} order (8
     * double partials over the first {@code len - len % 8} elements, added in order; then the
     * remaining terms in increasing order). Each term {@code x l - softplus(l)} with
     * {@code softplus(l) = max(l, 0) + log(1 + e)}, {@code e = e^-|l|}: e as {@code 2^k e^r}
     * ({@code -|l| = k ln 2 + r}, e^r by its Taylor series to r^13/13!), {@code log(1 + e) =
     * 2 s sum_i s^(2i) / (2i + 1)} with {@code s = e / (2 + e)}, i up to 17.
     *
     * <p>Each chunk of at most {@value #WIDE_CHUNK} terms goes through loops that are each a method of
     * its own, taking arrays and returning no vector: the floats widened ({@link #widen}), the
     * exponentials ({@link #expOfNegAbs}), then the terms added to the partials
     * ({@link #addLogProbTerms}). The last two stay apart on purpose: each is longer than the 325 bytes
     * of bytecode up to which C2 inlines a hot call ({@code FreqInlineSize}), so each is compiled on
     * its own, a small method in which every species and operator is a constant. Written as one loop
     * (3619cf1: its floats from either half of a float vector, {@code convertShape(F2D, D, part)} with
     * a part that is not a constant), the computation ran as the Vector API's Java fallback, for the
     * rest of the process, in about three of five fresh JVMs whose first vector operations were an
     * estimate on two threads (16 of 27 runs of two reproducers): 5-15 ns a term against 2-2.5, boxed
     * vectors on the heap (96 bytes a step where measured). C2's logs of those compiles: the method
     * at its limit on inlined nodes ({@code NodeCountInliningCutoff}), the conversion and 34
     * broadcasts not compiled as intrinsics. The one loop with its floats widened first, as now, still
     * fell in 2 of 4 runs (the partial sums' store not an intrinsic); split, 0 of 22
     * ({@code LikelihoodStaysCompiledTest} runs three).
     */
    static double sumBernoulliLogProb(float[] x, int xFrom, float[] logits, int lFrom, int len) {
        int lb = len - len % Lanes.DOUBLE_BLOCK;
        double[] partial = PARTIALS.get(), xs = WIDE_X.get(), ls = WIDE.get(), es = WIDE_E.get();
        java.util.Arrays.fill(partial, 0.0);
        for (int c = 0; c < lb; c += WIDE_CHUNK) {          // a chunk at a time, each step a loop of its own
            int n = Math.min(WIDE_CHUNK, lb - c);
            widen(logits, lFrom + c, ls, n);
            widen(x, xFrom + c, xs, n);
            expOfNegAbs(ls, es, n);
            addLogProbTerms(xs, ls, es, n, partial);
        }
        double sum = Lanes.sumDoubleBlock(partial, 0);
        for (int j = lb; j < len; j++) sum += ElementWise.logProbTerm(x[xFrom + j], logits[lFrom + j]);
        return sum;
    }

    /**
     * {@code e[j] = e^t}, {@code t = -|l[j]|} for j in [0, n) (n a multiple of DL; t below -708 taken as
     * -708): {@code t = k ln 2 + r}, e^r by its Taylor series to r^13/13!, 2^k from its exponent bits.
     */
    private static void expOfNegAbs(double[] ls, double[] es, int n) {
        for (int j = 0; j < n; j += DL) {
            DoubleVector l = DoubleVector.fromArray(D, ls, j);
            DoubleVector t = l.abs().neg().max(-708.0);
            DoubleVector y = t.mul(LOG2E_D).add(ROUND_D);                       // its low mantissa bits hold k
            DoubleVector k = y.sub(ROUND_D);
            DoubleVector r = k.fma(DoubleVector.broadcast(D, -LN2_HI_D), t);
            r = k.fma(DoubleVector.broadcast(D, -LN2_LO_D), r);                 // r = t - k ln 2
            DoubleVector p = DoubleVector.broadcast(D, 1.0 / 6227020800.0);     // 1/13!, then Horner down to 1/0!
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 479001600.0));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 39916800.0));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 3628800.0));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 362880.0));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 40320.0));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 5040.0));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 720.0));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 120.0));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 24.0));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 6.0));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 2.0));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0));
            DoubleVector twoK = y.reinterpretAsLongs().sub(ROUND_D_BITS).add(1023L).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
            DoubleVector e = p.mul(twoK);
            e.intoArray(es, j);
        }
    }

    /**
     * {@code partial[j mod 8] += x_j l_j - softplus(l_j)} for j in [0, n) (n a multiple of 8), j
     * increasing: {@code softplus(l) = max(l, 0) + log(1 + e)}, {@code e = e^-|l|} from {@code es}.
     */
    private static void addLogProbTerms(double[] xs, double[] ls, double[] es, int n, double[] partial) {
        for (int j = 0; j < n; j += DL) {
            int v = j % Lanes.DOUBLE_BLOCK;
            DoubleVector l = DoubleVector.fromArray(D, ls, j), xv = DoubleVector.fromArray(D, xs, j), e = DoubleVector.fromArray(D, es, j);
            // log(1 + e) = 2 s (1 + s^2/3 + ... + s^34/35), s = e / (2 + e)
            DoubleVector s = e.div(e.add(2.0));
            DoubleVector z = s.mul(s);
            DoubleVector q = DoubleVector.broadcast(D, 1.0 / 35);
            q = q.fma(z, DoubleVector.broadcast(D, 1.0 / 33));
            q = q.fma(z, DoubleVector.broadcast(D, 1.0 / 31));
            q = q.fma(z, DoubleVector.broadcast(D, 1.0 / 29));
            q = q.fma(z, DoubleVector.broadcast(D, 1.0 / 27));
            q = q.fma(z, DoubleVector.broadcast(D, 1.0 / 25));
            q = q.fma(z, DoubleVector.broadcast(D, 1.0 / 23));
            q = q.fma(z, DoubleVector.broadcast(D, 1.0 / 21));
            q = q.fma(z, DoubleVector.broadcast(D, 1.0 / 19));
            q = q.fma(z, DoubleVector.broadcast(D, 1.0 / 17));
            q = q.fma(z, DoubleVector.broadcast(D, 1.0 / 15));
            q = q.fma(z, DoubleVector.broadcast(D, 1.0 / 13));
            q = q.fma(z, DoubleVector.broadcast(D, 1.0 / 11));
            q = q.fma(z, DoubleVector.broadcast(D, 1.0 / 9));
            q = q.fma(z, DoubleVector.broadcast(D, 1.0 / 7));
            q = q.fma(z, DoubleVector.broadcast(D, 1.0 / 5));
            q = q.fma(z, DoubleVector.broadcast(D, 1.0 / 3));
            q = q.fma(z, DoubleVector.broadcast(D, 1.0));
            DoubleVector softplus = l.max(0.0).add(s.add(s).mul(q));
            DoubleVector.fromArray(D, partial, v).add(xv.mul(l).sub(softplus)).intoArray(partial, v);
        }
    }

    /** Doubles per chunk of the widening buffers: a multiple of {@link Lanes#DOUBLE_BLOCK} and of L (checked below). */
    private static final int WIDE_CHUNK = 1024;

    static {
        if (WIDE_CHUNK % Lanes.DOUBLE_BLOCK != 0 || WIDE_CHUNK % L != 0) {
            throw new IllegalStateException("a chunk of " + WIDE_CHUNK + " doubles must hold whole blocks of "
                    + Lanes.DOUBLE_BLOCK + " and whole vectors of " + L);
        }
    }
    private static final ThreadLocal<double[]> WIDE = ThreadLocal.withInitial(() -> new double[WIDE_CHUNK]);
    private static final ThreadLocal<double[]> WIDE_X = ThreadLocal.withInitial(() -> new double[WIDE_CHUNK]);
    private static final ThreadLocal<double[]> WIDE_E = ThreadLocal.withInitial(() -> new double[WIDE_CHUNK]);

    /**
     * {@code out[j] = a[from + j]} for j in [0, n): floats widened to doubles (exactly, so any way of
     * doing it gives the same values), whole float vectors in their two halves, the rest one by one.
     * The halves are the parts 0 and 1 written as constants: for a part it cannot see as a constant
     * the compiler keeps both of the Vector API's paths (a part other than 0 slices the vector first).
     */
    private static void widen(float[] a, int from, double[] out, int n) {
        int j = 0;
        for (; j + L <= n; j += L) {
            FloatVector f = FloatVector.fromArray(S, a, from + j);
            ((DoubleVector) f.convertShape(VectorOperators.F2D, D, 0)).intoArray(out, j);
            ((DoubleVector) f.convertShape(VectorOperators.F2D, D, 1)).intoArray(out, j + DL);
        }
        for (; j < n; j++) out[j] = a[from + j];
    }

    /**
     * {@link ElementWise#keepWherePositive} on the whole vectors from index {@code from}; returns
     * where the scalar tail starts.
     */
    static int keepWherePositive(float[] dy, float[] y, int from, int to) {
        FloatVector zero = FloatVector.zero(S);
        int i = from;
        for (; i + L <= to; i += L) {
            VectorMask<Float> positive = FloatVector.fromArray(S, y, i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(S, dy, i), positive).intoArray(dy, i);
        }
        return i;
    }

    /**
     * {@link ElementWise#addToEachRow} on the whole vectors of each row; returns where the scalar
     * tail of every row starts.
     */
    static int addToEachRow(float[] c, float[] b, int cols, int rows) {
        int jb = cols - cols % L;
        for (int i = 0; i < rows; i++) {
            int ci = i * cols;
            for (int j = 0; j < jb; j += L) {
                FloatVector.fromArray(S, c, ci + j).add(FloatVector.fromArray(S, b, j)).intoArray(c, ci + j);
            }
        }
        return jb;
    }

    /**
     * {@link ElementWise#sumRows} on the whole vectors of the columns; returns where the scalar
     * tail of the columns starts. Each column's sum keeps its order (rows increasing from 0).
     */
    static int sumRows(float[] a, int cols, int rows, float[] out) {
        int jb = cols - cols % L;
        for (int j = 0; j < jb; j += L) {
            FloatVector sum = FloatVector.zero(S);
            for (int i = 0; i < rows; i++) sum = sum.add(FloatVector.fromArray(S, a, i * cols + j));
            sum.intoArray(out, j);
        }
        return jb;
    }

    /** Longs as many as {@link #D} has lanes. */
    private static final VectorSpecies<Long> LS = VectorSpecies.of(long.class, D.vectorShape());

    /**
     * {@link ElementWise#bernoulliDraws} on whole vectors of {@link #DL} draws, a chunk of
     * {@value #WIDE_CHUNK} at a time (its p widened to double first); returns how many draws were
     * done (the scalar loop does the rest).
     */
    static int bernoulliDraws(long origin, float[] p, int pFrom, float[] out, int outFrom, int n) {
        double[] ps = WIDE.get();
        int done = 0;
        for (int c = 0; c + DL <= n; c += WIDE_CHUNK) {
            int m = Math.min(WIDE_CHUNK, n - c);
            widen(p, pFrom + c, ps, m);
            done = c + drawChunk(origin, c, ps, m, out, outFrom + c);
        }
        return done;
    }

    private static final long LOW_26 = (1L << 26) - 1;
    private static final long TWO_52_BITS = 0x4330000000000000L;   // the bits of 2^52
    /**
     * Whether long lanes become doubles by {@code convert(L2D)}: one instruction with AVX-512's DQ
     * extension, which x86 processors with 512-bit vectors have (Xeon Phi aside; either way the
     * result is the same double); under {@code -XX:UseAVX=2} Java 17 ran it as the Vector API's
     * Java fallback, 57 KB boxed per 1024 draws (5.6 MB a binarised training step), so narrower
     * vectors take {@link #exactDouble} (a batch's draws 212 us against 540-680 boxed; with 512 bits
     * L2D is the faster, 113-140 us against 166-171).
     */
    private static final boolean L2D_IN_ONE = D.length() == 8;

    /**
     * Lanes below 2^52 as doubles, exactly, without a conversion instruction: 2^52 + x has x in its
     * mantissa, so its bits are those of 2^52 with x or'ed in, and subtracting 2^52 is exact.
     */
    private static DoubleVector exactDouble(LongVector x) {
        return x.or(TWO_52_BITS).reinterpretAsDoubles().sub(0x1.0p52);
    }

    /** The uniform {@code v 2^-53} of 53-bit lanes v, the same double either way (package-private: DrawsAtEveryWidthTest checks it). */
    static DoubleVector uniform(LongVector v) {
        if (L2D_IN_ONE) return ((DoubleVector) v.convert(VectorOperators.L2D, 0)).mul(0x1.0p-53);
        // v's top 27 bits times 2^-27 plus its low 26 times 2^-53: each product exact (a power of
        // two), their sum a multiple of 2^-53 below 1, so exact too
        return exactDouble(v.lanewise(VectorOperators.LSHR, 26)).mul(0x1.0p-27)
                .add(exactDouble(v.and(LOW_26)).mul(0x1.0p-53));
    }

    /**
     * Draws c + i for the whole vectors of i in [0, m) into {@code out[outFrom + i]}: lane t of a vector
     * holds the stream's state {@code origin + (c + i + t + 1) gamma}, mixed, shifted and scaled to the
     * uniform, compared with {@code ps[i]}; the draws (1 where the uniform is below p) into ps, then
     * into out as floats. Returns how many.
     */
    private static int drawChunk(long origin, int c, double[] ps, int m, float[] out, int outFrom) {
        long gamma = Rng.Uniforms.GAMMA;
        LongVector state = LongVector.broadcast(LS, c + 1L).addIndex(1).mul(gamma).add(origin);   // lane t: origin + (c + t + 1) gamma
        LongVector step = LongVector.broadcast(LS, DL * gamma);
        DoubleVector zero = DoubleVector.zero(D);
        int i = 0;
        for (; i + DL <= m; i += DL) {
            LongVector z = state;
            z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30)).mul(Rng.Uniforms.MIX1);
            z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(Rng.Uniforms.MIX2);
            z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31));
            DoubleVector u = uniform(z.lanewise(VectorOperators.LSHR, 11));
            zero.blend(1.0, u.compare(VectorOperators.LT, DoubleVector.fromArray(D, ps, i))).intoArray(ps, i);
            state = state.add(step);
        }
        // the draws, 0 or 1 in ps, as floats (a mask's toLong is no intrinsic on Java 17: it allocated an array per vector)
        for (int t = 0; t < i; t++) out[outFrom + t] = (float) ps[t];
        return i;
    }

    private static final double LOG2E_D = 1.4426950408889634;
    private static final double LN2_HI_D = 6.93147180369123816490e-01;   // fdlibm's split of ln 2
    private static final double LN2_LO_D = 1.90821492927058770002e-10;
    private static final double ROUND_D = 6755399441055744.0;            // 1.5 * 2^52
    private static final long ROUND_D_BITS = 0x4338000000000000L;

    // fdlibm's e_exp.c, which StrictMath.exp is: its polynomial, 1 / ln 2, and the bounds of its branches
    private static final double EXP_P1 = 1.66666666666666019037e-01, EXP_P2 = -2.77777777770155933842e-03,
            EXP_P3 = 6.61375632143793436117e-05, EXP_P4 = -1.65339022054652515390e-06, EXP_P5 = 4.13813679705723846039e-08;
    private static final double INV_LN2 = 1.44269504088896338700e+00;
    /** |x| from here on is reduced by k ln 2 (fdlibm: high word above 0x3fd62e42, about ln 2 / 2). */
    private static final double EXP_REDUCE_FROM = Double.longBitsToDouble(0x3fd62e4300000000L);
    /** |x| below 2^-28: e^x = 1 + x (fdlibm: high word below 0x3e300000). */
    private static final double EXP_TINY_BELOW = 0x1p-28;
    /** Lanes with |x| above this (or NaN) are redone by StrictMath.exp: overflow, underflow and subnormal results, fdlibm's first branch. */
    private static final double EXP_VECTOR_UP_TO = 700.0;

    /**
     * {@link ElementWise#strictExp} on whole vectors of {@link #DL} elements; returns how many were
     * done (the scalar loop does the rest). fdlibm's algorithm with its branches as masks: every
     * lane computes both forms and keeps the one fdlibm's branch takes, each with fdlibm's operations
     * in fdlibm's order (adds, multiplies, divides; no fused multiply-add), so each value is fdlibm's.
     * For |x| from about ln 2 / 2: {@code k = (int) (invln2 x +- 1/2)}, {@code hi = x - k ln2_hi}
     * (exact), {@code lo = k ln2_lo}, {@code r = hi - lo}; {@code t = r^2},
     * {@code c = r - t (P1 + t (P2 + t (P3 + t (P4 + t P5))))},
     * {@code e^x = 2^k (1 - ((lo - r c / (2 - c)) - hi))}, 2^k added to the exponent bits. Below:
     * {@code 1 - (x c / (c - 2) - x)}, and below 2^-28 {@code 1 + x}. Where the {@code (int)} cast
     * truncates, the floor of |v| comes from adding and subtracting 2^52 (one less where that rounded up).
     */
    static int strictExp(float[] a, int from, double scale, double[] out, int len) {
        // a widened into out; then two loops, each a method of its own over arrays: x = scale a, k and the
        // polynomial c into out, ks and cs; then e^x into out. Why two: C2 inlines the vector operations of a
        // compile late, and stops at a limit on its nodes (NodeCountInliningCutoff); operations past it stay
        // calls, their vectors boxed on the heap. One loop of all (547 bytes of bytecode, compiled alone) was
        // left so in 5 of 5 fresh processes that trained (154 KB for 2560 values); three short loops, all
        // inlined into the caller's compile (Reparameterisation.sample), in 2 of 8. expReduction is over the
        // 325 bytes up to which C2 inlines a hot call, so it is compiled alone; expAssemble is inlined.
        // See StepStaysCompiledTest.
        int whole = len - len % DL;
        widen(a, from, out, whole);
        double[] ks = WIDE.get(), cs = WIDE_X.get();
        for (int c = 0; c < whole; c += WIDE_CHUNK) {
            int m = Math.min(WIDE_CHUNK, whole - c);
            boolean beyond = expReduction(out, c, m, scale, ks, cs);
            expAssemble(out, c, m, ks, cs);
            if (beyond) {
                for (int i = c; i < c + m; i++) {
                    double x = scale * a[from + i];
                    if (!(Math.abs(x) <= EXP_VECTOR_UP_TO)) out[i] = StrictMath.exp(x);
                }
            }
        }
        return whole;
    }

    /**
     * For out[c + i], i in [0, m): x = scale out[c + i] into out, fdlibm's k into ks[i] and its
     * polynomial into cs[i]. {@code k = (int) (invln2 x +- 1/2)}, truncated (the floor of the
     * magnitude, the sign put back), 0 where |x| is below the reduction bound; r = x - k ln2_hi -
     * k ln2_lo (x itself where k = 0; k ln2_hi is exact), t = r^2,
     * {@code c = r - t (P1 + t (P2 + t (P3 + t (P4 + t P5))))}. Returns whether some |x| is above 700
     * or NaN (those lanes are then redone by StrictMath). (fdlibm takes k = +-1 without the multiply
     * for |x| below 1.0397205, high word 0x3ff0a2b2, where the formula gives +-1 too, with the same hi
     * and lo; the test takes floats on both sides of that bound and of 1.5 ln 2.)
     */
    private static boolean expReduction(double[] out, int c, int m, double scale, double[] ks, double[] cs) {
        boolean beyond = false;
        DoubleVector two52 = DoubleVector.broadcast(D, 0x1p52), one = DoubleVector.broadcast(D, 1.0);
        for (int i = 0; i < m; i += DL) {
            DoubleVector x = DoubleVector.fromArray(D, out, c + i).mul(scale);
            DoubleVector ax = x.abs();
            VectorMask<Double> negative = x.compare(VectorOperators.LT, 0.0);
            DoubleVector v = x.mul(INV_LN2).add(DoubleVector.broadcast(D, 0.5).blend(-0.5, negative)).abs();
            DoubleVector rounded = v.add(two52).sub(two52);
            DoubleVector magnitude = rounded.sub(one.blend(0.0, rounded.compare(VectorOperators.LE, v)));
            magnitude = magnitude.blend(0.0, ax.compare(VectorOperators.LT, EXP_REDUCE_FROM));
            DoubleVector k = magnitude.blend(magnitude.neg(), negative);
            DoubleVector r = x.sub(k.mul(LN2_HI_D)).sub(k.mul(LN2_LO_D));
            DoubleVector t = r.mul(r);
            r.sub(t.mul(t.mul(t.mul(t.mul(t.mul(EXP_P5).add(EXP_P4)).add(EXP_P3)).add(EXP_P2)).add(EXP_P1))).intoArray(cs, i);
            k.intoArray(ks, i);
            x.intoArray(out, c + i);
            beyond |= !ax.compare(VectorOperators.LE, EXP_VECTOR_UP_TO).allTrue();
        }
        return beyond;
    }

    /**
     * e^x into out: where k != 0, {@code 2^k (1 - ((lo - r c / (2 - c)) - hi))}, 2^k added to the
     * exponent bits; where k = 0, {@code 1 - (x c / (c - 2) - x)}, and below 2^-28 {@code 1 + x}.
     */
    private static void expAssemble(double[] out, int c, int m, double[] ks, double[] cs) {
        DoubleVector one = DoubleVector.broadcast(D, 1.0);
        for (int i = 0; i < m; i += DL) {
            DoubleVector x = DoubleVector.fromArray(D, out, c + i), k = DoubleVector.fromArray(D, ks, i);
            DoubleVector poly = DoubleVector.fromArray(D, cs, i);
            VectorMask<Double> reduce = k.compare(VectorOperators.NE, 0.0);
            DoubleVector hi = x.sub(k.mul(LN2_HI_D)), lo = k.mul(LN2_LO_D);
            DoubleVector r = hi.sub(lo);
            DoubleVector rc = r.mul(poly);
            DoubleVector unreduced = one.sub(rc.div(poly.sub(2.0)).sub(r));
            DoubleVector y = one.sub(lo.sub(rc.div(DoubleVector.broadcast(D, 2.0).sub(poly))).sub(hi));
            LongVector kBits = k.add(ROUND_D).reinterpretAsLongs().sub(ROUND_D_BITS);          // k as an integer
            DoubleVector scaled = y.reinterpretAsLongs().add(kBits.lanewise(VectorOperators.LSHL, 52)).reinterpretAsDoubles();
            unreduced.blend(scaled, reduce).blend(one.add(x), x.abs().compare(VectorOperators.LT, EXP_TINY_BELOW)).intoArray(out, c + i);
        }
    }

    /**
     * {@link ElementWise#reluNetworkAt} on blocks of {@code 4 DL} inputs (four vectors of double
     * lanes, a lane per input); returns where the remaining inputs start. Per block, the hidden values
     * of the four vectors go to a buffer, then each output is summed over i in four running sums side
     * by side. Each loop is a method of its own that takes no vector and returns none (see the class
     * comment).
     */
    static int reluNetworkAt(double[] zs, int from, int to, float[] w1, float[] b1, float[] w2, float[] b2,
                             int hidden, int outputs, double[] out) {
        int block = 4 * DL;
        double[] g = new double[hidden * block], sums = new double[block];
        int p = from;
        for (; p + block <= to; p += block) {
            reluHidden(zs, p, w1, b1, hidden, g);
            for (int j = 0; j < outputs; j++) {
                reluOutput(g, w2, b2[j], j, hidden, outputs, sums);
                for (int k = 0; k < block; k++) out[(p - from + k) * outputs + j] = sums[k];
            }
        }
        return p;
    }

    /** {@code g[i][k] = max(0, b1_i + z_k w1_i)} for the 4 DL inputs z_k = zs[p + k], i in [0, hidden). */
    private static void reluHidden(double[] zs, int p, float[] w1, float[] b1, int hidden, double[] g) {
        VectorSpecies<Double> d = D;
        DoubleVector z0 = DoubleVector.fromArray(d, zs, p), z1 = DoubleVector.fromArray(d, zs, p + DL);
        DoubleVector z2 = DoubleVector.fromArray(d, zs, p + 2 * DL), z3 = DoubleVector.fromArray(d, zs, p + 3 * DL);
        for (int i = 0, o = 0; i < hidden; i++, o += 4 * DL) {
            DoubleVector b = DoubleVector.broadcast(d, b1[i]), w = DoubleVector.broadcast(d, w1[i]);
            b.add(z0.mul(w)).max(0.0).intoArray(g, o);
            b.add(z1.mul(w)).max(0.0).intoArray(g, o + DL);
            b.add(z2.mul(w)).max(0.0).intoArray(g, o + 2 * DL);
            b.add(z3.mul(w)).max(0.0).intoArray(g, o + 3 * DL);
        }
    }

    /** {@code sums[k] = b2_j + sum_i g[i][k] w2[i][j]} (i increasing) for the 4 DL inputs of the block. */
    private static void reluOutput(double[] g, float[] w2, float b2j, int j, int hidden, int outputs, double[] sums) {
        VectorSpecies<Double> d = D;
        DoubleVector s0 = DoubleVector.broadcast(d, b2j), s1 = s0, s2 = s0, s3 = s0;
        for (int i = 0, o = 0; i < hidden; i++, o += 4 * DL) {
            DoubleVector w = DoubleVector.broadcast(d, w2[i * outputs + j]);
            s0 = s0.add(DoubleVector.fromArray(d, g, o).mul(w));
            s1 = s1.add(DoubleVector.fromArray(d, g, o + DL).mul(w));
            s2 = s2.add(DoubleVector.fromArray(d, g, o + 2 * DL).mul(w));
            s3 = s3.add(DoubleVector.fromArray(d, g, o + 3 * DL).mul(w));
        }
        s0.intoArray(sums, 0);
        s1.intoArray(sums, DL);
        s2.intoArray(sums, 2 * DL);
        s3.intoArray(sums, 3 * DL);
    }
}
