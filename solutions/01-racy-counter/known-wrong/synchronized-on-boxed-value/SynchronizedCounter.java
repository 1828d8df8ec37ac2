package katas.racycounter;

/** KNOWN WRONG: locks the boxed Long in the field, but value++ puts a new Long there: threads lock different objects. */
public final class SynchronizedCounter {

    private Long value = 0L;

    public void increment() {
        synchronized (value) {
            value++;
        }
    }

    public long get() {
        synchronized (value) {
            return value;
        }
    }
}
