package vae.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The hand-off between the caller and the spinning workers: every row once, failures passed on, no lost wake-up. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)   // a lost wake-up hangs: fail instead
class ParallelTest {
    private static final long WORTH_SPLITTING = Parallel.MIN_PARALLEL_WORK;

    /** Runs forRange over n rows and returns how often each row was visited. */
    private static int[] visits(Parallel parallel, int n) {
        AtomicIntegerArray seen = new AtomicIntegerArray(n);
        parallel.forRange(n, WORTH_SPLITTING, (from, to) -> {
            for (int i = from; i < to; i++) seen.incrementAndGet(i);
        });
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = seen.get(i);
        return out;
    }

    private static int[] ones(int n) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, 1);
        return a;
    }

    @Test
    void everyRowIsRunOnceWhateverTheThreadCount() {
        for (int threads : new int[] {1, 2, 3, 4})
            for (int n : new int[] {1, 2, 3, 7, 128, 1001})
                assertArrayEquals(ones(n), visits(Parallel.of(threads), n), threads + " threads, " + n + " rows");
    }

    @Test
    void aWorkerThatHasParkedIsWokenForTheNextBlock() throws InterruptedException {
        Parallel two = Parallel.of(2);
        for (int round = 0; round < 20; round++) {
            Thread.sleep(2 * Parallel.SPIN_NANOS / 1_000_000 + 1);   // longer than the spin: the worker has parked
            assertArrayEquals(ones(64), visits(two, 64), "round " + round);
        }
    }

    @Test
    void aCallerWaitsPastItsSpinForALongBlock() {
        Parallel two = Parallel.of(2);
        long[] workerNanos = new long[1];
        two.forRange(2, WORTH_SPLITTING, (from, to) -> {
            if (from == 1) {                                          // the worker's block outlasts the caller's spin
                long start = System.nanoTime();
                while (System.nanoTime() - start < 5 * Parallel.SPIN_NANOS) Thread.onSpinWait();
                workerNanos[0] = System.nanoTime() - start;
            }
        });
        assertTrue(workerNanos[0] >= 5 * Parallel.SPIN_NANOS, "forRange returned before the worker's block ended");
    }

    @Test
    void aFailureInTheWorkersBlockReachesTheCallerAndThePoolGoesOn() {
        Parallel two = Parallel.of(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> two.forRange(10, WORTH_SPLITTING, (from, to) -> {
            if (from > 0) throw new IllegalStateException("block " + from + ".." + to);
        }));
        assertEquals("block 5..10", e.getMessage());
        assertArrayEquals(ones(10), visits(two, 10));
    }

    @Test
    void twoCallersAtOnceBothGetEveryRow() throws InterruptedException {
        Parallel two = Parallel.of(2);
        int rounds = 2000;
        CountDownLatch go = new CountDownLatch(1);
        boolean[] ok = new boolean[2];
        Thread[] callers = new Thread[2];
        for (int c = 0; c < 2; c++) {
            int caller = c;
            callers[c] = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                boolean allRight = true;
                for (int r = 0; r < rounds; r++) allRight &= java.util.Arrays.equals(ones(33), visits(two, 33));
                ok[caller] = allRight;
            });
            callers[c].start();
        }
        go.countDown();
        for (Thread t : callers) t.join(60_000);
        assertTrue(ok[0] && ok[1], "a caller lost or repeated rows while the other held the workers");
    }

    @Test
    void aProductInsideABlockRunsWholeOnItsThread() {
        Parallel two = Parallel.of(2);
        int[] nested = new int[2];
        two.forRange(2, WORTH_SPLITTING, (from, to) -> nested[from] = visits(two, 50).length);   // must not deadlock
        assertArrayEquals(new int[] {50, 50}, nested);
    }
}
