package vae.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import vae.ChildJvm;
import vae.linalg.ElementWise;
import vae.linalg.Matrix;
import vae.linalg.MatMuls;
import vae.model.Vae;
import vae.model.VaeConfig;
import vae.prob.Rng;

/**
 * The estimate's likelihood must stay compiled as vector instructions for the life of a process.
 * Written as one loop (3619cf1), it ran on Java 17, in about three of five processes whose first
 * vector operations were an estimate on two threads, as the Vector API's Java fallback (vectors
 * boxed on the heap, 5-15 ns a term instead of about 2) until the process ended: the compiler had
 * reached its limit on a method's inlined nodes and left some of the loop's vector operations
 * uncompiled. It happens or not depending on when the compiler runs, so each run here is a fresh
 * JVM whose first vector operations are an estimate on two threads, as in a notebook; then this
 * thread sums the likelihood 20 400 times more, and the sign is the heap: compiled, the last 400
 * sums allocate nothing; as the fallback, megabytes. The old loop failed this test in one of two
 * runs: a failure is certain, a pass is not proof.
 */
class LikelihoodStaysCompiledTest {

    /** Run in the child JVM: an estimate, then the bytes this thread allocates in 400 likelihoods of 784 terms. */
    public static void main(String[] args) {
        Vae vae = new Vae(VaeConfig.builder().threads(2).build());
        Rng rng = new Rng(5);
        Matrix images = Matrix.zeros(200, 784);
        float[] x = images.data();
        for (int i = 0; i < x.length; i++) if (rng.nextDouble() < 0.2) x[i] = (float) rng.nextDouble();
        ImportanceWeighted.estimate(vae, images, 1000, new Rng(7));
        float[] logits = vae.decode(Vae.standardNormal(64, vae.latentDim(), rng)).data();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        double sink = 0;
        for (int warm = 0; warm < 20000; warm++) sink += ElementWise.sumBernoulliLogProb(x, warm % 200 * 784, logits, warm % 64 * 784, 784);
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 400; i++) sink += ElementWise.sumBernoulliLogProb(x, i % 200 * 784, logits, i % 64 * 784, 784);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // checked at the end, so that nothing but the estimate comes before the likelihood in this process
        if (!MatMuls.vectorAvailable()) throw new AssertionError("the child JVM must have the vector module");
        System.out.printf(Locale.ROOT, "allocated %d (sum %s)%n", allocated, Double.isFinite(sink));
    }

    @Test
    void theLikelihoodAllocatesNothingAfterAnEstimate() throws Exception {
        for (int run = 0; run < 3; run++) {
            ChildJvm.Output child = ChildJvm.run(List.of("--add-modules", "jdk.incubator.vector", "-Xmx1g", "-Djava.awt.headless=true"),
                    LikelihoodStaysCompiledTest.class, List.of(), Duration.ofMinutes(3));
            String out = child.text();
            assertEquals(0, child.exitStatus(), out);
            String line = out.lines().filter(s -> s.startsWith("allocated ")).findFirst().orElseThrow(() -> new AssertionError(out));
            long allocated = Long.parseLong(line.split(" ")[1]);
            // compiled: nothing (0 in every run measured); the one-loop likelihood, in the processes where it ran as
            // the fallback, allocated 3 763 200 bytes in these 400 sums (a boxed vector of 8 doubles, 96 bytes, a step)
            assertTrue(allocated < 64 * 1024, "run " + run + ": the likelihood allocated " + allocated
                    + " bytes in 400 sums (it ran the Vector API's Java fallback):\n" + out);
            assertTrue(line.endsWith("(sum true)"), out);
        }
    }
}
