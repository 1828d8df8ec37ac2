package katas.racycounter;

import java.util.concurrent.atomic.AtomicLong;

/** KNOWN WRONG: a compareAndSet retry loop that reads the value once, before the loop: once it fails it fails for ever. */
public final class AtomicCounter {

    private final AtomicLong value = new AtomicLong();

    public void increment() {
        long seen = value.get();
        while (!value.compareAndSet(seen, seen + 1)) {
            // retry
        }
    }

    public long get() {
        return value.get();
    }
}
