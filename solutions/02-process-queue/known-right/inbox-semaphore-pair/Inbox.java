package katas.processqueue;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * KNOWN RIGHT: two semaphores count the free places and the items, around a lock-free ConcurrentLinkedQueue: a putter
 * takes a free place before it adds (so at most capacity items are ever in the queue) and gives an item permit after;
 * a taker takes an item permit (waiting at most its timeout) before it removes, and gives the place back after. The
 * size is an AtomicInteger changed while the place is held, so it never exceeds the capacity either.
 *
 * @param <T> what the inbox holds
 */
public final class Inbox<T> {

    private final ConcurrentLinkedQueue<T> items = new ConcurrentLinkedQueue<>();
    private final Semaphore freePlaces;
    private final Semaphore itemsReady = new Semaphore(0);
    private final AtomicInteger size = new AtomicInteger();

    public Inbox(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("an inbox needs a capacity of 1 or more, got " + capacity);
        }
        freePlaces = new Semaphore(capacity);
    }

    public void put(T item) throws InterruptedException {
        Objects.requireNonNull(item, "an inbox holds no null items");
        freePlaces.acquire();
        items.add(item);
        size.incrementAndGet();
        itemsReady.release();
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
        if (!itemsReady.tryAcquire(nanos, TimeUnit.NANOSECONDS)) {
            return null;
        }
        T item = items.poll();
        size.decrementAndGet();
        freePlaces.release();
        return item;
    }

    public int size() {
        return size.get();
    }
}
