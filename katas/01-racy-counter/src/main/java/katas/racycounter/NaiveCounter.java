package katas.racycounter;

import katas.kit.Kata;

/**
 * Step 2: the counter of the lesson, shared by threads with no protection at all. It loses updates:
 * that is its job here. It is correct on one thread, and correct again when no other thread touches it
 * (step 6 uses it that way).
 */
public final class NaiveCounter {

    // volatile, so that every increment really loads the value from memory and really stores it back.
    // Without it the JIT may keep the value in a register and fold a counting loop into one add,
    // which hides the race (or shows it only by accident). volatile does NOT make the increment atomic.
    private volatile long value;

    /** Adds one: reads the value, then writes the value plus one. Not atomic. */
    public void increment() {
        // TODO step 2: read `value` into a local variable, then write that local plus one back:
        //  two separate steps, with no lock and no atomic class.
        throw Kata.todo("NaiveCounter.increment: read the value, then write value + 1 back (two steps, no lock)");
    }

    /** The current value. */
    public long get() {
        // TODO step 2
        throw Kata.todo("NaiveCounter.get: return the value");
    }
}
