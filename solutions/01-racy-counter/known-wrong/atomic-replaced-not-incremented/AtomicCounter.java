package katas.racycounter;

import java.util.concurrent.atomic.AtomicLong;

/** KNOWN WRONG: puts a new AtomicLong holding value + 1 in the field instead of incrementing the one there. */
public final class AtomicCounter {

    private AtomicLong value = new AtomicLong();

    public void increment() {
        value = new AtomicLong(value.get() + 1);
    }

    public long get() {
        return value.get();
    }
}
