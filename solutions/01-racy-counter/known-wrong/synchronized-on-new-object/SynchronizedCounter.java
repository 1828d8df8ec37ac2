package katas.racycounter;

/** KNOWN WRONG: every call locks an object of its own, made on the spot, so no two calls ever exclude each other. */
public final class SynchronizedCounter {

    private long value;

    public void increment() {
        synchronized (new Object()) {
            value++;
        }
    }

    public long get() {
        synchronized (new Object()) {
            return value;
        }
    }
}
