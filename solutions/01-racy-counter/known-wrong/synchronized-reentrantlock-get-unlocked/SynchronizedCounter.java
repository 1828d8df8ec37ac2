package katas.racycounter;

import java.util.concurrent.locks.ReentrantLock;

/** KNOWN WRONG: increment() holds a ReentrantLock, get() reads the plain field without it: no happens-before edge to the reader. */
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
        return value; // "reading a long is cheap, no lock needed"
    }
}
