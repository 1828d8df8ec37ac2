package katas.processqueue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * KNOWN WRONG: putters and takers wait on one monitor, but put and poll wake only one waiter (notify): it may be
 * a waiter of the wrong kind (a putter woken by a putter), which waits again, and the thread that could go on is never
 * woken: a lost wakeup.
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
        notify(); // KNOWN WRONG: may wake another putter instead of a taker
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
        notify(); // KNOWN WRONG: may wake another taker instead of a putter
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
