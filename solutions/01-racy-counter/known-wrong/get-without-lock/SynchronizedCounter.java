package katas.racycounter;

/** KNOWN WRONG: the increment takes the lock, but get() reads without it, so it may keep seeing an old value. */
public final class SynchronizedCounter {

    private long value;

    public synchronized void increment() {
        value++;
    }

    public long get() {
        return value;
    }
}
