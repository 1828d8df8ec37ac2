package katas.processqueue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * KNOWN WRONG: push and poll on a Deque: push adds at the head and pollFirst takes from the head, so the newest
 * item comes out first (a stack, not a queue).
 *
 * @param <T> what the inbox holds
 */
public final class Inbox<T> {

    private final ArrayDeque<T> items = new ArrayDeque<>();
    private final int capacity;

    public Inbox(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("an inbox needs a capacity of 1 or more, got " + capacity);
        }
        this.capacity = capacity;
    }

    public synchronized void put(T item) throws InterruptedException {
        Objects.requireNonNull(item, "an inbox holds no null items");
        while (items.size() >= capacity) {
            wait();
        }
        items.push(item); // KNOWN WRONG: push is addFirst
        notifyAll();
    }

    public synchronized T poll(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
        }
        long deadline = System.nanoTime() + nanos(timeout);
        while (items.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        T item = items.removeFirst();
        notifyAll();
        return item;
    }

    public synchronized int size() {
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
