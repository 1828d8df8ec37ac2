package katas.racycounter;

import katas.kit.Kata;

/**
 * Step 4: the second fix, without a lock. {@link java.util.concurrent.atomic.AtomicLong} does the
 * read-modify-write as one atomic instruction of the processor (compare-and-swap, or lock xadd on x86).
 */
public final class AtomicCounter {

    /** Adds one, atomically. */
    public void increment() {
        // TODO step 4: keep an AtomicLong in a final field and increment it with one atomic call.
        throw Kata.todo("AtomicCounter.increment: increment an AtomicLong with one atomic call");
    }

    /** The current value. */
    public long get() {
        // TODO step 4
        throw Kata.todo("AtomicCounter.get: return the AtomicLong's value");
    }
}
