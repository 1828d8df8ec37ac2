package katas.racycounter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** KNOWN RIGHT: a volatile long field and a VarHandle's getAndAdd, the atomic read-modify-write without AtomicLong. */
public final class AtomicCounter {

    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(AtomicCounter.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile long value;

    public void increment() {
        VALUE.getAndAdd(this, 1L);
    }

    public long get() {
        return value;
    }
}
