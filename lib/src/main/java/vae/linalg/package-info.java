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
 *
 * <p>The same bits on any machine: the Vector API kernels give the same results bit for bit at any
 * vector width (128-bit SSE or NEON, 256-bit AVX2, 512-bit AVX-512), on any thread count and Java
 * version: every sum keeps 16 float (8 double) partials whatever the lane count, and element-wise
 * work uses only operations IEEE 754 rounds exactly ({@code Lanes} says how). The library's scalar
 * {@code exp}, {@code log}, {@code log1p}, {@code tanh}, {@code sin}, {@code cos} and {@code pow}
 * are {@link java.lang.StrictMath}'s (fdlibm's results on every JVM; {@code Math}'s may differ with
 * the CPU, the JVM and its version: HotSpot's x86 stubs for exp, log, sin, cos and pow differ
 * from fdlibm in about one value in ten, and Java 25 computes tanh and cbrt otherwise than
 * Java 17). The plain loops ({@code -Dvae.matmul=loops}, or no {@code --add-modules
 * jdk.incubator.vector}) are reproducible too, but round otherwise: they give other bits than the
 * Vector API kernels. {@code SameBitsAnyMachineTest} checks all this in child JVMs.
 */
package vae.linalg;
