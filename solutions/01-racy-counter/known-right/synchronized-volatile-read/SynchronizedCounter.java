package katas.racycounter;

/**
 * KNOWN RIGHT: the increment under the lock, the field volatile, and get() a plain volatile read without the lock
 * (the volatile write in increment() happens-before every later volatile read of it).
 */
public final class SynchronizedCounter {

    private volatile long value;

    public synchronized void increment() {
        value++;
    }

    public long get() {
        return value;
    }
}
