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
}
