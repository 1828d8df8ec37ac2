package katas.processqueue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * KNOWN WRONG: poll waits once: when it is woken it does not check again until its deadline, it returns what is
 * there, null if another poller took the item first (or the wakeup was spurious), long before its timeout.
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
        if (items.isEmpty()) { // KNOWN WRONG: if, not while: one wait, then whatever is there
            TimeUnit.NANOSECONDS.timedWait(this, nanos(timeout));
        }
        T item = items.pollFirst();
        if (item == null) {
            return null;
        }
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
