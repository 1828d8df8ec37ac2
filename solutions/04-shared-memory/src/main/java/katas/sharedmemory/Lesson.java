package katas.sharedmemory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import katas.kit.process.ChildJvm;
import katas.kit.process.ChildProcess;
import katas.kit.shm.Segment;

/**
 * Steps 5 and 6, the lesson's program, in Java:
 * <pre>{@code
 * shm = SharedMemory(create=True, size=8); sem = Semaphore(1); workers = [Process(target=worker, ...) ...]
 * for w in workers: w.start(); for w in workers: w.join(); total = the counter; shm.close(); shm.unlink()
 * }</pre>
 * The segment's layout is given ({@link #COUNTER_AT}, {@link #SEMAPHORE_AT}, {@link #SEGMENT_SIZE}). One lesson at a
 * time per JVM (its segment has one name, {@link #LABEL}).
 */
public final class Lesson {

    /** The segment's data size: two longs, with room to spare, on one cache line. */
    public static final long SEGMENT_SIZE = 64;

    /** Where the shared counter is. */
    public static final int COUNTER_AT = 0;

    /** Where the semaphore's word is. */
    public static final int SEMAPHORE_AT = 8;

    /** The segment's label ({@link Segment#create}). */
    public static final String LABEL = "lesson";

    private Lesson() {}

    /**
     * Creates the segment, starts {@code workers} {@link CountingWorker} processes named {@code worker-1} ...
     * {@code worker-N} with the arguments {@code <segment name> <mode> <each>}, waits until every one has succeeded,
     * and returns the counter. Closes and unlinks the segment, and closes every worker, also when something fails.
     *
     * @param mode    {@link CountingWorker#PLAIN}, {@link CountingWorker#LOCKED} or {@link CountingWorker#LOCAL}
     * @param workers how many worker processes; 1 or more
     * @param each    how many each worker counts; 0 or more
     * @param timeout the time for everything together; positive
     * @return the shared counter once every worker has finished
     * @throws NullPointerException if {@code mode} or {@code timeout} is null
     * @throws IllegalArgumentException if {@code workers < 1}, {@code each < 0} or {@code timeout} is not positive
     * @throws katas.kit.process.ChildProcessFailedException if a worker failed
     * @throws katas.kit.process.ChildProcessTimeoutException if the workers took longer than {@code timeout}
     */
    public static long count(String mode, int workers, long each, Duration timeout) throws Exception {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(timeout, "timeout");
        if (workers < 1 || each < 0 || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("need 1 or more workers, a count of 0 or more and a positive timeout,"
                    + " got " + workers + ", " + each + ", " + timeout);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Segment segment = Segment.create(LABEL, SEGMENT_SIZE);
        List<ChildProcess> children = new ArrayList<>();
        try (segment) {
            for (int i = 1; i <= workers; i++) {
                children.add(ChildJvm.main(CountingWorker.class)
                        .name("worker-" + i)
                        .args(segment.name(), mode, String.valueOf(each))
                        .start());
            }
            for (ChildProcess child : children) {
                child.awaitSuccess(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            }
            return new SharedLong(segment, COUNTER_AT).get();
        } finally {
            children.forEach(ChildProcess::close);
            segment.unlink();
        }
    }
}
