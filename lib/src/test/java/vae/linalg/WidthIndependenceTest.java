package vae.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The orders that make the Vector API kernels give the same bits at any vector width, checked in
 * this JVM at its own width against scalar code that has no lanes at all (tolerance: none):
 * every product element is the scalar fma chain over p, or, for {@code A B^T} by dot products,
 * {@link VectorMatMul#dotOrder} (16 partials). {@code vae.model.SameBitsAnyMachineTest} runs the
 * whole training at the other widths in child JVMs. And no {@code Math.exp}, {@code log}, ... in the
 * library's sources: {@link StrictMath}'s, whose bits do not depend on the machine.
 */
class WidthIndependenceTest {
    /** C[i][j] = fma(a_i,k-1 b_k-1,j, ... fma(a_i0 b_0j, 0)): the order of the broadcast and sparse kernels. */
    private static float fmaChain(Matrix a, Matrix b, int i, int j) {
        float s = 0f;
        for (int p = 0; p < a.cols(); p++) s = Math.fma(a.get(i, p), b.get(p, j), s);
        return s;
    }

    private static Matrix transpose(Matrix a) {
        Matrix t = Matrix.zeros(a.cols(), a.rows());
        for (int i = 0; i < a.rows(); i++) for (int j = 0; j < a.cols(); j++) t.set(j, i, a.get(i, j));
        return t;
    }

    @Test
    void everyProductElementIsItsScalarChainBitForBit() {
        assertTrue(MatMuls.vectorAvailable(), "tests run with --add-modules jdk.incubator.vector (lib/pom.xml)");
        Random rng = new Random(5);
        // m < 64 and k >= 64: A B^T by dot products (k 64, 100, 131, 784: with and without a tail past 16 k);
        // otherwise by the broadcast kernel; n from below one vector (3, 7) to odd widths (45, 72, 100, 400);
        // 29 rows on 2 threads (14 and 15 each): blocks of 8 rows, then of 4, then single rows;
        // A B^T with 70 rows of 131 by 200 (and 128 x 784 by 400 in the test above): C^T = B A^T, transposed
        int[][] shapes = {{5, 784, 400}, {7, 131, 45}, {32, 100, 72}, {9, 64, 3}, {67, 131, 45}, {128, 20, 20}, {3, 7, 9},
                {29, 131, 100}, {70, 131, 200}};
        MatMul vec = MatMuls.vector(Parallel.of(2));
        for (int[] s : shapes) {
            int m = s[0], k = s[1], n = s[2];
            Matrix a = TestMatrices.gaussian(m, k, rng), b = TestMatrices.gaussian(k, n, rng), bt = transpose(b), at = transpose(a);
            Matrix ab = vec.mul(a, b), atb = vec.mulTransA(at, b), abt = vec.mulTransB(a, bt);
            SparseRows sa = new SparseRows();
            sa.setRows(a);
            Matrix sb = Matrix.zeros(m, n);
            vec.mulSparse(sa, b, sb);
            boolean dots = k >= VectorMatMul.MIN_DOT_K && m < VectorMatMul.MIN_TRANSPOSE_ROWS;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    String at_ = " at " + i + "," + j + " of " + m + "x" + k + "x" + n + " with " + VectorMatMul.lanes() + " lanes";
                    float chain = fmaChain(a, b, i, j);
                    assertEquals(Float.floatToRawIntBits(chain), Float.floatToRawIntBits(ab.get(i, j)), "A B" + at_);
                    assertEquals(Float.floatToRawIntBits(chain), Float.floatToRawIntBits(atb.get(i, j)), "A^T B" + at_);
                    assertEquals(Float.floatToRawIntBits(chain), Float.floatToRawIntBits(sb.get(i, j)), "S B" + at_);
                    float expected = dots ? VectorMatMul.dotOrder(a.data(), i * k, bt.data(), j * k, k) : chain;
                    assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(abt.get(i, j)),
                            "A B^T (" + (dots ? "dot products" : "transposed") + ")" + at_);
                }
            }
        }
    }

    /**
     * One term of the estimate's likelihood as each double lane computes it ({@code VectorElementWise}'s
     * expOfNegAbs and addLogProbTerms, written out here with its constants):
     * {@code x l - (max(l, 0) + log(1 + e))}, {@code e = e^-|l|} (clamped at -708) as 2^k times a
     * Taylor series to r^13/13!, {@code log(1 + e) = 2 s (1 + s^2/3 + ... + s^34/35)}, s = e / (2 + e).
     */
    private static double likelihoodLaneTerm(float xf, float lf) {
        double x = xf, l = lf;
        double t = Math.max(-Math.abs(l), -708.0);
        double y = t * 1.4426950408889634 + 6755399441055744.0, k = y - 6755399441055744.0;
        double r = Math.fma(k, -6.93147180369123816490e-01, t);
        r = Math.fma(k, -1.90821492927058770002e-10, r);
        double p = 1.0 / 6227020800.0;
        for (double c : new double[] {1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0, 1.0 / 362880.0, 1.0 / 40320.0,
                1.0 / 5040.0, 1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 1.0 / 2.0, 1.0, 1.0}) {
            p = Math.fma(p, r, c);
        }
        double twoK = Double.longBitsToDouble((Double.doubleToRawLongBits(y) - 0x4338000000000000L + 1023L) << 52);
        double e = p * twoK;
        double s = e / (e + 2.0), z = s * s, q = 1.0 / 35;
        for (int odd = 33; odd >= 1; odd -= 2) q = Math.fma(q, z, 1.0 / odd);
        double softplus = Math.max(l, 0.0) + (s + s) * q;
        return x * l - softplus;
    }

    /**
     * The likelihood's vector path against its lane formula summed in the {@link Lanes} order (term j
     * to double partial j mod 8, the partials added from 0, then the last len mod 8 terms by
     * {@link ElementWise#logProbTerm}), bit for bit: lengths inside a vector, across one chunk of
     * 1024 and two, at offsets off any vector boundary.
     */
    @Test
    void theLikelihoodIsItsLaneFormulaSummedInLaneOrderBitForBit() {
        assertTrue(MatMuls.vectorAvailable(), "the tests run with the vector module: this test is about the vector path");
        Random rng = new Random(31);
        int n = 4200;
        float[] x = new float[n], l = new float[n];
        for (int i = 0; i < n; i++) {
            double u = rng.nextDouble();
            x[i] = u < 0.6 ? 0f : u < 0.8 ? 1f : (float) rng.nextDouble();
            double v = rng.nextDouble();
            l[i] = v < 0.02 ? (rng.nextBoolean() ? 750f : -0f) : (float) (rng.nextGaussian() * (v < 0.5 ? 3 : 40));
        }
        List<Integer> lengths = new ArrayList<>();
        for (int len = 0; len <= 40; len++) lengths.add(len);
        for (int len = 1016; len <= 1041; len++) lengths.add(len);
        for (int len = 2040; len <= 2100; len += 3) lengths.add(len);
        for (int len : lengths) {
            for (int[] from : new int[][] {{0, 0}, {3, 5}, {7, 1}, {16, 8}}) {
                double[] partial = new double[Lanes.DOUBLE_BLOCK];
                int lb = len - len % Lanes.DOUBLE_BLOCK;
                for (int j = 0; j < lb; j++) partial[j % Lanes.DOUBLE_BLOCK] += likelihoodLaneTerm(x[from[0] + j], l[from[1] + j]);
                double expected = 0;
                for (double q : partial) expected += q;
                for (int j = lb; j < len; j++) expected += ElementWise.logProbTerm(x[from[0] + j], l[from[1] + j]);
                double found = ElementWise.sumBernoulliLogProb(x, from[0], l, from[1], len);
                assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(found),
                        "length " + len + " from " + from[0] + ", " + from[1] + ": " + expected + " against " + found);
            }
        }
    }

    @Test
    void dotOrderIsSixteenPartialsThenTheTail() {
        // 40 terms: partials t = 0..15 take p = t and t + 16; p = 32..39 are the tail
        float[] a = new float[40], b = new float[40];
        for (int p = 0; p < 40; p++) {
            a[p] = 1f + p / 64f;
            b[p] = (p % 3 == 0 ? 1e7f : -0.3f) * (1 + p / 7f);
        }
        float[] partial = new float[16];
        for (int p = 0; p < 32; p++) partial[p % 16] = Math.fma(a[p], b[p], partial[p % 16]);
        float s = 0f;
        for (float v : partial) s += v;
        for (int p = 32; p < 40; p++) s = Math.fma(a[p], b[p], s);
        assertEquals(Float.floatToRawIntBits(s), Float.floatToRawIntBits(VectorMatMul.dotOrder(a, 0, b, 0, 40)));
    }

    private static final Pattern MATH = Pattern.compile(
            "(?<![A-Za-z.])Math\\.(exp|expm1|log|log10|log1p|pow|sin|cos|tan|asin|acos|atan|atan2|sinh|cosh|tanh|cbrt|hypot)\\(");

    @Test
    void theLibraryUsesStrictMathForEveryTranscendentalFunction() throws IOException {
        Path sources = Path.of("src/main/java");
        assertTrue(Files.isDirectory(sources), "run from lib/ (as mvn test does): " + sources.toAbsolutePath());
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = MATH.matcher(lines.get(i));
                    if (m.find()) found.add(sources.relativize(f) + ":" + (i + 1) + ": " + lines.get(i).trim());
                }
            }
        }
        assertTrue(found.isEmpty(), "Math." + "exp/log/sin/... may give other bits on another CPU or Java version "
                + "(HotSpot's x86 stubs, Java 25's tanh); use StrictMath:\n" + String.join("\n", found));
    }
}
