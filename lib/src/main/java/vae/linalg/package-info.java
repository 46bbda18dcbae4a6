/**
 * Dense float kernels on row-major matrices, shape-checked: {@link vae.linalg.Matrix} (data with
 * dims), {@link vae.linalg.MatMul} (the three products a dense layer needs: {@code A B},
 * {@code A B^T}, {@code A^T B}), {@link vae.linalg.Ops} (bias add, column sums, axpy) and
 * {@link vae.linalg.Parallel} (a fixed thread pool splitting output rows, so results are the
 * same bit for bit for any thread count).
 *
 * <p>All dense products go through {@code MatMul}, so a faster kernel can replace the plain loops
 * ({@link vae.linalg.MatMul#loops}) in one place.
 */
package vae.linalg;
