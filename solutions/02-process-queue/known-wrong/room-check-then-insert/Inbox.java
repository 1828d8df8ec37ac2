package katas.processqueue;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * KNOWN WRONG: a thread-safe queue with no bound of its own, and the bound checked by hand: put first looks for room,
 * then inserts, in two steps. Two putters can both see the last free place, and both insert: the inbox holds more
 * than its capacity. Nothing is lost or reordered, so only a test of the bound with several putters catches it.
 *
 * @param <T> what the inbox holds
 */
public final class Inbox<T> {

    private final LinkedBlockingQueue<T> items = new LinkedBlockingQueue<>();
    private final int capacity;

    public Inbox(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("an inbox needs a capacity of 1 or more, got " + capacity);
        }
        this.capacity = capacity;
    }

    public void put(T item) throws InterruptedException {
        Objects.requireNonNull(item, "an inbox holds no null items");
        while (items.size() >= capacity) { // check for room ...
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            Thread.yield();
        }
        items.put(item); // ... then insert: another putter may have taken that room in between
    }

    public T poll(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
        }
        long nanos;
        try {
            nanos = timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            nanos = Long.MAX_VALUE;
        }
        return items.poll(nanos, TimeUnit.NANOSECONDS);
    }

    public int size() {
        return items.size();
    }
}
