package katas.sharedmemory;

import katas.kit.Kata;

/**
 * Step 5, the worker process: the lesson's {@code def worker(name, sem): ...}. It opens the parent's segment by
 * name, counts in one of {@link Counting}'s ways on the counter at {@link Lesson#COUNTER_AT}, with the semaphore
 * whose word is at {@link Lesson#SEMAPHORE_AT}, and closes the segment (step 6: the lesson's own worker forgot to).
 *
 * <p>Concurrency: one thread, in its own JVM; other workers use the same segment at the same time.
 */
public final class CountingWorker {

    /** The modes, the second argument: {@link Counting#plain}, {@link Counting#lockedEach}, {@link Counting#countThenAdd}. */
    public static final String PLAIN = "plain";

    public static final String LOCKED = "locked";
    public static final String LOCAL = "local";

    private CountingWorker() {}

    /**
     * Child main: {@code <segment name> <plain|locked|local> <how many to count>}. Opens the segment (size
     * {@link Lesson#SEGMENT_SIZE}), counts as the mode says, closes the segment: also when counting fails.
     *
     * @throws IllegalArgumentException if there are not exactly those three arguments, the mode is none of the
     *         three, or the count is not a number of 0 or more
     * @throws Exception if the segment cannot be opened ({@link katas.kit.shm.SegmentException}) or a wait fails
     */
    public static void main(String[] args) throws Exception {
        // TODO step 5: check the three arguments; Segment.open(args[0], Lesson.SEGMENT_SIZE) in a try-with-resources;
        //  a SharedLong at Lesson.COUNTER_AT, a SharedSemaphore on a SharedLong at Lesson.SEMAPHORE_AT; then the
        //  Counting method of the mode.
        // TODO step 6: the segment is closed also when counting fails.
        throw Kata.todo("CountingWorker.main: open the segment by name, count the mode's way, close the segment");
    }
}
