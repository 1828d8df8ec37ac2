package katas.processpipe;

import java.time.Duration;
import katas.kit.Kata;

/**
 * Step 7, the lesson's program over pipes, in Java:
 * <pre>{@code
 * ends = [Pipe() for _ in range(N)]; workers = [Process(target=worker, args=(child_end,)) ...]; start them all
 * for parent_end, _ in ends: parent_end.send(50_000_000)     # every child counts at once ...
 * total = sum(parent_end.recv() for parent_end, _ in ends)   # ... and answers on its own pipe; join them all
 * }</pre>
 * Each call uses its own children; calls from several threads do not interfere.
 */
public final class PipeLesson {

    private PipeLesson() {}

    /**
     * Starts {@code children} {@link ChildCounter}s named {@code child-1} ... {@code child-N}, asks each, at the same
     * time, to count to {@code each}, and returns the sum of their answers. Closes every child, also when it fails.
     *
     * @param timeout how long each child may take to answer
     * @throws IllegalArgumentException if {@code children < 1}, {@code each < 0} or {@code timeout} is not positive
     * @throws NullPointerException if {@code timeout} is null
     * @throws java.util.concurrent.ExecutionException if a child failed or took too long: the cause names it
     */
    public static long countWithChildren(int children, long each, Duration timeout) throws Exception {
        // TODO step 7: start the children; ask each to count on a thread of its own (an ExecutorService), so that they
        //  count at the same time; add up the answers; close every child in a finally block.
        throw Kata.todo("PipeLesson.countWithChildren: start the children, let them count at once, add up the answers");
    }
}
