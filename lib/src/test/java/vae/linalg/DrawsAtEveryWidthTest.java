package vae.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;
import vae.ChildJvm;
import vae.prob.Rng;

/**
 * The Bernoulli draws at every vector width this machine can pretend to have: the same bits as the
 * loop over {@code nextDouble()}, and, with AVX2 instructions, no boxed vectors. Their uniforms come
 * from 64-bit lanes, made doubles by {@code convert(L2D)} at 8 double lanes (one AVX-512 DQ
 * instruction) and by an exact sum of two halves below that; {@code ElementWiseTest} sees only this
 * machine's width, so each width runs in a child JVM. Under {@code -XX:UseAVX=2}, L2D ran as the
 * Vector API's Java fallback: 57 KB boxed per 1024 draws, 5.6 MB a binarised training step (the
 * narrower path: 13 KB). With 128-bit vectors the comparison of two double lanes that makes the
 * draws' mask is boxed still (about 116 KB per 1024 draws on x86 with {@code MaxVectorSize=16}),
 * so there only the bits are checked. An option the JVM does not know (UseAVX off x86) is skipped;
 * an option above the hardware's width gives the hardware's.
 */
class DrawsAtEveryWidthTest {

    /**
     * Run in the child: checks the uniforms against {@code (double) v * 2^-53} (a draw alone would
     * hide an error of d in the uniform but for a chance of about d), then the draws against the
     * loop ({@link ElementWiseTest}'s check), then prints the bytes allocated per 100 352 draws once compiled.
     */
    public static void main(String[] args) {
        Random random = new Random(5);
        VectorSpecies<Long> longs = VectorSpecies.of(long.class, Lanes.DOUBLES.vectorShape());
        long[] edges = {0, 1, 2, 3, (1L << 26) - 1, 1L << 26, (1L << 26) + 1, (1L << 27) - 1, 1L << 27, (1L << 52) - 1, 1L << 52,
                (1L << 52) + 1, (1L << 53) - 2, (1L << 53) - 1};
        long[] v = new long[1 << 16];
        for (int i = 0; i < v.length; i++) v[i] = i < edges.length ? edges[i] : random.nextLong() >>> 11;
        double[] u = new double[v.length];
        for (int i = 0; i < v.length; i += longs.length()) VectorElementWise.uniform(LongVector.fromArray(longs, v, i)).intoArray(u, i);
        for (int i = 0; i < v.length; i++) {
            if (Double.doubleToRawLongBits(u[i]) != Double.doubleToRawLongBits((double) v[i] * 0x1.0p-53)) {
                throw new AssertionError("uniform of " + v[i] + ": " + u[i] + ", expected " + (double) v[i] * 0x1.0p-53);
            }
        }
        new ElementWiseTest().bernoulliDrawsAreTheLoopOverNextDoubleBitForBit();
        float[] p = new float[128 * 784], out = new float[p.length];
        for (int i = 0; i < p.length; i++) p[i] = (i % 7) / 7f;
        for (int w = 0; w < 3000; w++) ElementWise.bernoulliDraws(new Rng(w).takeUniforms(p.length), p, 0, out, 0);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId(), before = threads.getThreadAllocatedBytes(self);
        for (int w = 0; w < 100; w++) ElementWise.bernoulliDraws(new Rng(w).takeUniforms(p.length), p, 0, out, 0);
        long perCall = (threads.getThreadAllocatedBytes(self) - before) / 100;
        System.out.println("checked " + v.length + " uniforms and ElementWiseTest's draws, " + jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED
                + "; allocated " + perCall + " bytes per call");
    }

    @Test
    void drawsAreTheLoopsBitsAndStayCompiledAtEveryWidth() throws Exception {
        List<String> skipped = new ArrayList<>();
        int ran = 0;
        for (String option : List.of("-XX:MaxVectorSize=64", "-XX:MaxVectorSize=32", "-XX:UseAVX=2", "-XX:MaxVectorSize=16")) {
            ChildJvm.Output child = ChildJvm.run(List.of(option, "--add-modules", "jdk.incubator.vector", "-Xmx512m"),
                    DrawsAtEveryWidthTest.class, List.of(), Duration.ofMinutes(2));
            String out = child.text();
            if (out.contains("Unrecognized VM option")) {
                skipped.add(option);
                continue;
            }
            assertEquals(0, child.exitStatus(), option + ":\n" + out);
            String line = out.lines().filter(s -> s.startsWith("checked ")).findFirst().orElseThrow(() -> new AssertionError(option + ":\n" + out));
            long perCall = Long.parseLong(line.substring(line.lastIndexOf("allocated ") + 10).split(" ")[0]);
            System.out.println("DrawsAtEveryWidthTest " + option + ": " + line);
            // compiled: under 20 KB a call of 100 352 draws (a few boxed vectors per chunk of 1024); L2D boxed: 5.6 MB
            if (!line.contains("S_128_BIT")) {   // the vectors the child got (an option above the hardware's width is capped)
                assertTrue(perCall < 64 * 1024, option + ": the draws allocated " + perCall + " bytes a call (boxed vectors):\n" + out);
            }
            ran++;
        }
        if (!skipped.isEmpty()) System.out.println("DrawsAtEveryWidthTest: skipped (options this JVM does not take): " + skipped);
        assertTrue(ran >= 3, "the MaxVectorSize runs must run on any JVM with C2; skipped: " + skipped);
    }
}
