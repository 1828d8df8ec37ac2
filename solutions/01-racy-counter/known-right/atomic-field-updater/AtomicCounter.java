package katas.racycounter;

import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/** KNOWN RIGHT: an AtomicLongFieldUpdater on a volatile long field. */
public final class AtomicCounter {

    private static final AtomicLongFieldUpdater<AtomicCounter> VALUE =
            AtomicLongFieldUpdater.newUpdater(AtomicCounter.class, "value");

    private volatile long value;

    public void increment() {
        VALUE.incrementAndGet(this);
    }

    public long get() {
        return VALUE.get(this);
    }
}
