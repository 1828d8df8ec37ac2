package katas.racycounter;

/** KNOWN WRONG: value = seen++ writes back the old value (the post-increment adds one to the local afterwards). */
public final class NaiveCounter {

    private volatile long value;

    public void increment() {
        long seen = value;
        value = seen++;
    }

    public long get() {
        return value;
    }
}
