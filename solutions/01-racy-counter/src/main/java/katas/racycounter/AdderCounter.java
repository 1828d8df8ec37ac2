package katas.racycounter;

import java.util.concurrent.atomic.LongAdder;

/**
 * Step 5: the third fix, built for many writers. {@link java.util.concurrent.atomic.LongAdder} spreads
 * the count over several cells when threads collide, and adds the cells up when asked for the sum.
 */
public final class AdderCounter {

    private final LongAdder value = new LongAdder();

    /** Adds one, atomically. */
    public void increment() {
        value.increment();
    }

    /** The current value: exact once every increment has finished. */
    public long get() {
        return value.sum();
    }
}
