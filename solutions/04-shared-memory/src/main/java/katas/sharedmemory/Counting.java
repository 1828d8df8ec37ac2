package katas.sharedmemory;

/**
 * Steps 2 and 5: what a worker process does to the shared counter, three ways: {@link #plain}, a read and a separate
 * write per increment, unprotected (two processes lose updates, step 2); {@link #lockedEach}, each increment under
 * the semaphore (exact, and slow, step 5); {@link #countThenAdd}, the lesson's way: count locally, in memory no one
 * else touches, then add the count to the shared counter once, under the semaphore (exact, and fast, step 5). Each
 * call runs on the calling thread; the shared counter is what the processes share.
 */
public final class Counting {

    private Counting() {}

    /**
     * A local counter whose every increment is a real load and a real store ({@code volatile}), so that the JIT
     * cannot fold a counting loop into one addition: each of the 50,000,000 steps is real work. Given.
     */
    private static final class Tally {
        volatile long value;
    }

    /**
     * Adds one to {@code counter}, {@code n} times, each time as a read and then a separate write (get, then set):
     * no lock, nothing atomic.
     *
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public static void plain(SharedLong counter, long n) {
        requireCount(n);
        for (long i = 0; i < n; i++) {
            counter.set(counter.get() + 1);
        }
    }

    /**
     * Adds one to {@code counter}, {@code n} times, each increment (read, then write) under {@code semaphore}.
     *
     * @throws IllegalArgumentException if {@code n} is negative
     * @throws InterruptedException if interrupted while waiting for the semaphore
     */
    public static void lockedEach(SharedLong counter, SharedSemaphore semaphore, long n) throws InterruptedException {
        requireCount(n);
        for (long i = 0; i < n; i++) {
            semaphore.acquire();
            try {
                counter.set(counter.get() + 1);
            } finally {
                semaphore.release();
            }
        }
    }

    /**
     * Counts to {@code n} one increment at a time on a local {@link Tally}, then adds the count to {@code counter}
     * once, under {@code semaphore} (read, then write, while holding it).
     *
     * @return the local count, {@code n}
     * @throws IllegalArgumentException if {@code n} is negative
     * @throws InterruptedException if interrupted while waiting for the semaphore
     */
    public static long countThenAdd(SharedLong counter, SharedSemaphore semaphore, long n) throws InterruptedException {
        requireCount(n);
        Tally mine = new Tally();
        for (long i = 0; i < n; i++) {
            mine.value = mine.value + 1;
        }
        semaphore.acquire();
        try {
            counter.set(counter.get() + mine.value);
        } finally {
            semaphore.release();
        }
        return mine.value;
    }

    private static void requireCount(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("a count must not be negative, got " + n);
        }
    }
}
