package katas.processqueue;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * KNOWN RIGHT: a ring buffer (an array, a head and a count) under one ReentrantLock with two Conditions: putters
 * wait on notFull, takers on notEmpty, and each side signals the other's condition, so signal() (not signalAll)
 * always wakes a thread of the right kind.
 *
 * @param <T> what the inbox holds
 */
public final class Inbox<T> {

    private final Object[] ring;
    private int head;
    private int count;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final Condition notEmpty = lock.newCondition();

    public Inbox(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("an inbox needs a capacity of 1 or more, got " + capacity);
        }
        ring = new Object[capacity];
    }

    public void put(T item) throws InterruptedException {
        Objects.requireNonNull(item, "an inbox holds no null items");
        lock.lockInterruptibly();
        try {
            while (count == ring.length) {
                notFull.await();
            }
            ring[(head + count) % ring.length] = item;
            count++;
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
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
        lock.lockInterruptibly();
        try {
            while (count == 0) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            @SuppressWarnings("unchecked")
            T item = (T) ring[head];
            ring[head] = null;
            head = (head + 1) % ring.length;
            count--;
            notFull.signal();
            return item;
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }
}
