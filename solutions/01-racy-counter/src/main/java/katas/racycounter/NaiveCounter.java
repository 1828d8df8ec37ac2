package katas.racycounter;

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
        long seen = value; // another thread may write between this read...
        value = seen + 1; // ...and this write: its increment is then overwritten, lost
    }

    /** The current value. */
    public long get() {
        return value;
    }
}
