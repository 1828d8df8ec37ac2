package katas.racycounter;

import java.util.concurrent.locks.ReentrantLock;

/** KNOWN RIGHT: a ReentrantLock instead of synchronized, taken by both methods and released in finally. */
public final class SynchronizedCounter {

    private final ReentrantLock lock = new ReentrantLock();
    private long value;

    public void increment() {
        lock.lock();
        try {
            value++;
        } finally {
            lock.unlock();
        }
    }

    public long get() {
        lock.lock();
        try {
            return value;
        } finally {
            lock.unlock();
        }
    }
}
