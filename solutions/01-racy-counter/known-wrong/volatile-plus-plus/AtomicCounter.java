package katas.racycounter;

/** KNOWN WRONG: volatile makes every read and write visible, but value++ is still a read, then a write. */
public final class AtomicCounter {

    private volatile long value;

    public void increment() {
        value++;
    }

    public long get() {
        return value;
    }
}
