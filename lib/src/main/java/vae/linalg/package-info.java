/**
 * Dense float kernels on row-major matrices, shape-checked: {@link vae.linalg.Matrix} (data with
 * dims), {@link vae.linalg.MatMul} (the three products a dense layer needs: {@code A B},
 * {@code A B^T}, {@code A^T B}), {@link vae.linalg.Ops} (bias add, column sums, axpy) and
 * {@link vae.linalg.Parallel} (a fixed thread pool splitting output rows, so results are the
 * same bit for bit for any thread count).
 *
 * <p>All dense products go through {@code MatMul}, so a faster kernel replaces the plain loops
 * ({@link vae.linalg.MatMul#loops}) in one place: {@link vae.linalg.MatMuls#best} picks the Vector API
 * kernel (register-blocked FMA, about ten times faster here) when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}, else the loops. {@link vae.linalg.SparseRows} holds a
 * mostly-zero input (MNIST) for a sparse product, exact; {@link vae.linalg.ElementWise} has the fused
 * element-wise passes of the training step ({@link vae.model.TrainingStep}).
 */
package vae.linalg;
