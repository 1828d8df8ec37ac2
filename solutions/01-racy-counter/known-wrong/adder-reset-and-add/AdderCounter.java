package katas.racycounter;

import java.util.concurrent.atomic.LongAdder;

/** KNOWN WRONG: treats the LongAdder as a variable: reads sum(), resets it, adds sum + 1 back. A read and a separate write. */
public final class AdderCounter {

    private final LongAdder value = new LongAdder();

    public void increment() {
        long seen = value.sum();
        value.reset();
        value.add(seen + 1);
    }

    public long get() {
        return value.sum();
    }
}
