package katas.racycounter;

import java.util.concurrent.locks.ReentrantLock;

/** KNOWN WRONG: tryLock() without waiting: when another thread holds the lock, the increment is skipped. */
public final class SynchronizedCounter {

    private final ReentrantLock lock = new ReentrantLock();
    private long value;

    public void increment() {
        if (lock.tryLock()) {
            try {
                value++;
            } finally {
                lock.unlock();
            }
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
