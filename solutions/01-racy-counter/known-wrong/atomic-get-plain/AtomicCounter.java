package katas.racycounter;

import java.util.concurrent.atomic.AtomicLong;

/** KNOWN WRONG: get() reads with getPlain(), a plain read with no happens-before edge: a reader may keep an old value. */
public final class AtomicCounter {

    private final AtomicLong value = new AtomicLong();

    public void increment() {
        value.incrementAndGet();
    }

    public long get() {
        return value.getPlain();
    }
}
