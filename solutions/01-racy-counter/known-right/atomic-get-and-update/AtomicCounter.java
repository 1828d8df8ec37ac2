package katas.racycounter;

import java.util.concurrent.atomic.AtomicLong;

/** KNOWN RIGHT: getAndUpdate with a function, the loop inside the AtomicLong. */
public final class AtomicCounter {

    private final AtomicLong value = new AtomicLong();

    public void increment() {
        value.getAndUpdate(v -> v + 1);
    }

    public long get() {
        return value.get();
    }
}
