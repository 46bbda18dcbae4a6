package vae.prob;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link Rng#splitNumber} against splitting a fresh generator one stream at a time. */
class RngSplitNumberTest {

    @Test
    void theIthStreamOfAFreshGenerator() {
        for (long seed : new long[] {0, 1, -7, 123456789012345L}) {
            Rng root = new Rng(seed);
            for (int i = 0; i < 50; i++) {
                Rng split = root.split(), direct = Rng.splitNumber(seed, i);
                assertEquals(split.seed(), direct.seed(), "stream " + i + " of seed " + seed);
                for (int d = 0; d < 5; d++) assertEquals(split.nextDouble(), direct.nextDouble());
            }
        }
    }
}
