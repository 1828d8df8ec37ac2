package katas.processqueue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * KNOWN WRONG: poll waits with wait(), no time limit: on an empty inbox it waits until a put wakes it, forever if
 * none comes, whatever its timeout says.
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
        items.addLast(item);
        notifyAll();
    }

    public synchronized T poll(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
        }
        if (items.isEmpty() && timeout.isZero()) {
            return null;
        }
        while (items.isEmpty()) {
            wait(); // KNOWN WRONG: no time limit (wait(0)): the timeout is never looked at
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
