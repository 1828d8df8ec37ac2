package katas.racycounter;

import java.util.concurrent.atomic.AtomicLong;

/** KNOWN WRONG: an AtomicLong, but read with get() and written with set(): two atomic steps are not one. */
public final class AtomicCounter {

    private final AtomicLong value = new AtomicLong();

    public void increment() {
        value.set(value.get() + 1);
    }

    public long get() {
        return value.get();
    }
}
