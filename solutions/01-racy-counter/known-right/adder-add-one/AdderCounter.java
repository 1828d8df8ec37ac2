package katas.racycounter;

import java.util.concurrent.atomic.LongAdder;

/** KNOWN RIGHT: add(1) and longValue(), which are increment() and sum() by other names. */
public final class AdderCounter {

    private final LongAdder value = new LongAdder();

    public void increment() {
        value.add(1);
    }

    public long get() {
        return value.longValue();
    }
}
