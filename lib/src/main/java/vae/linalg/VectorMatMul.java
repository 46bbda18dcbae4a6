package vae.linalg;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MatMul} on the Vector API ({@code jdk.incubator.vector}): register-blocked kernels with
 * fused multiply-add, about ten times the plain loops on this machine (see
 * lib/bench/REFERENCE.md). Needs {@code --add-modules jdk.incubator.vector} (javac and
 * java); {@link MatMuls#best} picks it only when the module is present.
 *
 * <ul>
 *   <li>{@code C = A B} and {@code C = A^T B}: a block of 8 rows by 3 vectors of C (24
 *       accumulators: both FMA units busy, and each row of the B strip loaded once for 8 rows)
 *       stays in registers over the whole inner loop; each step broadcasts 8 entries of A and
 *       loads 3 vectors of a row of B: {@code acc = fma(a, b, acc)}. Leftover rows take 4 x 3
 *       blocks, then single rows. (One core, AMD EPYC Zen 5, 128 x 400 by 400 x 784: 8 x 3 about
 *       160 GFLOP/s, 4 x 3 130; the 4 x 3 kernel measured 150 on an older machine.) Columns left
 *       over take strips of 2 vectors (8 x 2 blocks), the second overlapping the first where
 *       fewer than two vectors are left (n = 20: the latent layer's products, 31 us each on one core
 *       in 4 x 1 blocks, 20 in 8 x 2), then one vector.</li>
 *   <li>{@code C = A B^T}: dot products of rows of A with rows of B, 4 by 2 at a time, 16 partial
 *       sums each over the inner index (one 512-bit vector, two 256-bit ones, ...), added in order
 *       at the end ({@link #dotOrder}); for a
 *       short inner index (k &lt; 64) or many rows (m &gt;= 64) B is transposed into a reused
 *       buffer and the broadcast kernel runs instead (faster there, copy included).</li>
 *   <li>{@code C = S B} with S sparse ({@link #mulSparse}): as {@code A B}, skipping zeros.</li>
 * </ul>
 *
 * <p>Rounding: FMA rounds once per multiply-add, and {@code A B^T} sums in 16 partials, so results
 * differ from {@link LoopMatMul} within float rounding (the tests state the tolerance). Column
 * tails narrower than a vector reuse the last full vector of the row (overlapping columns are
 * recomputed with the same values), so no masks are needed when n is at least one vector.
 * Determinism: each C[i][j] is computed by one thread in an order fixed by the shapes alone
 * (never by the row split), so results are the same bit for bit for any thread count; and never by
 * the vector width either ({@link Lanes}): the broadcast and sparse kernels compute each C[i][j]
 * as one fma chain over p (a lane, a scalar tail or an overlapping vector give the same chain),
 * the dot kernel keeps 16 partial sums whatever the lane count ({@link #dotOrder}), and which
 * kernel {@code A B^T} runs depends on k and m only ({@link #MIN_DOT_K}, {@link #MIN_TRANSPOSE_ROWS}).
 * So a 128-bit, a 256-bit and a 512-bit machine give the same products.
 */
final class VectorMatMul implements MatMul {
    private static final VectorSpecies<Float> S = Lanes.FLOATS;
    private static final int L = S.length();

    private final Parallel parallel;

    VectorMatMul(Parallel parallel) {
        this.parallel = parallel;
    }

    /** Lanes per vector (16 for the 512-bit species, 8 for 256 bits, 4 for 128). */
    static int lanes() {
        return L;
    }

    @Override
    public void mul(Matrix a, Matrix b, Matrix c) {
        int m = a.rows(), k = a.cols(), n = b.cols();
        ProductShapes.mul(a, b, c);
        float[] A = a.data(), B = b.data(), C = c.data();
        // a(i, p) = A[i * k + p]
        parallel.forRange(m, (long) k * n, (from, to) -> broadcastKernel(A, k, 1, B, C, k, n, from, to));
    }

    @Override
    public void mulTransA(Matrix a, Matrix b, Matrix c) {
        int k = a.rows(), m = a.cols(), n = b.cols();
        ProductShapes.mulTransA(a, b, c);
        float[] A = a.data(), B = b.data(), C = c.data();
        // a(i, p) = A[p * m + i]
        parallel.forRange(m, (long) k * n, (from, to) -> broadcastKernel(A, 1, m, B, C, k, n, from, to));
    }

    /**
     * Rows [from, to) of {@code C = op(A) B}, with {@code op(A)(i, p) = A[i * rs + p * ps]}, B k x n.
     * C[i][j] = fma chain over p = 0..k-1 starting from 0, whatever the blocking.
     */
    private static void broadcastKernel(float[] A, int rs, int ps, float[] B, float[] C, int k, int n,
                                        int from, int to) {
        if (n < L) {                   // narrower than one vector: scalar, the same fma chain
            scalarColumns(A, rs, ps, B, C, k, n, from, to, 0);
            return;
        }
        int j = 0;
        for (; j + 3 * L <= n; j += 3 * L) {
            int i = from;
            for (; i + 8 <= to; i += 8) block8x3(A, rs, ps, B, C, k, n, i, j);
            for (; i + 4 <= to; i += 4) block4x3(A, rs, ps, B, C, k, n, i, j);
            for (; i < to; i++) {
                block1x2(A, rs, ps, B, C, k, n, i, j, j + L);
                block1x1(A, rs, ps, B, C, k, n, i, j + 2 * L);
            }
        }
        for (; j + 2 * L <= n; j += 2 * L) twoVectorStrip(A, rs, ps, B, C, k, n, from, to, j, j + L);
        if (n - j > L) {
            // between one and two vectors left (n = 20 at 16 lanes: the latent layer's products): two
            // vectors, the second overlapping the first; the overlapping columns are recomputed with the
            // same fma chains, so they are rewritten with identical values (no masks, no scalar tail)
            twoVectorStrip(A, rs, ps, B, C, k, n, from, to, j, n - L);
        } else if (j < n) {
            // at most one vector left: the last L columns, overlapping as above
            int jj = n - L;
            int i = from;
            for (; i + 4 <= to; i += 4) block4x1(A, rs, ps, B, C, k, n, i, jj);
            for (; i < to; i++) block1x1(A, rs, ps, B, C, k, n, i, jj);
        }
    }

    /** Rows [from, to) of the columns [j0, j0 + L) and [j1, j1 + L) of C (j1 = j0 + L, or overlapping). */
    private static void twoVectorStrip(float[] A, int rs, int ps, float[] B, float[] C, int k, int n, int from, int to,
                                       int j0, int j1) {
        int i = from;
        for (; i + 8 <= to; i += 8) block8x2(A, rs, ps, B, C, k, n, i, j0, j1);
        for (; i + 4 <= to; i += 4) block4x2(A, rs, ps, B, C, k, n, i, j0, j1);
        for (; i < to; i++) block1x2(A, rs, ps, B, C, k, n, i, j0, j1);
    }

    /** Columns [j0, n) of rows [from, to), one scalar fma chain per element. */
    private static void scalarColumns(float[] A, int rs, int ps, float[] B, float[] C, int k, int n,
                                      int from, int to, int j0) {
        for (int i = from; i < to; i++) {
            for (int jj = j0; jj < n; jj++) {
                float s = 0f;
                for (int p = 0; p < k; p++) s = Math.fma(A[i * rs + p * ps], B[p * n + jj], s);
                C[i * n + jj] = s;
            }
        }
    }

    /**
     * C[i..i+8)[j..j+3L): 24 accumulators, 3 vectors of B and a broadcast: 28 of AVX-512's 32
     * registers. Each row of the B strip (k x 3L floats) loaded feeds 8 rows of C instead of 4, so a
     * strip larger than the first-level cache (k = 400: 77 KB) is read from the second-level cache
     * half as often as with 4 x 3 (measured alone, one core, 128 x 400 by 400 x 784: 4 x 3 about 130
     * GFLOP/s, 8 x 3 about 160). The same fma chains as the other blocks. The 24 stores are written
     * out: a helper taking vectors as arguments, when the JIT does not inline it, boxes them (tried:
     * every product ran 15 times slower).
     */
    private static void block8x3(float[] A, int rs, int ps, float[] B, float[] C, int k, int n, int i, int j) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S), c42 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S), c52 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S), c62 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S), c72 = FloatVector.zero(S);
        int a0 = i * rs;
        for (int p = 0; p < k; p++) {
            int bp = p * n + j, ap = a0 + p * ps;
            FloatVector b0 = FloatVector.fromArray(S, B, bp);
            FloatVector b1 = FloatVector.fromArray(S, B, bp + L);
            FloatVector b2 = FloatVector.fromArray(S, B, bp + 2 * L);
            FloatVector x = FloatVector.broadcast(S, A[ap]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            x = FloatVector.broadcast(S, A[ap + rs]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            x = FloatVector.broadcast(S, A[ap + 2 * rs]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            x = FloatVector.broadcast(S, A[ap + 3 * rs]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            x = FloatVector.broadcast(S, A[ap + 4 * rs]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            c42 = x.fma(b2, c42);
            x = FloatVector.broadcast(S, A[ap + 5 * rs]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            c52 = x.fma(b2, c52);
            x = FloatVector.broadcast(S, A[ap + 6 * rs]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            c62 = x.fma(b2, c62);
            x = FloatVector.broadcast(S, A[ap + 7 * rs]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
            c72 = x.fma(b2, c72);
        }
        int c = i * n + j;
        c00.intoArray(C, c);
        c01.intoArray(C, c + L);
        c02.intoArray(C, c + 2 * L);
        c10.intoArray(C, c + n);
        c11.intoArray(C, c + n + L);
        c12.intoArray(C, c + n + 2 * L);
        c20.intoArray(C, c + 2 * n);
        c21.intoArray(C, c + 2 * n + L);
        c22.intoArray(C, c + 2 * n + 2 * L);
        c30.intoArray(C, c + 3 * n);
        c31.intoArray(C, c + 3 * n + L);
        c32.intoArray(C, c + 3 * n + 2 * L);
        c40.intoArray(C, c + 4 * n);
        c41.intoArray(C, c + 4 * n + L);
        c42.intoArray(C, c + 4 * n + 2 * L);
        c50.intoArray(C, c + 5 * n);
        c51.intoArray(C, c + 5 * n + L);
        c52.intoArray(C, c + 5 * n + 2 * L);
        c60.intoArray(C, c + 6 * n);
        c61.intoArray(C, c + 6 * n + L);
        c62.intoArray(C, c + 6 * n + 2 * L);
        c70.intoArray(C, c + 7 * n);
        c71.intoArray(C, c + 7 * n + L);
        c72.intoArray(C, c + 7 * n + 2 * L);
    }

    private static void block4x3(float[] A, int rs, int ps, float[] B, float[] C, int k, int n, int i, int j) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S);
        int a0 = i * rs, a1 = a0 + rs, a2 = a1 + rs, a3 = a2 + rs;
        for (int p = 0; p < k; p++) {
            int bp = p * n + j, ap = p * ps;
            FloatVector b0 = FloatVector.fromArray(S, B, bp);
            FloatVector b1 = FloatVector.fromArray(S, B, bp + L);
            FloatVector b2 = FloatVector.fromArray(S, B, bp + 2 * L);
            FloatVector x = FloatVector.broadcast(S, A[a0 + ap]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            x = FloatVector.broadcast(S, A[a1 + ap]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            x = FloatVector.broadcast(S, A[a2 + ap]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            x = FloatVector.broadcast(S, A[a3 + ap]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
        }
        int c0 = i * n + j;
        c00.intoArray(C, c0);
        c01.intoArray(C, c0 + L);
        c02.intoArray(C, c0 + 2 * L);
        c10.intoArray(C, c0 + n);
        c11.intoArray(C, c0 + n + L);
        c12.intoArray(C, c0 + n + 2 * L);
        c20.intoArray(C, c0 + 2 * n);
        c21.intoArray(C, c0 + 2 * n + L);
        c22.intoArray(C, c0 + 2 * n + 2 * L);
        c30.intoArray(C, c0 + 3 * n);
        c31.intoArray(C, c0 + 3 * n + L);
        c32.intoArray(C, c0 + 3 * n + 2 * L);
    }

    /**
     * C[i..i+8) at the columns [j0, j0 + L) and [j1, j1 + L): 16 accumulators. For the strips of two
     * vectors (n = 128 at 16 lanes: {@code dlogits W4^T}'s transposed product, 3 + 3 + 2 vectors) and
     * for n between one and two vectors (j1 = n - L overlapping j0: the latent layer's n = 20), where
     * 4 x 1 blocks ran twice over the same rows of A (per p one load and four broadcasts for four
     * multiply-adds; here two loads and eight broadcasts for sixteen).
     */
    private static void block8x2(float[] A, int rs, int ps, float[] B, float[] C, int k, int n, int i, int j0, int j1) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        int a0 = i * rs;
        for (int p = 0; p < k; p++) {
            int bp = p * n, ap = a0 + p * ps;
            FloatVector b0 = FloatVector.fromArray(S, B, bp + j0);
            FloatVector b1 = FloatVector.fromArray(S, B, bp + j1);
            FloatVector x = FloatVector.broadcast(S, A[ap]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, A[ap + rs]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, A[ap + 2 * rs]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, A[ap + 3 * rs]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, A[ap + 4 * rs]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, A[ap + 5 * rs]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, A[ap + 6 * rs]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, A[ap + 7 * rs]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        int c = i * n;
        c00.intoArray(C, c + j0);
        c01.intoArray(C, c + j1);
        c10.intoArray(C, c + n + j0);
        c11.intoArray(C, c + n + j1);
        c20.intoArray(C, c + 2 * n + j0);
        c21.intoArray(C, c + 2 * n + j1);
        c30.intoArray(C, c + 3 * n + j0);
        c31.intoArray(C, c + 3 * n + j1);
        c40.intoArray(C, c + 4 * n + j0);
        c41.intoArray(C, c + 4 * n + j1);
        c50.intoArray(C, c + 5 * n + j0);
        c51.intoArray(C, c + 5 * n + j1);
        c60.intoArray(C, c + 6 * n + j0);
        c61.intoArray(C, c + 6 * n + j1);
        c70.intoArray(C, c + 7 * n + j0);
        c71.intoArray(C, c + 7 * n + j1);
    }

    /** As {@link #block8x2} for 4 rows. */
    private static void block4x2(float[] A, int rs, int ps, float[] B, float[] C, int k, int n, int i, int j0, int j1) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        int a0 = i * rs, a1 = a0 + rs, a2 = a1 + rs, a3 = a2 + rs;
        for (int p = 0; p < k; p++) {
            int bp = p * n, ap = p * ps;
            FloatVector b0 = FloatVector.fromArray(S, B, bp + j0);
            FloatVector b1 = FloatVector.fromArray(S, B, bp + j1);
            FloatVector x = FloatVector.broadcast(S, A[a0 + ap]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, A[a1 + ap]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, A[a2 + ap]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, A[a3 + ap]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        int c0 = i * n;
        c00.intoArray(C, c0 + j0);
        c01.intoArray(C, c0 + j1);
        c10.intoArray(C, c0 + n + j0);
        c11.intoArray(C, c0 + n + j1);
        c20.intoArray(C, c0 + 2 * n + j0);
        c21.intoArray(C, c0 + 2 * n + j1);
        c30.intoArray(C, c0 + 3 * n + j0);
        c31.intoArray(C, c0 + 3 * n + j1);
    }

    private static void block1x2(float[] A, int rs, int ps, float[] B, float[] C, int k, int n, int i, int j0, int j1) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        int a0 = i * rs;
        for (int p = 0; p < k; p++) {
            int bp = p * n;
            FloatVector x = FloatVector.broadcast(S, A[a0 + p * ps]);
            c00 = x.fma(FloatVector.fromArray(S, B, bp + j0), c00);
            c01 = x.fma(FloatVector.fromArray(S, B, bp + j1), c01);
        }
        c00.intoArray(C, i * n + j0);
        c01.intoArray(C, i * n + j1);
    }

    private static void block4x1(float[] A, int rs, int ps, float[] B, float[] C, int k, int n, int i, int j) {
        FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S);
        FloatVector c2 = FloatVector.zero(S), c3 = FloatVector.zero(S);
        int a0 = i * rs, a1 = a0 + rs, a2 = a1 + rs, a3 = a2 + rs;
        for (int p = 0; p < k; p++) {
            int ap = p * ps;
            FloatVector b0 = FloatVector.fromArray(S, B, p * n + j);
            c0 = FloatVector.broadcast(S, A[a0 + ap]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, A[a1 + ap]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, A[a2 + ap]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, A[a3 + ap]).fma(b0, c3);
        }
        int c = i * n + j;
        c0.intoArray(C, c);
        c1.intoArray(C, c + n);
        c2.intoArray(C, c + 2 * n);
        c3.intoArray(C, c + 3 * n);
    }

    private static void block1x1(float[] A, int rs, int ps, float[] B, float[] C, int k, int n, int i, int j) {
        FloatVector c0 = FloatVector.zero(S);
        int a0 = i * rs;
        for (int p = 0; p < k; p++) {
            c0 = FloatVector.broadcast(S, A[a0 + p * ps]).fma(FloatVector.fromArray(S, B, p * n + j), c0);
        }
        c0.intoArray(C, i * n + j);
    }

    /**
     * Below this inner size, A B^T transposes B and runs the broadcast kernel (short dot products
     * waste their reduction). A constant, not a multiple of the lane count: which kernel runs, and
     * so the order of the sums, must not depend on the vector width.
     */
    static final int MIN_DOT_K = 4 * Lanes.BLOCK;

    /** From this many rows of A on, A B^T transposes B (n x k values copied, amortised over m rows). */
    static final int MIN_TRANSPOSE_ROWS = 64;

    /**
     * {@code T[p][j] = B[j][p]} (B n x k, T k x n) for j in [j0, j1) and p in [p0, p1), in 16 x 16
     * tiles: whole tiles through {@link #transpose16} where vectors have 16 lanes, the rest one float
     * at a time (a copy: the same values either way).
     */
    private static void transposeBlock(float[] B, float[] T, int n, int k, int j0, int j1, int p0, int p1) {
        float[] tile = L == 16 ? TILE.get() : null;
        for (int pt = p0; pt < p1; pt += 16) {
            int pEnd = Math.min(p1, pt + 16);
            for (int jt = j0; jt < j1; jt += 16) {
                int jEnd = Math.min(j1, jt + 16);
                if (L == 16 && pEnd - pt == 16 && jEnd - jt == 16) {
                    transpose16(B, jt * k + pt, k, T, pt * n + jt, n, tile);
                    continue;
                }
                for (int j = jt; j < jEnd; j++) {
                    for (int p = pt; p < pEnd; p++) T[p * n + j] = B[j * k + p];
                }
            }
        }
    }

    /** Lane l takes lane l - b (UP) or l + b (DOWN), mod 16; MASK: the lanes whose index has bit b. */
    private static final VectorShuffle<Float> UP8 = shift(-8), UP4 = shift(-4), UP2 = shift(-2), UP1 = shift(-1);
    private static final VectorShuffle<Float> DOWN8 = shift(8), DOWN4 = shift(4), DOWN2 = shift(2), DOWN1 = shift(1);
    private static final VectorMask<Float> MASK8 = bitMask(8), MASK4 = bitMask(4), MASK2 = bitMask(2), MASK1 = bitMask(1);

    private static VectorShuffle<Float> shift(int by) {
        return L == 16 ? VectorShuffle.fromOp(S, l -> (l + by) & 15) : null;
    }

    private static VectorMask<Float> bitMask(int b) {
        long bits = 0;
        for (int l = 0; l < 16; l++) if ((l & b) != 0) bits |= 1L << l;
        return L == 16 ? VectorMask.fromLong(S, bits) : null;
    }

    /**
     * One 16 x 16 tile ({@code L == 16}): {@code T[t + c * ts + r] = B[b + r * bs + c]}. Four rounds;
     * in the round of b = 8, 4, 2, 1, rows i and i + b (i without bit b) swap their off-diagonal
     * b x b blocks: row i keeps its lanes without bit b and takes, in the lanes with it, row i + b's
     * lanes b to the left; row i + b the mirror image. After the four rounds row r holds column r.
     * The rounds pass the tile through {@code tile}, a per-thread buffer of 256 floats (in the first-level cache),
     * two rounds in each of two small loops: written out in registers as one method (16 loads, 128
     * shuffles and blends, 16 stores), the tile was too big for Java 17's compiler, which in about
     * one fresh process in three left its vector operations uncompiled (boxed on the heap: 281 KB
     * for one {@code dlogits W4^T}; see {@code StepStaysCompiledTest}). The same copies: {@code
     * dlogits W4^T} on two threads took 310-317 us this way against 317-332 before (alternating
     * processes, best of 30 x 100; one thread 536-561 against 510-535).
     */
    private static void transpose16(float[] B, int b, int bs, float[] T, int t, int ts, float[] tile) {
        swapRounds8And4(B, b, bs, tile);
        swapRounds2And1(tile, T, t, ts);
    }

    private static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[256]);

    /**
     * The rounds of b = 8 and 4, from B's rows (stride bs) into the tile (stride 16): the four rows
     * i, i + 4, i + 8, i + 12 of each i in [0, 4) meet only each other in these two rounds.
     */
    private static void swapRounds8And4(float[] B, int b, int bs, float[] tile) {
        for (int i = 0; i < 4; i++) {
            FloatVector r0 = FloatVector.fromArray(S, B, b + i * bs), r4 = FloatVector.fromArray(S, B, b + (i + 4) * bs);
            FloatVector r8 = FloatVector.fromArray(S, B, b + (i + 8) * bs), r12 = FloatVector.fromArray(S, B, b + (i + 12) * bs);
            FloatVector e0 = r0.blend(r8.rearrange(UP8), MASK8), e8 = r0.rearrange(DOWN8).blend(r8, MASK8);
            FloatVector e4 = r4.blend(r12.rearrange(UP8), MASK8), e12 = r4.rearrange(DOWN8).blend(r12, MASK8);
            e0.blend(e4.rearrange(UP4), MASK4).intoArray(tile, 16 * i);
            e0.rearrange(DOWN4).blend(e4, MASK4).intoArray(tile, 16 * (i + 4));
            e8.blend(e12.rearrange(UP4), MASK4).intoArray(tile, 16 * (i + 8));
            e8.rearrange(DOWN4).blend(e12, MASK4).intoArray(tile, 16 * (i + 12));
        }
    }

    /** The rounds of b = 2 and 1, from the tile into T's rows (stride ts): rows i to i + 3 for i = 0, 4, 8, 12. */
    private static void swapRounds2And1(float[] tile, float[] T, int t, int ts) {
        for (int i = 0; i < 16; i += 4) {
            FloatVector f0 = FloatVector.fromArray(S, tile, 16 * i), f1 = FloatVector.fromArray(S, tile, 16 * (i + 1));
            FloatVector f2 = FloatVector.fromArray(S, tile, 16 * (i + 2)), f3 = FloatVector.fromArray(S, tile, 16 * (i + 3));
            FloatVector g0 = f0.blend(f2.rearrange(UP2), MASK2), g2 = f0.rearrange(DOWN2).blend(f2, MASK2);
            FloatVector g1 = f1.blend(f3.rearrange(UP2), MASK2), g3 = f1.rearrange(DOWN2).blend(f3, MASK2);
            g0.blend(g1.rearrange(UP1), MASK1).intoArray(T, t + i * ts);
            g0.rearrange(DOWN1).blend(g1, MASK1).intoArray(T, t + (i + 1) * ts);
            g2.blend(g3.rearrange(UP1), MASK1).intoArray(T, t + (i + 2) * ts);
            g2.rearrange(DOWN1).blend(g3, MASK1).intoArray(T, t + (i + 3) * ts);
        }
    }

    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> SCRATCH_OUT = ThreadLocal.withInitial(() -> new float[0]);

    /** A per-thread buffer of at least {@code size} floats from {@code scratch}, reused. */
    private static float[] buffer(ThreadLocal<float[]> scratch, int size) {
        float[] t = scratch.get();
        if (t.length < size) {
            t = new float[size];
            scratch.set(t);
        }
        return t;
    }

    @Override
    public void mulTransB(Matrix a, Matrix b, Matrix c) {
        int m = a.rows(), k = a.cols(), n = b.rows();
        ProductShapes.mulTransB(a, b, c);
        float[] A = a.data(), B = b.data(), C = c.data();
        if (k < MIN_DOT_K || m >= MIN_TRANSPOSE_ROWS) {
            // A broadcast product on a transposed copy: each C[i][j] is the fma chain over p
            // increasing of a_ip b_jp. For a short k (dmu Wmu^T, k = 20) dot products waste their
            // reduction; for many rows (dlogits W4^T, 128 x 784 x 400) the broadcast kernel beats the
            // dots by more than the copies cost. Which copy: the one that moves fewer floats. Either
            // B^T (n x k), then C = A B^T; or A^T (k x m), then C^T = B A^T, transposed into C (m x n
            // more): for dlogits W4^T 151 000 floats instead of 314 000. The two give the same bits
            // (the product a b is exact inside an fma, whichever factor comes first).
            //
            // One hand-off: each thread makes its own whole copy of the operand it transposes, in a
            // buffer of its own, and then computes its share of the rows. (With the copy split over
            // the threads, in three hand-offs, each thread's product read half the copy from the
            // other core's cache, and the two threads wrote the same cache lines of the copy: for
            // dlogits W4^T 430-460 us on two threads against 250 for the product alone; now 330-370.)
            if ((long) m * (k + n) < (long) n * k && m >= 3 * L) {
                parallel.forRange(n, (long) k * m, (from, to) -> {
                    float[] AT = buffer(SCRATCH, k * m), CT = buffer(SCRATCH_OUT, n * m);
                    transposeBlock(A, AT, m, k, 0, m, 0, k);
                    broadcastKernel(B, k, 1, AT, CT, k, m, from, to);      // rows [from, to) of C^T
                    transposeBlock(CT, C, n, m, from, to, 0, m);            // into columns [from, to) of C
                });
                return;
            }
            parallel.forRange(m, (long) k * n, (from, to) -> {
                float[] BT = buffer(SCRATCH, k * n);
                transposeBlock(B, BT, n, k, 0, n, 0, k);
                broadcastKernel(A, k, 1, BT, C, k, n, from, to);
            });
            return;
        }
        parallel.forRange(m, (long) k * n, (from, to) -> dotKernel(A, B, C, k, n, from, to));
    }

    /**
     * Rows [from, to) of {@code C = A B^T}, each C[i][j] = {@link #dotOrder}: fixed by k alone,
     * whatever the vector width.
     */
    private static void dotKernel(float[] A, float[] B, float[] C, int k, int n, int from, int to) {
        float[] lanes = LANES.get();
        int i = from;
        for (; i + 4 <= to; i += 4) {
            int j = 0;
            for (; j + 2 <= n; j += 2) dot4x2(A, B, C, k, n, i, j, lanes);
            for (; j < n; j++) {
                for (int r = 0; r < 4; r++) C[(i + r) * n + j] = dot(A, (i + r) * k, B, j * k, k, lanes);
            }
        }
        for (; i < to; i++) {
            for (int j = 0; j < n; j++) C[i * n + j] = dot(A, i * k, B, j * k, k, lanes);
        }
    }

    /**
     * The order of every dot product of {@link #mulTransB}'s dot kernel, the same at any vector
     * width: {@value Lanes#BLOCK} partial sums, partial t the fma chain over p = t, t + 16, t + 32,
     * ... below {@code kb = k - k % 16} (from 0, p increasing); then the 16 partials added in order
     * t = 0..15 from 0; then {@code fma(a_p, b_p, s)} for the tail p = kb..k-1. A machine with
     * 16-lane vectors holds the 16 partials in one vector, one with 8 lanes in two, one with 4 in
     * four: each lane runs the same chain.
     */
    static float dotOrder(float[] A, int a, float[] B, int b, int k) {
        float[] partial = new float[Lanes.BLOCK];
        int kb = k - k % Lanes.BLOCK;
        for (int p = 0; p < kb; p++) partial[p % Lanes.BLOCK] = Math.fma(A[a + p], B[b + p], partial[p % Lanes.BLOCK]);
        return tail(A, a, B, b, kb, k, Lanes.sumBlock(partial, 0));
    }

    /** Four rows of A by two of B, in the order of {@link #dotOrder}: one vector of the 16-float block at a time. */
    private static void dot4x2(float[] A, float[] B, float[] C, int k, int n, int i, int j, float[] lanes) {
        int kb = k - k % Lanes.BLOCK;
        int a0 = i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k, b0 = j * k, b1 = b0 + k;
        for (int v = 0; v < Lanes.BLOCK; v += L) {              // 1 pass with 16 lanes, 2 with 8, 4 with 4
            FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
            FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
            FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
            FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
            for (int p = v; p < kb; p += Lanes.BLOCK) {
                FloatVector y0 = FloatVector.fromArray(S, B, b0 + p);
                FloatVector y1 = FloatVector.fromArray(S, B, b1 + p);
                FloatVector x = FloatVector.fromArray(S, A, a0 + p);
                c00 = x.fma(y0, c00);
                c01 = x.fma(y1, c01);
                x = FloatVector.fromArray(S, A, a1 + p);
                c10 = x.fma(y0, c10);
                c11 = x.fma(y1, c11);
                x = FloatVector.fromArray(S, A, a2 + p);
                c20 = x.fma(y0, c20);
                c21 = x.fma(y1, c21);
                x = FloatVector.fromArray(S, A, a3 + p);
                c30 = x.fma(y0, c30);
                c31 = x.fma(y1, c31);
            }
            c00.intoArray(lanes, v);
            c01.intoArray(lanes, Lanes.BLOCK + v);
            c10.intoArray(lanes, 2 * Lanes.BLOCK + v);
            c11.intoArray(lanes, 3 * Lanes.BLOCK + v);
            c20.intoArray(lanes, 4 * Lanes.BLOCK + v);
            c21.intoArray(lanes, 5 * Lanes.BLOCK + v);
            c30.intoArray(lanes, 6 * Lanes.BLOCK + v);
            c31.intoArray(lanes, 7 * Lanes.BLOCK + v);
        }
        C[i * n + j] = tail(A, a0, B, b0, kb, k, Lanes.sumBlock(lanes, 0));
        C[i * n + j + 1] = tail(A, a0, B, b1, kb, k, Lanes.sumBlock(lanes, Lanes.BLOCK));
        C[(i + 1) * n + j] = tail(A, a1, B, b0, kb, k, Lanes.sumBlock(lanes, 2 * Lanes.BLOCK));
        C[(i + 1) * n + j + 1] = tail(A, a1, B, b1, kb, k, Lanes.sumBlock(lanes, 3 * Lanes.BLOCK));
        C[(i + 2) * n + j] = tail(A, a2, B, b0, kb, k, Lanes.sumBlock(lanes, 4 * Lanes.BLOCK));
        C[(i + 2) * n + j + 1] = tail(A, a2, B, b1, kb, k, Lanes.sumBlock(lanes, 5 * Lanes.BLOCK));
        C[(i + 3) * n + j] = tail(A, a3, B, b0, kb, k, Lanes.sumBlock(lanes, 6 * Lanes.BLOCK));
        C[(i + 3) * n + j + 1] = tail(A, a3, B, b1, kb, k, Lanes.sumBlock(lanes, 7 * Lanes.BLOCK));
    }

    /** One dot product of A[a..a+k) and B[b..b+k), in the order of {@link #dotOrder}. */
    private static float dot(float[] A, int a, float[] B, int b, int k, float[] lanes) {
        int kb = k - k % Lanes.BLOCK;
        for (int v = 0; v < Lanes.BLOCK; v += L) {
            FloatVector acc = FloatVector.zero(S);
            for (int p = v; p < kb; p += Lanes.BLOCK) {
                acc = FloatVector.fromArray(S, A, a + p).fma(FloatVector.fromArray(S, B, b + p), acc);
            }
            acc.intoArray(lanes, v);
        }
        return tail(A, a, B, b, kb, k, Lanes.sumBlock(lanes, 0));
    }

    /** Per-thread room for the partial sums of {@link #dot4x2}: 8 blocks of 16 floats. */
    private static final ThreadLocal<float[]> LANES = ThreadLocal.withInitial(() -> new float[8 * Lanes.BLOCK]);

    private static float tail(float[] A, int a, float[] B, int b, int kb, int k, float s) {
        for (int p = kb; p < k; p++) s = Math.fma(A[a + p], B[b + p], s);
        return s;
    }

    /**
     * {@code C = S B}: S sparse m x k, B dense k x n, C (modified) m x n. Row r of C is the fma
     * chain over S's non-zeros of row r in increasing column order, which is exactly what
     * {@link #mul} computes for the dense S when B is finite (a zero term adds +-0).
     * Columns in strips of 8 vectors held in registers over the row's non-zeros.
     */
    @Override
    public void mulSparse(SparseRows s, Matrix b, Matrix c) {
        s.checkShapes(b, c);
        int n = b.cols();
        int[] start = s.rowStart(), col = s.columns();
        float[] val = s.values(), B = b.data(), C = c.data();
        parallel.forRange(s.rows(), s.averageWork(n), (from, to) -> sparseKernel(start, col, val, B, C, n, from, to));
    }

    /**
     * Rows [from, to) of C = S B. Column strips outermost (8 vectors, then 1; the last one may
     * overlap, as in {@link #broadcastKernel}), rows inside: the strip of B a row's non-zeros pick
     * from (k x 128 floats) stays in cache across rows.
     */
    private static void sparseKernel(int[] start, int[] col, float[] val, float[] B, float[] C, int n, int from, int to) {
        if (n < L) {
            for (int r = from; r < to; r++) {
                for (int jj = 0; jj < n; jj++) {
                    float acc = 0f;
                    for (int q = start[r]; q < start[r + 1]; q++) acc = Math.fma(val[q], B[col[q] * n + jj], acc);
                    C[r * n + jj] = acc;
                }
            }
            return;
        }
        int j = 0;
        for (; j + 8 * L <= n; j += 8 * L) {
            for (int r = from; r < to; r++) sparse8(start[r], start[r + 1], col, val, B, C, n, r * n, j);
        }
        while (j < n) {
            int jj = Math.min(j, n - L);
            for (int r = from; r < to; r++) sparse1(start[r], start[r + 1], col, val, B, C, n, r * n, jj);
            j = jj + L;
        }
    }

    private static void sparse8(int q0, int q1, int[] col, float[] val, float[] B, float[] C, int n, int cr, int j) {
        FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S), c2 = FloatVector.zero(S), c3 = FloatVector.zero(S);
        FloatVector c4 = FloatVector.zero(S), c5 = FloatVector.zero(S), c6 = FloatVector.zero(S), c7 = FloatVector.zero(S);
        for (int q = q0; q < q1; q++) {
            FloatVector x = FloatVector.broadcast(S, val[q]);
            int bp = col[q] * n + j;
            c0 = x.fma(FloatVector.fromArray(S, B, bp), c0);
            c1 = x.fma(FloatVector.fromArray(S, B, bp + L), c1);
            c2 = x.fma(FloatVector.fromArray(S, B, bp + 2 * L), c2);
            c3 = x.fma(FloatVector.fromArray(S, B, bp + 3 * L), c3);
            c4 = x.fma(FloatVector.fromArray(S, B, bp + 4 * L), c4);
            c5 = x.fma(FloatVector.fromArray(S, B, bp + 5 * L), c5);
            c6 = x.fma(FloatVector.fromArray(S, B, bp + 6 * L), c6);
            c7 = x.fma(FloatVector.fromArray(S, B, bp + 7 * L), c7);
        }
        int o = cr + j;
        c0.intoArray(C, o);
        c1.intoArray(C, o + L);
        c2.intoArray(C, o + 2 * L);
        c3.intoArray(C, o + 3 * L);
        c4.intoArray(C, o + 4 * L);
        c5.intoArray(C, o + 5 * L);
        c6.intoArray(C, o + 6 * L);
        c7.intoArray(C, o + 7 * L);
    }

    /**
     * One vector of a row of C: its own method with its one loop, like {@link #sparse8}. (Written
     * inside {@link #sparseKernel}'s loop over rows, the accumulator was compiled boxed, on Java 17
     * and 25 alike: a 784 x 16 tail strip of a batch's sparse product took 4 times as long per
     * column as the 8-vector strips.)
     */
    private static void sparse1(int q0, int q1, int[] col, float[] val, float[] B, float[] C, int n, int cr, int j) {
        FloatVector c0 = FloatVector.zero(S);
        for (int q = q0; q < q1; q++) c0 = FloatVector.broadcast(S, val[q]).fma(FloatVector.fromArray(S, B, col[q] * n + j), c0);
        c0.intoArray(C, cr + j);
    }

    @Override
    public MatMul on(Parallel other) {
        return new VectorMatMul(other);
    }

    @Override
    public String toString() {
        return "MatMul.vector(" + S + ", threads=" + parallel.threads() + ")";
    }
}
