package katas.racycounter;

import katas.kit.Kata;

/**
 * Step 3: the first fix. A lock makes the read-modify-write one indivisible step: while one thread holds
 * it, no other thread can read or write the value through this counter.
 */
public final class SynchronizedCounter {

    private long value;

    /** Adds one, atomically, under this counter's lock. */
    public void increment() {
        // TODO step 3: make the whole read-modify-write run under one lock that every thread shares.
        throw Kata.todo("SynchronizedCounter.increment: add one while holding this counter's lock");
    }

    /** The current value (taking the same lock, so the latest value is visible). */
    public long get() {
        // TODO step 3
        throw Kata.todo("SynchronizedCounter.get: read the value under the same lock");
    }
}
