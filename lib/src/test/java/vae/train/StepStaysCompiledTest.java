package vae.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import vae.ChildJvm;
import vae.data.Binarisation;
import vae.linalg.Matrix;
import vae.linalg.MatMuls;
import vae.model.Vae;
import vae.model.VaeConfig;
import vae.prob.Rng;

/**
 * A training step, once compiled, must allocate next to nothing: its kernels' vectors must stay in
 * registers. On Java 17 the JIT inlines a compile's vector operations late and stops at a limit on
 * its nodes; the operations past it stay calls, and their vectors are boxed on the heap for the
 * rest of the process (slower, and garbage to collect). Found this way (2026-12-04, fresh processes
 * training as here): the latent part's exponential, one loop of 547 bytes of bytecode, boxed in 5
 * of 5 processes (460 KB a step); the 16 x 16 transposes of {@code dlogits W4^T}, written out in
 * registers, in about one in three (281 KB a product); and, in every binarised process, a mask's
 * {@code toLong} in the Bernoulli draws, which Java 17 does not compile as an intrinsic (320 KB a
 * step). Each run is a fresh JVM that trains from its start, as a notebook's kernel does; then the
 * bytes all its threads allocate over two epochs are counted. Compiled, a grey step allocated about
 * 3-5 KB and a binarised one 22 KB (the trainer's small objects, and a few boxed vectors per chunk
 * of draws); a failure is certain, a pass is not proof.
 *
 * <p>It runs where the kernels were made to stay compiled: 512-bit vectors (AVX-512) or wider. With AVX2
 * (256 bits, {@code -XX:UseAVX=2} on this machine) a grey step still allocated 168 KB in 6 of 31
 * fresh processes (2026-12-05; four calls of the latent part's exponential, one boxed vector per
 * iteration, its copies inlined into callers' compiles as far as seen), and with 128-bit vectors
 * ({@code -XX:MaxVectorSize=16}) several kernels are boxed in every process (8 MB a grey step):
 * there it is skipped, saying so. {@code DrawsAtEveryWidthTest} checks the draws at those widths.
 */
class StepStaysCompiledTest {

    private static final int BATCHES = 40;

    /** Run in the child JVM: trains (grey, or binarised with "binarised"), then prints the bytes allocated per step. */
    public static void main(String[] args) {
        boolean binarised = args.length > 0 && args[0].equals("binarised");
        Vae vae = new Vae(VaeConfig.builder().threads(2).epochs(1)
                .binarisation(binarised ? Binarisation.BERNOULLI : Binarisation.NONE).build());
        Rng rng = new Rng(5);
        Matrix images = Matrix.zeros(128 * BATCHES, 784);
        float[] x = images.data();
        for (int i = 0; i < x.length; i++) if (rng.nextDouble() < 0.2) x[i] = (float) rng.nextDouble();
        Trainer trainer = new Trainer(vae);
        for (int epoch = 0; epoch < 10; epoch++) trainer.fit(images, null);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = allocated(threads);
        for (int epoch = 0; epoch < 2; epoch++) trainer.fit(images, null);
        long perStep = (allocated(threads) - before) / (2 * BATCHES);
        if (!MatMuls.vectorAvailable()) throw new AssertionError("the child JVM must have the vector module");
        System.out.printf(Locale.ROOT, "allocated %d bytes per step (loss %s)%n", perStep, trainer.history().last().trainLoss());
    }

    private static long allocated(com.sun.management.ThreadMXBean threads) {
        long sum = 0;
        for (long id : threads.getAllThreadIds()) sum += Math.max(0, threads.getThreadAllocatedBytes(id));
        return sum;
    }

    @Test
    void aTrainingStepAllocatesNextToNothing() throws Exception {
        assumeTrue(MatMuls.vectorAvailable(), "skipped: this JVM runs without the vector module (--add-modules jdk.incubator.vector)");
        int bits = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize();
        assumeTrue(bits >= 512, "skipped: this machine's vectors are " + bits + " bits; a step is held to allocate next to nothing at 512");
        for (String data : List.of("grey", "binarised", "grey")) {
            ChildJvm.Output child = ChildJvm.run(List.of("--add-modules", "jdk.incubator.vector", "-Xmx1g", "-Djava.awt.headless=true"),
                    StepStaysCompiledTest.class, List.of(data), Duration.ofMinutes(3));
            String out = child.text();
            assertEquals(0, child.exitStatus(), out);
            String line = out.lines().filter(s -> s.startsWith("allocated ")).findFirst().orElseThrow(() -> new AssertionError(out));
            long perStep = Long.parseLong(line.split(" ")[1]);
            // compiled: 3-5 KB (grey) and 22 KB (binarised); boxed kernels: 120 KB to 900 KB
            assertTrue(perStep < 64 * 1024, data + ": a training step allocated " + perStep
                    + " bytes (some kernel's vectors boxed on the heap):\n" + out);
            assertTrue(!line.contains("NaN"), out);
        }
    }
}
