package vae.linalg;

import java.util.Arrays;

/**
 * A dense row-major float matrix: element (i, j) lives at {@code data[i * cols + j]}.
 *
 * <p>Activations are batch-major: one row per example. The backing array is exposed through
 * {@link #data()} so kernels and hot loops can work on it directly; the public factories
 * {@link #of(int, int, float...)} and {@link #copy()} copy, {@link #wrap(int, int, float[])}
 * does not (say so when you use it).
 */
public final class Matrix {
    private final int rows;
    private final int cols;
    private final float[] data;

    private Matrix(int rows, int cols, float[] data) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("matrix dimensions must be >= 0, got " + rows + "x" + cols);
        }
        if (data.length != (long) rows * cols) {
            throw new IllegalArgumentException("a " + rows + "x" + cols + " matrix needs "
                    + ((long) rows * cols) + " values, got " + data.length);
        }
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    /** A new rows x cols matrix of zeros. */
    public static Matrix zeros(int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("matrix dimensions must be >= 0, got " + rows + "x" + cols);
        }
        return new Matrix(rows, cols, new float[Math.multiplyExact(rows, cols)]);
    }

    /** A new rows x cols matrix holding a copy of {@code values} (row-major). */
    public static Matrix of(int rows, int cols, float... values) {
        return new Matrix(rows, cols, values.clone());
    }

    /** A rows x cols view of {@code data} without copying: later writes to either are shared. */
    public static Matrix wrap(int rows, int cols, float[] data) {
        return new Matrix(rows, cols, data);
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** The backing row-major array (not a copy). */
    public float[] data() {
        return data;
    }

    public float get(int i, int j) {
        checkIndex(i, j);
        return data[i * cols + j];
    }

    /** Sets element (i, j); modifies this matrix. */
    public void set(int i, int j, float value) {
        checkIndex(i, j);
        data[i * cols + j] = value;
    }

    /** A copy of row i. */
    public float[] row(int i) {
        checkIndex(i, 0);
        return Arrays.copyOfRange(data, i * cols, (i + 1) * cols);
    }

    /** A deep copy. */
    public Matrix copy() {
        return new Matrix(rows, cols, data.clone());
    }

    /** A new matrix holding rows [from, to) of this one. */
    public Matrix rows(int from, int to) {
        if (from < 0 || to > rows || from > to) {
            throw new IndexOutOfBoundsException("rows [" + from + ", " + to + ") outside 0.." + rows);
        }
        return new Matrix(to - from, cols, Arrays.copyOfRange(data, from * cols, to * cols));
    }

    /** True when this matrix is rows x cols. */
    public boolean hasShape(int r, int c) {
        return rows == r && cols == c;
    }

    /** "128x784". */
    public String shape() {
        return rows + "x" + cols;
    }

    private void checkIndex(int i, int j) {
        if (i < 0 || i >= rows || j < 0 || j >= cols) {
            throw new IndexOutOfBoundsException("index (" + i + ", " + j + ") outside a " + shape() + " matrix");
        }
    }

    /** Throws unless {@code m} is rows x cols, naming {@code what} and both shapes. */
    public static void requireShape(Matrix m, int rows, int cols, String what) {
        if (m.rows != rows || m.cols != cols) {
            throw new IllegalArgumentException(what + ": expected " + rows + "x" + cols + ", got " + m.shape());
        }
    }

    /** Throws unless {@code m} has {@code cols} columns. */
    public static void requireCols(Matrix m, int cols, String what) {
        if (m.cols != cols) {
            throw new IllegalArgumentException(what + ": expected " + cols + " columns, got " + m.cols);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Matrix ").append(shape());
        int shownRows = Math.min(rows, 4);
        int shownCols = Math.min(cols, 6);
        for (int i = 0; i < shownRows; i++) {
            sb.append(i == 0 ? " [" : "\n        ").append('[');
            for (int j = 0; j < shownCols; j++) {
                if (j > 0) sb.append(", ");
                sb.append(String.format("%.4g", data[i * cols + j]));
            }
            if (cols > shownCols) sb.append(", ...");
            sb.append(']');
        }
        if (rows > shownRows) sb.append("\n        ...");
        if (rows > 0) sb.append(']');
        return sb.toString();
    }
}
