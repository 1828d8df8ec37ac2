package katas.racycounter;

import java.util.concurrent.locks.ReentrantLock;

/** KNOWN WRONG: increment() takes a ReentrantLock and never releases it: on one thread it works, a second thread waits forever. */
public final class SynchronizedCounter {

    private final ReentrantLock lock = new ReentrantLock();
    private long value;

    public void increment() {
        lock.lock();
        value++;
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
