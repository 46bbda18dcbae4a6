package vae.linalg;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A fixed pool of worker threads that splits a range of output rows into contiguous blocks,
 * one block per thread.
 *
 * <p>Determinism: a kernel computes each output row entirely inside one block, in the same
 * order whatever the block boundaries, so results are bit-for-bit identical for any thread
 * count. The caller's thread works on the first block; {@code threads - 1} daemon threads
 * take the others. Instances are shared per thread count ({@link #of(int)}), so creating
 * many models does not create many pools.
 */
public final class Parallel {
    /** Below this many multiply-adds a range runs on the caller's thread (hand-off costs more). */
    static final long MIN_PARALLEL_WORK = 32_768;

    private static final ConcurrentHashMap<Integer, Parallel> SHARED = new ConcurrentHashMap<>();

    private final int threads;
    private final ExecutorService pool;

    /** Work on rows [from, to). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private Parallel(int threads) {
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "vae-linalg-" + threads);
            t.setDaemon(true);
            return t;
        });
    }

    /** The shared pool with {@code threads} threads (including the caller's), created on first use. */
    public static Parallel of(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        return SHARED.computeIfAbsent(threads, Parallel::new);
    }

    /** One thread: everything runs on the caller's thread. */
    public static Parallel serial() {
        return of(1);
    }

    /** The default thread count: the number of available processors. */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    public int threads() {
        return threads;
    }

    /**
     * Runs {@code body} over [0, n) split into at most {@link #threads()} contiguous blocks
     * and waits for all of them. {@code workPerRow} (multiply-adds per row) decides whether
     * splitting is worth it. Block t is [t*n/T, (t+1)*n/T).
     */
    public void forRange(int n, long workPerRow, RangeBody body) {
        int blocks = (int) Math.min(threads, n);
        boolean[] inside = INSIDE.get();
        if (blocks <= 1 || n * workPerRow < MIN_PARALLEL_WORK || inside[0]) {
            if (n > 0) body.run(0, n);
            return;
        }
        inside[0] = true;
        try {
            split(n, blocks, body);
        } finally {
            inside[0] = false;
        }
    }

    /**
     * Whether this thread is running a block of some {@link #forRange}: a body that calls a parallel
     * kernel (the importance-weighted estimate decodes its share of the samples with the model's
     * products) runs that kernel whole on its own thread. Handing work to the pool from inside a
     * block would wait for threads that are busy with the other blocks (a worker waiting on its own
     * queue: a deadlock).
     */
    private static final ThreadLocal<boolean[]> INSIDE = ThreadLocal.withInitial(() -> new boolean[1]);

    private void split(int n, int blocks, RangeBody body) {
        List<Future<?>> futures = new ArrayList<>(blocks - 1);
        for (int t = 1; t < blocks; t++) {
            int from = (int) ((long) t * n / blocks);
            int to = (int) ((long) (t + 1) * n / blocks);
            futures.add(pool.submit(() -> {
                boolean[] inside = INSIDE.get();
                inside[0] = true;
                try {
                    body.run(from, to);
                } finally {
                    inside[0] = false;
                }
            }));
        }
        Throwable failure = null;
        try {
            body.run(0, (int) ((long) n / blocks));
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) failure = e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (failure == null) failure = e;
            }
        }
        if (failure instanceof RuntimeException re) throw re;
        if (failure instanceof Error err) throw err;
        if (failure != null) throw new IllegalStateException("parallel block failed", failure);
    }

    /**
     * Runs two independent tasks, {@code first} on the caller's thread and {@code second} on a
     * worker (each whole, in parallel when there are two threads and {@code workEach}, the
     * multiply-adds of each, is worth a hand-off; else one after the other), and waits for both.
     */
    public void both(long workEach, Runnable first, Runnable second) {
        forRange(2, workEach, (from, to) -> {
            for (int task = from; task < to; task++) (task == 0 ? first : second).run();
        });
    }

    @Override
    public String toString() {
        return "Parallel(threads=" + threads + ")";
    }
}
