package katas.racycounter;

/** KNOWN WRONG: the read and the write each take the lock, but separately: another thread can get in between. */
public final class SynchronizedCounter {

    private long value;

    public void increment() {
        long seen;
        synchronized (this) {
            seen = value;
        }
        synchronized (this) {
            value = seen + 1;
        }
    }

    public synchronized long get() {
        return value;
    }
}
