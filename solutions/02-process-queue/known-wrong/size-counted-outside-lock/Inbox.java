package katas.processqueue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * KNOWN WRONG: the inbox keeps its own count of items for size(), updated after the lock is released: count++ and
 * count-- of threads at the same moment lose updates, and size() drifts from what the inbox holds.
 *
 * @param <T> what the inbox holds
 */
public final class Inbox<T> {

    private final ArrayDeque<T> items = new ArrayDeque<>();
    private final int capacity;
    private volatile int count; // KNOWN WRONG: volatile does not make ++ and -- atomic

    public Inbox(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("an inbox needs a capacity of 1 or more, got " + capacity);
        }
        this.capacity = capacity;
    }

    public void put(T item) throws InterruptedException {
        Objects.requireNonNull(item, "an inbox holds no null items");
        synchronized (this) {
            while (items.size() >= capacity) {
                wait();
            }
            items.addLast(item);
            notifyAll();
        }
        count++; // KNOWN WRONG: outside the lock
    }

    public T poll(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
        }
        T item;
        synchronized (this) {
            long deadline = System.nanoTime() + nanos(timeout);
            while (items.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            item = items.removeFirst();
            notifyAll();
        }
        count--; // KNOWN WRONG: outside the lock
        return item;
    }

    public int size() {
        return count;
    }

    private static long nanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
