package katas.processqueue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * KNOWN WRONG: a plain ArrayDeque, no lock. Correct on one thread; shared by several reader threads and the
 * taker it loses, duplicates and corrupts items. (It waits by yielding, with deadlines, so it never hangs a
 * test by itself.)
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

    public void put(T item) throws InterruptedException {
        Objects.requireNonNull(item, "an inbox holds no null items");
        while (items.size() >= capacity) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            Thread.yield();
        }
        items.addLast(item);
    }

    public T poll(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
        }
        long deadline = System.nanoTime() + Math.min(timeout.toMillis(), 1_000_000_000L) * 1_000_000L;
        while (true) {
            T item = items.pollFirst();
            if (item != null || System.nanoTime() - deadline >= 0) {
                return item;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            Thread.yield();
        }
    }

    public int size() {
        return items.size();
    }
}
