package katas.sharedmemory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import katas.kit.shm.Segment;

/**
 * Steps 1 and 3: one {@code long} in a shared segment, at a fixed offset, read and written the way every process
 * that maps the segment sees it. Two kinds of access:
 * <ul>
 *   <li>{@link #get()} and {@link #set(long)} (step 1): one read, one write. Each is a real load or store of memory
 *       on every call (volatile access), so another process sees a write at once and a loop re-reads on every turn.
 *       A {@code get()} followed by a {@code set()} is two actions, not one: another process can write in between
 *       (step 2's race).</li>
 *   <li>{@link #compareAndSet} and {@link #getAndAdd} (step 3): one indivisible read-modify-write, atomic across
 *       processes too, because the processor's atomic instruction works on the physical memory that every process
 *       maps.</li>
 * </ul>
 * The access goes through a {@link VarHandle} that views the segment's bytes as {@code long}s:
 * {@code MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder())}, the JDK 17 way to read and
 * write a mapped buffer atomically.
 *
 * <p>Concurrency: any number of threads and processes may use the same {@code long} at once; that is what it is for.
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
        long seen;
        do {
            seen = get();
        } while (!compareAndSet(seen, seen + delta)); // retry when another process changed it in between
        return seen;
    }
}
