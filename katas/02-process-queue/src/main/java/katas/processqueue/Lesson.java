package katas.processqueue;

import java.time.Duration;
import katas.kit.Kata;

/**
 * Steps 5 and 6, the lesson's program, in Java:
 *
 * <pre>{@code
 * q = Queue()
 * workers = [Process(target=worker, args=(q,)) for _ in range(N)]
 * for w in workers: w.start()
 * total = sum of q.get() until every worker's sentinel   # drain first ...
 * for w in workers: w.join()                             # ... then join
 * }</pre>
 *
 * <p>Concurrency: each call uses its own queue and children; calls from several threads do not interfere.
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
        // TODO step 5: sumFromWorkers with CountingWorker and the count as the extra argument.
        throw Kata.todo("Lesson.countWithWorkers: run CountingWorker processes through sumFromWorkers");
    }

    /**
     * Opens a {@link ProcessQueue} of {@link #QUEUE_CAPACITY}; starts {@code workers} child JVMs running
     * {@code workerMain} with arguments {@code <socket path> <name> <extraArgs...>}, named {@code worker-1} ...
     * {@code worker-N}, each {@link ProcessQueue#watch watched}; takes messages until it has the end marker of
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
        // TODO step 5: start every worker, then take until every worker's End, then join.
        // TODO step 6: mind the order: a worker cannot finish while its output waits in a full socket.
        throw Kata.todo("Lesson.sumFromWorkers: start the workers, drain until every end marker, then join");
    }
}
