package katas.racycounter;

/** KNOWN WRONG: get() was copied from increment(): it reads, writes the value plus one, and returns what it read. */
public final class NaiveCounter {

    private volatile long value;

    public void increment() {
        long seen = value;
        value = seen + 1;
    }

    public long get() {
        long seen = value;
        value = seen + 1;
        return seen;
    }
}
