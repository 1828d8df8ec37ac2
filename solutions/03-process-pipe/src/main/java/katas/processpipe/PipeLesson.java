package katas.processpipe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
        if (children < 1 || each < 0 || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("need children >= 1, each >= 0 and a positive timeout, got " + children
                    + ", " + each + ", " + timeout);
        }
        List<ChildCounter> counters = new ArrayList<>();
        ExecutorService askers = Executors.newFixedThreadPool(children);
        try {
            List<Callable<Long>> questions = new ArrayList<>();
            for (int i = 1; i <= children; i++) {
                ChildCounter counter = ChildCounter.start("child-" + i);
                counters.add(counter);
                questions.add(() -> counter.count(each, timeout));
            }
            long total = 0;
            for (Future<Long> answer : askers.invokeAll(questions)) { // every child counts at once
                total += answer.get();
            }
            return total;
        } finally {
            askers.shutdownNow();
            counters.forEach(ChildCounter::close);
        }
    }
}
