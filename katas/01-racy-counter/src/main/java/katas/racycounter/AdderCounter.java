package katas.racycounter;

import katas.kit.Kata;

/**
 * Step 5: the third fix, built for many writers. {@link java.util.concurrent.atomic.LongAdder} spreads
 * the count over several cells when threads collide, and adds the cells up when asked for the sum.
 */
public final class AdderCounter {

    /** Adds one, atomically. */
    public void increment() {
        // TODO step 5: keep a LongAdder in a final field and add one to it.
        throw Kata.todo("AdderCounter.increment: add one to a LongAdder");
    }

    /** The current value: exact once every increment has finished. */
    public long get() {
        // TODO step 5
        throw Kata.todo("AdderCounter.get: return the LongAdder's sum");
    }
}
