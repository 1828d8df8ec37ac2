package katas.racycounter;

/** KNOWN RIGHT: synchronized on a private final lock object that no caller can lock too. */
public final class SynchronizedCounter {

    private final Object lock = new Object();
    private long value;

    public void increment() {
        synchronized (lock) {
            value++;
        }
    }

    public long get() {
        synchronized (lock) {
            return value;
        }
    }
}
