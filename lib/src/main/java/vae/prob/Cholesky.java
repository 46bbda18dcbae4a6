package vae.prob;

/**
 * Cholesky factorisation {@code A = L L^T} of a small symmetric positive-definite matrix, with
 * the solves and log-determinant Gaussian densities need. Plain double loops, O(n^3): meant for
 * latent dimensions of a few dozen at most. Immutable; the input is copied.
 *
 * <pre>
 *   L_jj = sqrt(A_jj - sum_{k<j} L_jk^2),  L_ij = (A_ij - sum_{k<j} L_ik L_jk) / L_jj  (i > j)
 *   log det A = 2 sum_j log L_jj
 * </pre>
 */
public final class Cholesky {
    private final double[][] l;

    private Cholesky(double[][] l) {
        this.l = l;
    }

    /**
     * Factorises A (copied; only the lower triangle is read after a symmetry check).
     *
     * @throws IllegalArgumentException if A is not square, not symmetric (relative 1e-9), has
     *     non-finite entries, or is not positive definite
     */
    public static Cholesky of(double[][] a) {
        double[][] m = ArgumentChecks.square("matrix", a);
        int n = m.length;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++) {
                double scale = Math.max(Math.abs(m[i][j]), Math.abs(m[j][i]));
                if (Math.abs(m[i][j] - m[j][i]) > 1e-9 * Math.max(scale, 1e-300))
                    throw new IllegalArgumentException("matrix must be symmetric, but [" + i + "][" + j + "]=" + m[i][j]
                            + " and [" + j + "][" + i + "]=" + m[j][i]);
            }
        double[][] l = new double[n][n];
        for (int j = 0; j < n; j++) {
            double s = m[j][j];
            for (int k = 0; k < j; k++) s -= l[j][k] * l[j][k];
            if (!(s > 0))
                throw new IllegalArgumentException("matrix (" + n + "x" + n + ") is not positive definite: pivot " + j
                        + " is " + s);
            double ljj = Math.sqrt(s);
            l[j][j] = ljj;
            for (int i = j + 1; i < n; i++) {
                double t = m[i][j];
                for (int k = 0; k < j; k++) t -= l[i][k] * l[j][k];
                l[i][j] = t / ljj;
            }
        }
        return new Cholesky(l);
    }

    /** The size n of the n x n matrix. */
    public int size() {
        return l.length;
    }

    /** A copy of the lower-triangular factor L. */
    public double[][] lower() {
        double[][] out = new double[l.length][];
        for (int i = 0; i < l.length; i++) out[i] = l[i].clone();
        return out;
    }

    /** {@code log det A = 2 sum_j log L_jj}. */
    public double logDet() {
        double s = 0.0;
        for (int j = 0; j < l.length; j++) s += StrictMath.log(l[j][j]);
        return 2.0 * s;
    }

    /** {@code y = L x} (x not modified). */
    public double[] multiplyLower(double[] x) {
        ArgumentChecks.length("x", x, l.length);
        double[] y = new double[l.length];
        for (int i = 0; i < l.length; i++) {
            double s = 0.0;
            for (int k = 0; k <= i; k++) s += l[i][k] * x[k];
            y[i] = s;
        }
        return y;
    }

    /** Forward substitution: the y with {@code L y = b}. */
    public double[] solveLower(double[] b) {
        ArgumentChecks.length("b", b, l.length);
        int n = l.length;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) s -= l[i][k] * y[k];
            y[i] = s / l[i][i];
        }
        return y;
    }

    /** {@code x = A^{-1} b} by the two triangular solves {@code L y = b}, {@code L^T x = y}. */
    public double[] solve(double[] b) {
        double[] y = solveLower(b);
        int n = l.length;
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = y[i];
            for (int k = i + 1; k < n; k++) s -= l[k][i] * x[k];
            x[i] = s / l[i][i];
        }
        return x;
    }

    /** {@code A^{-1}}, column by column (symmetrised to remove rounding asymmetry). */
    public double[][] inverse() {
        int n = l.length;
        double[][] inv = new double[n][n];
        for (int c = 0; c < n; c++) {
            double[] e = new double[n];
            e[c] = 1.0;
            double[] col = solve(e);
            for (int r = 0; r < n; r++) inv[r][c] = col[r];
        }
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++) {
                double m = 0.5 * (inv[i][j] + inv[j][i]);
                inv[i][j] = m;
                inv[j][i] = m;
            }
        return inv;
    }

    /** The Mahalanobis form {@code b^T A^{-1} b = ||L^{-1} b||^2}. */
    public double quadraticForm(double[] b) {
        double[] y = solveLower(b);
        double s = 0.0;
        for (double v : y) s += v * v;
        return s;
    }

    @Override
    public String toString() {
        return "Cholesky(" + l.length + "x" + l.length + ", logDet=" + String.format("%.6g", logDet()) + ")";
    }
}
