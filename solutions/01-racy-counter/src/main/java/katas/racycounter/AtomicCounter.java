package katas.racycounter;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Step 4: the second fix, without a lock. {@link java.util.concurrent.atomic.AtomicLong} does the
 * read-modify-write as one atomic instruction of the processor (compare-and-swap, or lock xadd on x86).
 */
public final class AtomicCounter {

    private final AtomicLong value = new AtomicLong();

    /** Adds one, atomically. */
    public void increment() {
        value.incrementAndGet();
    }

    /** The current value. */
    public long get() {
        return value.get();
    }
}
