package vae.prob;

import java.util.SplittableRandom;

/**
 * A small seeded random source for the whole library: uniforms, standard normals and
 * reproducible independent streams.
 *
 * <p>It wraps {@link java.util.SplittableRandom}, so the same seed gives the same sequence on
 * every JVM. Standard normals use the Box-Muller transform
 * {@code z = sqrt(-2 ln u1) * cos(2 pi u2)} (the second value of the pair is cached), with
 * {@link StrictMath}'s log, sin and cos, so they too are the same bits on every JVM and CPU
 * ({@code Math}'s may differ in the last bit from one machine or Java version to another).
 *
 * <p>Use: {@code Rng rng = new Rng(42);} then draw with {@link #nextGaussian()} etc. To give a
 * sub-task (a minibatch shuffle, one Monte Carlo run) its own stream that does not depend on
 * how many numbers the caller draws later, use {@link #split()}. An {@code Rng} is not
 * thread-safe: split one per thread.
 */
public final class Rng {
    private final long seed;
    private SplittableRandom random;          // replaced (same stream, moved on) by takeUniforms
    private double cachedGaussian;
    private boolean hasCachedGaussian;

    /** A random source seeded with {@code seed}: equal seeds give equal sequences. */
    public Rng(long seed) {
        this(seed, new SplittableRandom(seed));
    }

    private Rng(long seed, SplittableRandom random) {
        this.seed = seed;
        this.random = random;
    }

    /** The seed this source was created with (for a split stream: the seed drawn for it). */
    public long seed() {
        return seed;
    }

    /**
     * A new independent stream, seeded from this one (advances this source by one draw).
     * Splitting in the same order always gives the same streams.
     */
    public Rng split() {
        long childSeed = random.nextLong();
        return new Rng(childSeed, new SplittableRandom(childSeed));
    }

    /**
     * The stream that the {@code index}-th {@link #split()} (counting from 0) of a fresh {@code new
     * Rng(seed)} gives, computed without drawing the ones before it: SplittableRandom's i-th long
     * is {@code mix(seed + (i + 1) * gamma)}, the same as the first long of a generator seeded
     * {@code seed + i * gamma}. So a long run can name the stream of its pass p, and resume at
     * pass p with no generator state saved.
     */
    public static Rng splitNumber(long seed, long index) {
        if (index < 0) throw new IllegalArgumentException("index must be >= 0, got " + index);
        long childSeed = new SplittableRandom(seed + index * GOLDEN_GAMMA).nextLong();
        return new Rng(childSeed, new SplittableRandom(childSeed));
    }

    /** SplittableRandom's increment for a generator made with {@code new SplittableRandom(seed)}. */
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    /**
     * The next {@code n} uniforms of this stream, taken at once: {@link Uniforms#get(long) get(i)}
     * is exactly what the i-th of n calls to {@link #nextDouble()} would have returned, and this
     * source continues after them, as after those calls. For bulk draws that a vector loop or
     * several threads compute in any order (SplittableRandom's i-th draw is a function of i alone:
     * see {@link Uniforms}).
     */
    public Uniforms takeUniforms(long n) {
        if (n < 0) throw new IllegalArgumentException("n must be >= 0, got " + n);
        if (n == 0) return new Uniforms(0, 0);
        // The stream's state is not readable, but its next long is mix(state + gamma), and mix is a
        // bijection: undo it to learn the state, then restart the generator n draws further on.
        long origin = Uniforms.unmix(random.nextLong()) - GOLDEN_GAMMA;
        random = new SplittableRandom(origin + n * GOLDEN_GAMMA);
        return new Uniforms(origin, n);
    }

    /**
     * {@code n} consecutive uniforms of a stream: the i-th (i from 0) is
     * <pre>
     *   u_i = (mix(origin + (i + 1) gamma) >>> 11) 2^-53,   gamma = 0x9e3779b97f4a7c15
     * </pre>
     * SplittableRandom's {@code nextDouble()} (its state advances by gamma per draw; mix is
     * Stafford's variant 13 of MurmurHash3's finaliser), so it can be computed for any i without the
     * ones before it.
     *
     * @param origin the generator's state before the first of them
     * @param count  how many were taken from the stream
     */
    public record Uniforms(long origin, long count) {
        public Uniforms {
            if (count < 0) throw new IllegalArgumentException("count must be >= 0, got " + count);
        }

        /** The stream's increment per draw. */
        public static final long GAMMA = GOLDEN_GAMMA;
        /** The two multipliers of {@link #mix}. */
        public static final long MIX1 = 0xbf58476d1ce4e5b9L, MIX2 = 0x94d049bb133111ebL;
        private static final long UNMIX1 = inverse(MIX1), UNMIX2 = inverse(MIX2);

        /** The i-th uniform, 0 &lt;= i &lt; count. */
        public double get(long i) {
            if (i < 0 || i >= count) throw new IndexOutOfBoundsException("uniform " + i + " of " + count);
            return (mix(origin + (i + 1) * GAMMA) >>> 11) * 0x1.0p-53;
        }

        /** SplittableRandom's output function: {@code z ^= z >>> 30; z *= MIX1; z ^= z >>> 27; z *= MIX2; z ^= z >>> 31}. */
        public static long mix(long z) {
            z = (z ^ (z >>> 30)) * MIX1;
            z = (z ^ (z >>> 27)) * MIX2;
            return z ^ (z >>> 31);
        }

        /** The z with {@code mix(z) == y}: each step of {@link #mix} undone, last first. */
        static long unmix(long y) {
            y = unshift(y, 31) * UNMIX2;
            y = unshift(y, 27) * UNMIX1;
            return unshift(y, 30);
        }

        /** The z with {@code z ^ (z >>> k) == y}: each pass fixes k more of the high bits. */
        private static long unshift(long y, int k) {
            long z = y;
            for (int fixed = k; fixed < 64; fixed += k) z = y ^ (z >>> k);
            return z;
        }

        /** {@code c^-1 mod 2^64} for odd c, by Newton's iteration (each step doubles the correct low bits: 3, 6, ..., 96). */
        private static long inverse(long c) {
            long x = c;                                  // c c = 1 mod 8: right to 3 bits
            for (int i = 0; i < 5; i++) x *= 2 - c * x;
            return x;
        }
    }

    /** Uniform on [0, 1). */
    public double nextDouble() {
        return random.nextDouble();
    }

    /** Uniform on [lo, hi). */
    public double nextDouble(double lo, double hi) {
        if (!(lo < hi)) throw new IllegalArgumentException("need lo < hi, got lo=" + lo + ", hi=" + hi);
        return random.nextDouble(lo, hi);
    }

    /** Uniform integer in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive, got " + bound);
        return random.nextInt(bound);
    }

    /** A uniformly random long. */
    public long nextLong() {
        return random.nextLong();
    }

    /** Bernoulli(p): true with probability p, for p in [0, 1]. */
    public boolean nextBernoulli(double p) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("p must be in [0, 1], got " + p);
        return random.nextDouble() < p;
    }

    /**
     * Standard normal N(0, 1) by Box-Muller on two uniforms u1, u2 in [0, 1):
     * {@code r = sqrt(-2 ln(1 - u1))}, {@code z1 = r cos(2 pi u2)}, {@code z2 = r sin(2 pi u2)}; z2 is
     * kept for the next call ({@link Gaussians#boxMuller}).
     */
    public double nextGaussian() {
        if (hasCachedGaussian) {
            hasCachedGaussian = false;
            return cachedGaussian;
        }
        double r = Gaussians.radius(random.nextDouble()), theta = Gaussians.angle(random.nextDouble());
        cachedGaussian = Gaussians.component(r, theta, true);
        hasCachedGaussian = true;
        return Gaussians.component(r, theta, false);
    }

    /**
     * The next {@code n} standard normals of this stream, taken at once: {@link Gaussians#get(int)
     * get(i)} is exactly what the i-th of n calls to {@link #nextGaussian()} would have returned, and
     * this source goes on after them as after those calls (a second value of the last pair left
     * over is kept for the next call). Taking them costs no more than a few draws: the normals are
     * computed later, in any order and on any thread ({@link Gaussians#fill}).
     */
    public Gaussians takeGaussians(int n) {
        if (n < 0) throw new IllegalArgumentException("n must be >= 0, got " + n);
        boolean startsWithCached = n > 0 && hasCachedGaussian;
        double first = startsWithCached ? cachedGaussian : Double.NaN;
        if (startsWithCached) hasCachedGaussian = false;
        int fromPairs = n - (startsWithCached ? 1 : 0);
        int pairs = (int) ((fromPairs + 1L) / 2);
        Uniforms u = takeUniforms(2L * pairs);
        if (fromPairs % 2 == 1) {                 // the last pair's second value is the next call's
            cachedGaussian = Gaussians.boxMuller(u.get(2L * pairs - 2), u.get(2L * pairs - 1), true);
            hasCachedGaussian = true;
        }
        return new Gaussians(n, startsWithCached, first, u);
    }

    /**
     * {@code count} consecutive standard normals of a stream: the one left over from the stream's
     * last pair first, if there was one ({@code startsWithCached}, value {@code first}), then pairs
     * of {@link #boxMuller} values from pairs of {@code uniforms}.
     */
    public record Gaussians(int count, boolean startsWithCached, double first, Uniforms uniforms) {
        public Gaussians {
            long fromPairs = count - (startsWithCached ? 1 : 0);
            if (count < 0 || fromPairs < 0 || uniforms.count() < 2 * ((fromPairs + 1) / 2)) {
                throw new IllegalArgumentException(count + " normals" + (startsWithCached ? ", the first cached," : "")
                        + " need " + 2 * ((Math.max(fromPairs, 0) + 1) / 2) + " uniforms, got " + uniforms.count());
            }
        }

        /**
         * Box-Muller on the uniforms u1, u2 in [0, 1): {@link #component} of
         * {@code r = }{@link #radius}{@code (u1)} and {@code theta = }{@link #angle}{@code (u2)}.
         * StrictMath's log, sin and cos: the same bits on every JVM and CPU. A caller that needs both
         * values of a pair computes r and theta once and takes both components.
         */
        static double boxMuller(double u1, double u2, boolean second) {
            return component(radius(u1), angle(u2), second);
        }

        /** {@code r cos theta}, or {@code r sin theta} for the pair's second value. */
        private static double component(double r, double theta, boolean second) {
            return second ? r * StrictMath.sin(theta) : r * StrictMath.cos(theta);
        }

        /** {@code r = sqrt(-2 ln(1 - u1))}: 1 - u1 is in (0, 1], so the log is finite. */
        private static double radius(double u1) {
            return Math.sqrt(-2.0 * StrictMath.log(1.0 - u1));
        }

        /** {@code theta = 2 pi u2}. */
        private static double angle(double u2) {
            return 2.0 * Math.PI * u2;
        }

        /** The i-th normal, 0 &lt;= i &lt; count. */
        public double get(int i) {
            if (i < 0 || i >= count) throw new IndexOutOfBoundsException("normal " + i + " of " + count);
            if (startsWithCached && i == 0) return first;
            int j = i - (startsWithCached ? 1 : 0);
            long pair = j / 2;
            return boxMuller(uniforms.get(2 * pair), uniforms.get(2 * pair + 1), j % 2 == 1);
        }

        /**
         * {@code out[outFrom + t] = (float) get(from + t)} for t in [0, to - from) (out modified):
         * any range, on any thread, so a range of rows can draw its own noise.
         */
        public void fill(float[] out, int outFrom, int from, int to) {
            if (from < 0 || from > to || to > count || outFrom < 0 || outFrom + (to - from) > out.length) {
                throw new IndexOutOfBoundsException("normals [" + from + ", " + to + ") of " + count + " into out["
                        + outFrom + ", +" + (to - from) + ") of " + out.length);
            }
            int i = from;
            if (i < to && startsWithCached && i == 0) out[outFrom + i++ - from] = (float) first;
            int shift = startsWithCached ? 1 : 0;
            if (i < to && (i - shift) % 2 == 1) {                // a range starting at a pair's second value
                out[outFrom + i - from] = (float) get(i);
                i++;
            }
            for (; i + 1 < to; i += 2) {                         // whole pairs: r and theta once for both
                long u = i - shift;
                double r = radius(uniforms.get(u)), theta = angle(uniforms.get(u + 1));
                out[outFrom + i - from] = (float) component(r, theta, false);
                out[outFrom + i + 1 - from] = (float) component(r, theta, true);
            }
            if (i < to) out[outFrom + i - from] = (float) get(i);
        }
    }

    /** N(mean, std^2): {@code mean + std * eps}, eps ~ N(0, 1). */
    public double nextGaussian(double mean, double std) {
        if (!(std >= 0)) throw new IllegalArgumentException("std must be >= 0, got " + std);
        return mean + std * nextGaussian();
    }

    /** A new array of n independent N(0, 1) values. */
    public double[] gaussians(int n) {
        double[] out = new double[n];
        fillGaussian(out);
        return out;
    }

    /** Fills {@code out} (modified) with independent N(0, 1) values. */
    public void fillGaussian(double[] out) {
        for (int i = 0; i < out.length; i++) out[i] = nextGaussian();
    }

    /** Fills {@code out} (modified) with independent N(0, 1) values as floats. */
    public void fillGaussian(float[] out) {
        takeGaussians(out.length).fill(out, 0, 0, out.length);
    }

    /** A random permutation of 0..n-1 (Fisher-Yates). */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        shuffleInPlace(p);
        return p;
    }

    /** Shuffles {@code a} in place (Fisher-Yates). */
    public void shuffleInPlace(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    @Override
    public String toString() {
        return "Rng(seed=" + seed + ")";
    }
}
