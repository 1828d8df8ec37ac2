package katas.processqueue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * KNOWN WRONG: put and poll lock different objects, so that a putter and a taker can work at once: but the deque
 * under them is shared without a common lock, and each side waits and notifies on its own lock, so a put never
 * wakes a waiting poll, and a poll never wakes a waiting put.
 *
 * @param <T> what the inbox holds
 */
public final class Inbox<T> {

    private final ArrayDeque<T> items = new ArrayDeque<>();
    private final int capacity;
    private final Object putLock = new Object(); // KNOWN WRONG: two locks over one deque
    private final Object takeLock = new Object();

    public Inbox(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("an inbox needs a capacity of 1 or more, got " + capacity);
        }
        this.capacity = capacity;
    }

    public void put(T item) throws InterruptedException {
        Objects.requireNonNull(item, "an inbox holds no null items");
        synchronized (putLock) {
            while (items.size() >= capacity) {
                putLock.wait();
            }
            items.addLast(item);
            putLock.notifyAll();
        }
    }

    public T poll(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
        }
        synchronized (takeLock) {
            long deadline = System.nanoTime() + nanos(timeout);
            while (items.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                TimeUnit.NANOSECONDS.timedWait(takeLock, left);
            }
            T item = items.removeFirst();
            takeLock.notifyAll();
            return item;
        }
    }

    public int size() {
        return items.size();
    }

    private static long nanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
