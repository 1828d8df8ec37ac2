package katas.racycounter;

/** KNOWN WRONG: increment() locks this, get() locks another object: no happens-before edge between writer and reader. */
public final class SynchronizedCounter {

    private final Object readLock = new Object();
    private long value;

    public synchronized void increment() {
        value++;
    }

    public long get() {
        synchronized (readLock) {
            return value;
        }
    }
}
