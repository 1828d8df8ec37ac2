package katas.processqueue;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Step 3: the inbox of the parent's queue. Every producer's connection has a reader thread of its own in the parent,
 * and they all put into this one inbox while the parent's main thread takes from it: several threads, one data
 * structure, so it must be thread-safe (any number of threads may call {@link #put} and {@link #poll} at once). It is
 * also <em>bounded</em>: when the parent does not take, it fills, the readers stop reading, the socket buffers fill,
 * and the producers wait. That back-pressure is what makes step 6's deadlock.
 *
 * @param <T> what the inbox holds
 */
public final class Inbox<T> {

    private final BlockingQueue<T> items;

    /**
     * @param capacity how many items the inbox holds at most; 1 or more
     * @throws IllegalArgumentException if {@code capacity} is less than 1
     */
    public Inbox(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("an inbox needs a capacity of 1 or more, got " + capacity);
        }
        this.items = new ArrayBlockingQueue<>(capacity);
    }

    /**
     * Adds {@code item} at the end, waiting while the inbox is full.
     *
     * @throws NullPointerException if {@code item} is null
     * @throws InterruptedException if interrupted while waiting
     */
    public void put(T item) throws InterruptedException {
        items.put(Objects.requireNonNull(item, "an inbox holds no null items"));
    }

    /**
     * Removes and returns the oldest item, waiting up to {@code timeout} for one to arrive.
     *
     * @param timeout how long to wait at most; zero means do not wait
     * @return the oldest item, or {@code null} if none arrived in time
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws InterruptedException if interrupted while waiting
     */
    public T poll(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
        }
        return items.poll(saturatedNanos(timeout), TimeUnit.NANOSECONDS);
    }

    /** How many items are in the inbox now. */
    public int size() {
        return items.size();
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
