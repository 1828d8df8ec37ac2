package katas.sharedmemory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * Step 4: a semaphore of one permit that lives in a shared segment, for processes: the analogue of Python's
 * {@code multiprocessing.Semaphore(1)}, which Java does not have. It is one {@link SharedLong}, the <em>word</em>:
 * {@code 0} while the permit is free, the holder's pid while it is taken. Taking is one compare-and-set
 * {@code 0 -> my pid} (of two processes, exactly one wins); releasing is {@code my pid -> 0}, which fails when this
 * process does not hold it. The pid tells a waiter whether the holder died holding it. A waiter spins a little, then
 * parks for a pause that doubles up to a millisecond. The permit belongs to a process, not a thread.
 */
public final class SharedSemaphore {

    private static final long FREE = 0;
    private static final long ME = ProcessHandle.current().pid();
    /** Tries before the first pause: a permit held for a short critical section is usually back by then. */
    private static final int SPINS = 100;
    /** The longest pause between tries, in nanoseconds: a released permit waits at most about this long. */
    private static final long MAX_PAUSE_NANOS = 1_000_000;

    private final SharedLong word;

    /**
     * The semaphore whose word is {@code word}: every process must use the same offset of the same segment.
     *
     * @throws NullPointerException if {@code word} is null
     */
    public SharedSemaphore(SharedLong word) {
        this.word = Objects.requireNonNull(word, "a SharedSemaphore needs its word, a SharedLong, not null");
    }

    /**
     * Takes the permit, waiting as long as another process holds it.
     *
     * @throws IllegalStateException if the holder's process is gone: it died holding the permit (the message names
     *         its pid)
     * @throws InterruptedException if this thread is interrupted while waiting
     */
    public void acquire() throws InterruptedException {
        acquire(Long.MAX_VALUE);
    }

    /**
     * Takes the permit if it is free or becomes free within {@code timeout}.
     *
     * @return true if this process now holds the permit, false if the timeout passed first
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws IllegalStateException if the holder's process is gone: it died holding the permit (the message names
     *         its pid); thrown as soon as the waiter notices, not at the end of the timeout
     * @throws InterruptedException if this thread is interrupted while waiting
     */
    public boolean tryAcquire(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "tryAcquire needs a timeout, not null");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("tryAcquire's timeout must not be negative, got " + timeout);
        }
        long nanos = timeout.toNanos() == Long.MAX_VALUE ? Long.MAX_VALUE - 1 : timeout.toNanos();
        return acquire(nanos);
    }

    private boolean acquire(long nanos) throws InterruptedException {
        if (word.compareAndSet(FREE, ME)) {
            return true; // free at once: no clock to read, no wait
        }
        long start = System.nanoTime();
        long pause = 1_000;
        for (int tries = 1; ; tries++) {
            if (word.compareAndSet(FREE, ME)) {
                return true;
            }
            if (tries <= SPINS) {
                Thread.onSpinWait();
                continue;
            }
            long holder = word.get();
            if (holder != FREE
                    && !ProcessHandle.of(holder).map(ProcessHandle::isAlive).orElse(false)) {
                throw new IllegalStateException("the semaphore's holder, pid " + holder + ", is gone: it died holding"
                        + " the permit, and no one will release it now");
            }
            long left = nanos == Long.MAX_VALUE ? Long.MAX_VALUE : nanos - (System.nanoTime() - start);
            if (left <= 0) {
                return false;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for the semaphore held by pid " + holder);
            }
            LockSupport.parkNanos(Math.min(pause, left));
            pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
        }
    }

    /**
     * Gives the permit back.
     *
     * @throws IllegalStateException if this process does not hold it (release without acquire): the word is left
     *         as it was
     */
    public void release() {
        if (!word.compareAndSet(ME, FREE)) {
            long holder = word.get();
            throw new IllegalStateException("release without acquire: this process (pid " + ME + ") does not hold"
                    + " the semaphore, " + (holder == FREE ? "it is free" : "pid " + holder + " holds it"));
        }
    }
}
