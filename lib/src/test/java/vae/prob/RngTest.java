package vae.prob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RngTest {
    @Test
    void sameSeedSameStream() {
        assertArrayEquals(new Rng(7).gaussians(100), new Rng(7).gaussians(100), 0.0);
        assertNotEquals(new Rng(7).nextDouble(), new Rng(8).nextDouble());
    }

    @Test
    void splitStreamsAreReproducibleAndIndependentOfLaterDraws() {
        Rng a = new Rng(1), b = new Rng(1);
        Rng childA = a.split();
        a.gaussians(50); // drawing from the parent must not change the child
        Rng childB = b.split();
        assertArrayEquals(childA.gaussians(20), childB.gaussians(20), 0.0);
    }

    @Test
    void gaussianMomentsAreRight() {
        // N = 200000 draws: the sample mean has SE 1/sqrt(N) = 0.0022, the sample variance SE sqrt(2/N) = 0.0032;
        // 5 SE bounds (0.012, 0.016) fail only if the generator is wrong (seeded, so deterministic).
        int n = 200_000;
        double[] z = new Rng(123).gaussians(n);
        double mean = Arrays.stream(z).average().orElseThrow();
        double var = Arrays.stream(z).map(v -> (v - mean) * (v - mean)).sum() / (n - 1);
        assertEquals(0.0, mean, 5 / Math.sqrt(n));
        assertEquals(1.0, var, 5 * Math.sqrt(2.0 / n));
    }

    @Test
    void permutationIsAPermutation() {
        int[] p = new Rng(3).permutation(100);
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 100; i++) assertEquals(i, sorted[i]);
    }

    @Test
    void badArgumentsAreRejected() {
        Rng r = new Rng(0);
        assertThrows(IllegalArgumentException.class, () -> r.nextInt(0));
        assertThrows(IllegalArgumentException.class, () -> r.nextGaussian(0, -1));
        assertThrows(IllegalArgumentException.class, () -> r.nextBernoulli(Double.NaN));
    }

    @Test
    void takenUniformsAreTheStreamsNextDoublesAndTheStreamGoesOnAfterThem() {
        for (long seed : new long[] {0, 1, -7, 2016, Long.MIN_VALUE}) {
            for (int n : new int[] {1, 2, 9, 1000}) {
                Rng drawn = new Rng(seed), taken = new Rng(seed);
                drawn.split();                            // state moved on (a fresh stream and a split one)
                taken.split();
                drawn.nextGaussian();                     // and a Gaussian cached in both
                taken.nextGaussian();
                double[] expected = new double[n];
                for (int i = 0; i < n; i++) expected[i] = drawn.nextDouble();
                Rng.Uniforms u = taken.takeUniforms(n);
                assertEquals(n, u.count());
                for (int i = 0; i < n; i++) assertEquals(expected[i], u.get(i), 0.0, "seed " + seed + ", uniform " + i + " of " + n);
                assertEquals(drawn.nextGaussian(), taken.nextGaussian(), 0.0, "the cached Gaussian is kept");
                assertEquals(drawn.nextLong(), taken.nextLong(), "the stream after " + n + " uniforms");
                assertArrayEquals(drawn.gaussians(5), taken.gaussians(5), 0.0);
            }
        }
    }

    @Test
    void takingNoUniformsLeavesTheStreamAlone() {
        Rng a = new Rng(3), b = new Rng(3);
        assertEquals(0, b.takeUniforms(0).count());
        assertEquals(a.nextLong(), b.nextLong());
        assertThrows(IllegalArgumentException.class, () -> b.takeUniforms(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> b.takeUniforms(3).get(3));
    }

    @Test
    void unmixUndoesMix() {
        Rng r = new Rng(11);
        for (int i = 0; i < 10_000; i++) {
            long z = r.nextLong();
            assertEquals(z, Rng.Uniforms.unmix(Rng.Uniforms.mix(z)));
            assertEquals(z, Rng.Uniforms.mix(Rng.Uniforms.unmix(z)));
        }
    }

    @Test
    void takenGaussiansAreTheStreamsNextGaussiansInAnyRangeAndTheStreamGoesOn() {
        for (int before : new int[] {0, 1, 2, 3}) {             // odd: a cached value starts the block
            for (int n : new int[] {0, 1, 2, 5, 6, 41}) {
                Rng drawn = new Rng(17), taken = new Rng(17);
                for (int i = 0; i < before; i++) assertEquals(drawn.nextGaussian(), taken.nextGaussian(), 0.0);
                double[] expected = new double[n];
                for (int i = 0; i < n; i++) expected[i] = drawn.nextGaussian();
                Rng.Gaussians g = taken.takeGaussians(n);
                for (int i = 0; i < n; i++) assertEquals(expected[i], g.get(i), 0.0, "normal " + i);
                for (int from = 0; from <= n; from++) {            // every range, offset in out by 2
                    for (int to = from; to <= n; to++) {
                        float[] out = new float[n + 2];
                        g.fill(out, 2, from, to);
                        for (int t = from; t < to; t++) {
                            assertEquals((float) expected[t], out[2 + t - from], 0f, "before " + before + ", n " + n + ", [" + from + ", " + to + ") at " + t);
                        }
                    }
                }
                for (int i = 0; i < 3; i++) assertEquals(drawn.nextGaussian(), taken.nextGaussian(), 0.0, "the stream after the block, draw " + i);
                assertEquals(drawn.nextLong(), taken.nextLong());
            }
        }
    }

    @Test
    void normalsAreTheValuesTheyWereBeforeTheyWereTakenInBulk() {
        // nextGaussian and fillGaussian pinned to what they gave before Rng.Gaussians existed (ea746d4)
        Rng r = new Rng(42);
        double[] pinned = {0x1.c3b620ee5015bp-1, 0x1.6372fc37ae2d6p0, -0x1.cdab96fe79013p-2, 0x1.576825352182ap-1, 0x1.81bf069d25a44p-3};
        for (double v : pinned) assertEquals(v, r.nextGaussian(), 0.0);
        float[] f = new float[3];
        new Rng(7).fillGaussian(f);
        assertArrayEquals(new float[] {0x1.fa194ep-1f, 0x1.acac72p-4f, -0x1.dd3fdep0f}, f, 0f);
        assertThrows(IllegalArgumentException.class, () -> new Rng.Uniforms(0, -1));
        assertThrows(IllegalArgumentException.class, () -> new Rng.Gaussians(5, false, 0, new Rng.Uniforms(0, 4)));
    }
}
