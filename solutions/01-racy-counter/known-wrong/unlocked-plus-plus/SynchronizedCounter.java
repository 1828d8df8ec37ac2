package katas.racycounter;

/** KNOWN WRONG: no lock at all; value++ is a read, an add and a write, and two threads can read the same value. */
public final class SynchronizedCounter {

    private long value;

    public void increment() {
        value++;
    }

    public long get() {
        return value;
    }
}
