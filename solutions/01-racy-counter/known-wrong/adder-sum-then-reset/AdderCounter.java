package katas.racycounter;

import java.util.concurrent.atomic.LongAdder;

/** KNOWN WRONG: get() returns sumThenReset(): each read empties the adder. */
public final class AdderCounter {

    private final LongAdder value = new LongAdder();

    public void increment() {
        value.increment();
    }

    public long get() {
        return value.sumThenReset();
    }
}
