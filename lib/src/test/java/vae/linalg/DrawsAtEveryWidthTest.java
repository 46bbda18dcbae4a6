package vae.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;
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
     * loop, then prints the bytes allocated per 100 352 draws once compiled.
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
        int checked = 0;
        for (int n : new int[] {0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 24, 25, 40, 1023, 1024, 1025, 1030, 1041, 2050, 128 * 784}) {
            float[] p = new float[n + 3];
            for (int i = 0; i < p.length; i++) {
                double r = random.nextDouble();
                p[i] = r < 0.6 ? 0f : r < 0.85 ? (float) random.nextDouble() : r < 0.9 ? 1f : r < 0.93 ? 1e-30f
                        : r < 0.95 ? Float.NaN : r < 0.97 ? -0.5f : r < 0.99 ? Math.nextDown(1f) : 2f;
            }
            for (long seed : new long[] {1, 42, -7}) {
                Rng loop = new Rng(seed), bulk = new Rng(seed);
                float[] expected = new float[n + 5], found = new float[n + 5];
                for (int i = 0; i < n; i++) expected[2 + i] = loop.nextDouble() < p[3 + i] ? 1f : 0f;
                ElementWise.bernoulliDraws(bulk.takeUniforms(n), p, 3, found, 2);
                for (int i = 0; i < expected.length; i++) {
                    if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(found[i])) {
                        throw new AssertionError("n = " + n + ", seed " + seed + ": out[" + i + "] is " + found[i] + ", the loop gives " + expected[i]);
                    }
                }
                if (loop.nextLong() != bulk.nextLong()) throw new AssertionError("n = " + n + ": the stream after the draws differs");
                checked += n;
            }
        }
        float[] p = new float[128 * 784], out = new float[p.length];
        for (int i = 0; i < p.length; i++) p[i] = (i % 7) / 7f;
        for (int w = 0; w < 3000; w++) ElementWise.bernoulliDraws(new Rng(w).takeUniforms(p.length), p, 0, out, 0);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId(), before = threads.getThreadAllocatedBytes(self);
        for (int w = 0; w < 100; w++) ElementWise.bernoulliDraws(new Rng(w).takeUniforms(p.length), p, 0, out, 0);
        long perCall = (threads.getThreadAllocatedBytes(self) - before) / 100;
        System.out.println("checked " + v.length + " uniforms and " + checked + " draws, " + jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED
                + "; allocated " + perCall + " bytes per call");
    }

    @Test
    void drawsAreTheLoopsBitsAndStayCompiledAtEveryWidth() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> skipped = new ArrayList<>();
        int ran = 0;
        for (String option : List.of("-XX:MaxVectorSize=64", "-XX:MaxVectorSize=32", "-XX:UseAVX=2", "-XX:MaxVectorSize=16")) {
            Path log = Files.createTempFile("vae-child-", ".txt");
            Process child = new ProcessBuilder(List.of(java, option, "--add-modules", "jdk.incubator.vector", "-Xmx512m",
                    "-cp", System.getProperty("java.class.path"), DrawsAtEveryWidthTest.class.getName()))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean ended;
            try {
                ended = child.waitFor(2, TimeUnit.MINUTES);   // output to a file: a child that hangs cannot block the read
            } finally {
                child.destroyForcibly();
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            Files.delete(log);
            assertTrue(ended, option + ": the child did not end in 2 minutes:\n" + out);
            if (out.contains("Unrecognized VM option")) {
                skipped.add(option);
                continue;
            }
            assertEquals(0, child.exitValue(), option + ":\n" + out);
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
