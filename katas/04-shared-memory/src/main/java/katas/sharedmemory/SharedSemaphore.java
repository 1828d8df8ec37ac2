package katas.sharedmemory;

import java.time.Duration;
import katas.kit.Kata;

/**
 * Step 4: a semaphore of one permit that lives in a shared segment, for processes: the analogue of Python's
 * {@code multiprocessing.Semaphore(1)}, which Java does not have. It is one {@link SharedLong}, the <em>word</em>:
 * {@code 0} while the permit is free, the holder's pid while it is taken. Taking is one compare-and-set
 * {@code 0 -> my pid} (of two processes, exactly one wins); releasing is {@code my pid -> 0}, which fails when this
 * process does not hold it. The pid tells a waiter whether the holder died holding it. A waiter spins a little, then
 * parks for a pause that doubles up to a millisecond. The permit belongs to a process, not a thread.
 */
public final class SharedSemaphore {

    /**
     * The semaphore whose word is {@code word}: every process must use the same offset of the same segment.
     *
     * @throws NullPointerException if {@code word} is null
     */
    public SharedSemaphore(SharedLong word) {
        // TODO step 4: keep the word (refuse null).
        throw Kata.todo("new SharedSemaphore: keep its word, a SharedLong (0: free, else the holder's pid)");
    }

    /**
     * Takes the permit, waiting as long as another process holds it.
     *
     * @throws IllegalStateException if the holder's process is gone: it died holding the permit (the message names
     *         its pid)
     * @throws InterruptedException if this thread is interrupted while waiting
     */
    public void acquire() throws InterruptedException {
        // TODO step 4: like tryAcquire, without a deadline.
        throw Kata.todo("SharedSemaphore.acquire: wait for the permit (no deadline), fail if its holder died");
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
        // TODO step 4: compareAndSet(0, this process's pid) until it succeeds or the time is up. Spin a little
        //  (Thread.onSpinWait), then park (LockSupport.parkNanos) for a pause that doubles up to about 1 ms. While
        //  waiting, if the pid in the word is no longer a live process (ProcessHandle.of), throw an
        //  IllegalStateException naming that pid and saying it is gone.
        throw Kata.todo("SharedSemaphore.tryAcquire: compareAndSet(0, my pid) until it works or the time is up;"
                + " spin, then back off; fail if the holder is gone");
    }

    /**
     * Gives the permit back.
     *
     * @throws IllegalStateException if this process does not hold it (release without acquire): the word is left
     *         as it was
     */
    public void release() {
        // TODO step 4: compareAndSet(this process's pid, 0); if that fails, this process does not hold it.
        throw Kata.todo("SharedSemaphore.release: compareAndSet(my pid, 0), an IllegalStateException if not held");
    }
}
