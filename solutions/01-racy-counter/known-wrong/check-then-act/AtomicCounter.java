package katas.racycounter;

import java.util.concurrent.atomic.AtomicLong;

/** KNOWN WRONG: reads, then acts on what it read; when another thread got there first, the increment is dropped. */
public final class AtomicCounter {

    private final AtomicLong value = new AtomicLong();

    public void increment() {
        long seen = value.get();
        value.compareAndSet(seen, seen + 1); // no retry: a failed CAS loses this increment
    }

    public long get() {
        return value.get();
    }
}
