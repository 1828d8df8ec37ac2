package katas.racycounter;

/** KNOWN WRONG: the naive counter is "fixed" already with synchronized, so step 2 cannot show the lost update. */
public final class NaiveCounter {

    private volatile long value;

    public synchronized void increment() {
        long seen = value;
        value = seen + 1;
    }

    public long get() {
        return value;
    }
}
