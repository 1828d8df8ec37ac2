package katas.racycounter;

import java.util.concurrent.atomic.LongAdder;

/** KNOWN WRONG: makes the LongAdder on first use, with a check-then-act: two threads may each make one, and one is lost. */
public final class AdderCounter {

    private LongAdder value;

    public void increment() {
        if (value == null) {
            value = new LongAdder();
        }
        value.increment();
    }

    public long get() {
        return value == null ? 0 : value.sum();
    }
}
