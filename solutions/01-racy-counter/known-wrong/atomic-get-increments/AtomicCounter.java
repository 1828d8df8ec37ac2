package katas.racycounter;

import java.util.concurrent.atomic.AtomicLong;

/** KNOWN WRONG: get() calls getAndIncrement() (the method the IDE offered first): every read adds one. */
public final class AtomicCounter {

    private final AtomicLong value = new AtomicLong();

    public void increment() {
        value.incrementAndGet();
    }

    public long get() {
        return value.getAndIncrement();
    }
}
