package katas.racycounter;

/**
 * Step 3: the first fix. A lock makes the read-modify-write one indivisible step: while one thread holds
 * it, no other thread can read or write the value through this counter.
 */
public final class SynchronizedCounter {

    private long value;

    /** Adds one, atomically, under this counter's lock. */
    public synchronized void increment() {
        value++;
    }

    /** The current value (taking the same lock, so the latest value is visible). */
    public synchronized long get() {
        return value;
    }
}
