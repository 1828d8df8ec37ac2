package katas.racycounter;

/** KNOWN WRONG: each thread locks an object of its own, so the lock excludes nobody. */
public final class SynchronizedCounter {

    private long value;

    public void increment() {
        synchronized (Thread.currentThread()) {
            value++;
        }
    }

    public long get() {
        synchronized (Thread.currentThread()) {
            return value;
        }
    }
}
