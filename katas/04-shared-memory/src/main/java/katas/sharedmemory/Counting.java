package katas.sharedmemory;

import katas.kit.Kata;

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
        // TODO step 2: refuse a negative n; then n times: read with get(), write that plus one with set().
        throw Kata.todo("Counting.plain: add one n times, as a read (get) and a separate write (set), no lock");
    }

    /**
     * Adds one to {@code counter}, {@code n} times, each increment (read, then write) under {@code semaphore}.
     *
     * @throws IllegalArgumentException if {@code n} is negative
     * @throws InterruptedException if interrupted while waiting for the semaphore
     */
    public static void lockedEach(SharedLong counter, SharedSemaphore semaphore, long n) throws InterruptedException {
        // TODO step 5: n times: acquire, add one (get, then set), release in a finally.
        throw Kata.todo("Counting.lockedEach: each increment between semaphore.acquire() and release()");
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
        // TODO step 5: count to n on a new Tally (mine.value = mine.value + 1), then add mine.value to the counter
        //  once, while holding the semaphore; return the count.
        throw Kata.todo("Counting.countThenAdd: count on a local Tally, then add it once under the semaphore");
    }
}
