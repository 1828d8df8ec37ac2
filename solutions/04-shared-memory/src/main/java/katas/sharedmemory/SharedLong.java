package katas.sharedmemory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
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

    /** Views a ByteBuffer's bytes as longs; its index is a byte offset. */
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private final ByteBuffer memory;
    private final int offset;

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
        Objects.requireNonNull(segment, "a SharedLong needs a segment, not null");
        if (offset < 0 || offset % Long.BYTES != 0 || offset > segment.size() - Long.BYTES) {
            throw new IllegalArgumentException("offset " + offset + " is not the start of a long in " + segment
                    + ": an offset must be 0 or more, a multiple of 8 (atomic access needs an aligned address), and at"
                    + " most " + (segment.size() - Long.BYTES) + " (8 bytes before the end)");
        }
        this.memory = segment.buffer();
        this.offset = offset;
    }

    /** Reads the value: a real load from the shared memory, every call. */
    public long get() {
        return (long) LONGS.getVolatile(memory, offset);
    }

    /** Writes the value: a real store to the shared memory, every call, visible to every process at once. */
    public void set(long value) {
        LONGS.setVolatile(memory, offset, value);
    }

    /**
     * Atomically sets the value to {@code value} if it is {@code expected}: one indivisible action, across
     * processes too.
     *
     * @return true if the value was {@code expected} and is now {@code value}; false if it was something else
     *         (then it is unchanged)
     */
    public boolean compareAndSet(long expected, long value) {
        return LONGS.compareAndSet(memory, offset, expected, value);
    }

    /**
     * Atomically adds {@code delta}: one indivisible read-modify-write, across processes too.
     *
     * @return the value before the addition
     */
    public long getAndAdd(long delta) {
        return (long) LONGS.getAndAdd(memory, offset, delta);
    }
}
