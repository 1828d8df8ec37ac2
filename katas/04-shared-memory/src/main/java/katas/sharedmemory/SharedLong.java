package katas.sharedmemory;

import katas.kit.Kata;
import katas.kit.shm.Segment;

/**
 * Steps 1 and 3: one {@code long} in a shared segment, at a fixed offset, as every process that maps the segment sees
 * it. {@link #get()} and {@link #set(long)} (step 1) are each one real load or store (volatile access), so another
 * process sees a write at once; a {@code get()} then a {@code set()} is two actions, and another process can write in
 * between (step 2's race). {@link #compareAndSet} and {@link #getAndAdd} (step 3) are one indivisible read-modify-write,
 * atomic across processes too (the processor's atomic instruction works on the physical memory every process maps),
 * through a {@link VarHandle} on the mapped bytes. Any number of threads and processes may use one at once.
 */
public final class SharedLong {

    /**
     * The {@code long} at byte {@code offset} of {@code segment}'s data.
     *
     * @throws NullPointerException if {@code segment} is null
     * @throws IllegalArgumentException if {@code offset} is negative, not a multiple of 8 (atomic access needs an
     *         aligned address), or leaves no room for 8 bytes before the end of the segment: the message names the
     *         offset and the problem
     * @throws IllegalStateException if {@code segment} is closed
     */
    public SharedLong(Segment segment, int offset) {
        // TODO step 1: refuse a null segment and a bad offset (IllegalArgumentException naming the offset and the
        //  problem); keep segment.buffer() and the offset. A static final VarHandle from
        //  MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder()) reads and writes the buffer.
        throw Kata.todo("new SharedLong: check the offset (0 or more, a multiple of 8, room for 8 bytes), keep the"
                + " segment's buffer");
    }

    /** Reads the value: a real load from the shared memory, every call. */
    public long get() {
        // TODO step 1: a volatile read through the VarHandle.
        throw Kata.todo("SharedLong.get: read the long at the offset with the VarHandle's getVolatile");
    }

    /** Writes the value: a real store to the shared memory, every call, visible to every process at once. */
    public void set(long value) {
        // TODO step 1
        throw Kata.todo("SharedLong.set: write the long at the offset with the VarHandle's setVolatile");
    }

    /**
     * Atomically sets the value to {@code value} if it is {@code expected}: one indivisible action, across
     * processes too.
     *
     * @return true if the value was {@code expected} and is now {@code value}; false if it was something else
     *         (then it is unchanged)
     */
    public boolean compareAndSet(long expected, long value) {
        // TODO step 3: one atomic action, the VarHandle's own.
        throw Kata.todo("SharedLong.compareAndSet: the VarHandle's compareAndSet, one atomic action");
    }

    /**
     * Atomically adds {@code delta}: one indivisible read-modify-write, across processes too.
     *
     * @return the value before the addition
     */
    public long getAndAdd(long delta) {
        // TODO step 3
        throw Kata.todo("SharedLong.getAndAdd: the VarHandle's getAndAdd, one atomic action");
    }
}
