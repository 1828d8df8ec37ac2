package katas.racycounter;

import java.util.concurrent.atomic.AtomicLong;

/** KNOWN RIGHT: a compareAndSet retry loop that reads the value again before every try. */
public final class AtomicCounter {

    private final AtomicLong value = new AtomicLong();

    public void increment() {
        long seen;
        do {
            seen = value.get();
        } while (!value.compareAndSet(seen, seen + 1));
    }

    public long get() {
        return value.get();
    }
}
