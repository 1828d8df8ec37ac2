package katas.processqueue;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import katas.kit.Kata;

/**
 * Steps 5 and 6, the lesson's program, in Java:
 * <pre>{@code
 * q = Queue(); workers = [Process(target=worker, args=(q,)) for _ in range(N)]; for w in workers: w.start()
 * total = sum of q.get() until every worker's sentinel   # drain first ...
 * for w in workers: w.join()                             # ... then join
 * }</pre>
 * Each call uses its own queue and children; calls from several threads do not interfere.
 */
public final class Lesson {

    /** The inbox capacity of the lesson's queue. */
    public static final int QUEUE_CAPACITY = 1024;

    private Lesson() {}

    /**
     * The lesson: {@code workers} {@link CountingWorker} processes each count to {@code each}; returns the sum
     * of their results.
     *
     * @throws IllegalArgumentException if {@code workers < 1} or {@code each < 0}
     * @throws Exception as {@link #sumFromWorkers}
     */
    public static long countWithWorkers(int workers, long each, Duration timeout) throws Exception {
        if (each < 0) {
            throw new IllegalArgumentException("each worker counts to 0 or more, not " + each);
        }
        return sumFromWorkers(workers, CountingWorker.class, timeout, Long.toString(each));
    }

    /**
     * Opens a {@link ProcessQueue} of {@link #QUEUE_CAPACITY}; starts {@code workers} child JVMs running
     * {@code workerMain} with arguments {@code <socket path> <name> <extraArgs...>}, named {@code worker-1} ...
     * {@code worker-N}, with {@link ProcessQueue#startWorker}; takes messages until it has the end marker of
     * <em>every</em> worker, adding up their values; only then joins the workers (each must succeed). Closes
     * the queue and every child, also when it fails.
     *
     * @param workers    how many worker processes; 1 or more
     * @param workerMain the workers' main class (it puts longs on the queue, then its end marker)
     * @param timeout    the time for everything together
     * @param extraArgs  arguments after the socket path and the name
     * @return the sum of every value every worker put
     * @throws IllegalArgumentException if {@code workers < 1} or {@code timeout} is not positive
     * @throws NullPointerException if an argument is null
     * @throws java.util.concurrent.TimeoutException if it all took longer than {@code timeout}
     * @throws QueueException if a worker died before its end marker (naming it and its exit code)
     * @throws katas.kit.process.ChildProcessFailedException if a worker exited with a code other than 0
     */
    public static long sumFromWorkers(int workers, Class<?> workerMain, Duration timeout, String... extraArgs)
            throws Exception {
        if (workers < 1) {
            throw new IllegalArgumentException("the lesson needs 1 worker or more, got " + workers);
        }
        Objects.requireNonNull(workerMain, "the workers' main class must not be null");
        Objects.requireNonNull(timeout, "timeout must not be null");
        Objects.requireNonNull(extraArgs, "extraArgs must not be null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        // TODO step 6: open a queue of QUEUE_CAPACITY; start the workers with queue.startWorker; take until you
        //  hold the end marker of every worker (count them by name), adding up the values; then join them.
        // TODO step 7: mind the order: a worker cannot finish while its output waits in a full socket.
        // One deadline for all of it: each wait gets what is left (left(deadline, timeout)).
        throw Kata.todo("Lesson.sumFromWorkers: start the workers, drain until every end marker, then join");
    }

    /**
     * What is left until {@code deadline} (a {@link System#nanoTime()}), for the next wait. Given.
     *
     * @throws TimeoutException if nothing is left: the whole run took longer than {@code timeout}
     */
    private static Duration left(long deadline, Duration timeout) throws TimeoutException {
        long nanos = deadline - System.nanoTime();
        if (nanos <= 0) {
            throw new TimeoutException("the lesson did not finish within " + timeout.toMillis() + " ms");
        }
        return Duration.ofNanos(nanos);
    }
}
