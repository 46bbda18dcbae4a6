package vae.linalg;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed set of worker threads that splits a range of output rows into contiguous blocks,
 * one block per thread.
 *
 * <p>Determinism: a kernel computes each output row entirely inside one block, in the same
 * order whatever the block boundaries, so results are bit-for-bit identical for any thread
 * count. The caller's thread works on the first block; {@code threads - 1} daemon threads
 * take the others. Instances are shared per thread count ({@link #of(int)}), so creating
 * many models does not create many pools.
 *
 * <p>Hand-off: a training step hands work to the other core a dozen times, some 100-300 us
 * apart. Through a thread pool's queue each hand-off woke a parked thread, and under the
 * virtual machines we run on that cost 30-80 us, twice (the worker's wake-up, then the
 * caller's when the worker finished): about a third of a step. So a worker spins for
 * {@link #SPIN_NANOS} after its block, watching its slot, before it parks, and the caller
 * spins as long while waiting for the workers' blocks; a hand-off then costs about a
 * microsecond. The spin is bounded, so an idle pool parks and costs nothing.
 */
public final class Parallel {
    /** Below this many multiply-adds a range runs on the caller's thread (hand-off costs more). */
    static final long MIN_PARALLEL_WORK = 32_768;

    /** How long a worker (or a caller waiting for workers) spins before it parks. */
    static final long SPIN_NANOS = 300_000;

    private static final ConcurrentHashMap<Integer, Parallel> SHARED = new ConcurrentHashMap<>();

    private final int threads;
    private final Worker[] workers;
    /** One caller at a time hands out blocks; another caller meanwhile runs its range alone (same result). */
    private final ReentrantLock handOut = new ReentrantLock();

    /** Work on rows [from, to). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private Parallel(int threads) {
        this.threads = threads;
        this.workers = new Worker[threads - 1];
        for (int t = 0; t < workers.length; t++) {
            workers[t] = new Worker("vae-linalg-" + threads + "-" + (t + 1));
            workers[t].start();
        }
    }

    /** The shared instance with {@code threads} threads (including the caller's), its workers started on first use. */
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
        if (!handOut.tryLock()) {                  // another thread is using the workers
            body.run(0, n);
            return;
        }
        inside[0] = true;
        try {
            split(n, blocks, body);
        } finally {
            inside[0] = false;
            handOut.unlock();
        }
    }

    /**
     * Whether this thread is running a block of some {@link #forRange}: a body that calls a parallel
     * kernel (the importance-weighted estimate decodes its share of the samples with the model's
     * products) runs that kernel whole on its own thread. Handing work to the workers from inside a
     * block would wait for threads that are busy with the other blocks (a worker giving a block to
     * itself would wait for itself: a deadlock).
     */
    private static final ThreadLocal<boolean[]> INSIDE = ThreadLocal.withInitial(() -> new boolean[1]);

    private void split(int n, int blocks, RangeBody body) {
        for (int t = 1; t < blocks; t++)
            workers[t - 1].give(body, (int) ((long) t * n / blocks), (int) ((long) (t + 1) * n / blocks));
        Throwable failure = null;
        try {
            body.run(0, (int) ((long) n / blocks));
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (int t = 1; t < blocks; t++) {
            Throwable f = workers[t - 1].awaitDone();
            if (failure == null) failure = f;
        }
        if (failure instanceof RuntimeException re) throw re;
        if (failure instanceof Error err) throw err;
        if (failure != null) throw new IllegalStateException("parallel block failed", failure);
    }

    /**
     * A daemon thread running one block at a time: {@link #give} puts a block in its slot, the
     * thread runs it and marks it done, {@link #awaitDone} waits for that. Both sides spin for
     * {@link #SPIN_NANOS} before parking; each side publishes (slot, done) before it reads whether
     * the other is parked (parkedWorker, waitingCaller), so one of the two always sees the other.
     */
    private static final class Worker extends Thread {
        private volatile RangeBody body;             // the slot: non-null while a block waits or runs
        private volatile int from, to;
        private volatile boolean done = true;
        private volatile Throwable failure;
        private volatile boolean parkedWorker;
        private volatile Thread waitingCaller;

        Worker(String name) {
            super(name);
            setDaemon(true);
        }

        void give(RangeBody block, int blockFrom, int blockTo) {
            from = blockFrom;
            to = blockTo;
            failure = null;
            done = false;
            body = block;                            // published last: the worker reads from, to after it
            if (parkedWorker) LockSupport.unpark(this);
        }

        Throwable awaitDone() {
            long start = System.nanoTime();
            while (!done) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    waitingCaller = Thread.currentThread();
                    if (!done) LockSupport.parkNanos(this, 100_000);
                    waitingCaller = null;
                }
            }
            return failure;
        }

        @Override
        public void run() {
            boolean[] inside = INSIDE.get();
            inside[0] = true;                        // a product called in a block runs whole on this thread
            long idleSince = System.nanoTime();
            while (true) {
                RangeBody block = body;
                if (block == null) {
                    if (System.nanoTime() - idleSince < SPIN_NANOS) {
                        Thread.onSpinWait();
                    } else {
                        parkedWorker = true;
                        if (body == null) LockSupport.park(this);
                        parkedWorker = false;
                    }
                    continue;
                }
                try {
                    block.run(from, to);
                } catch (Throwable e) {
                    failure = e;
                }
                body = null;
                done = true;
                Thread caller = waitingCaller;
                if (caller != null) LockSupport.unpark(caller);
                idleSince = System.nanoTime();
            }
        }
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
