package katas.racycounter;

/** KNOWN WRONG: the read happens outside the lock, so two threads can read the same value. */
public final class SynchronizedCounter {

    private volatile long value;

    public void increment() {
        long seen = value;
        synchronized (this) {
            value = seen + 1;
        }
    }

    public synchronized long get() {
        return value;
    }
}
