package katas.processpipe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Step 7, the lesson's program over pipes, in Java:
 *
 * <pre>{@code
 * ends = [Pipe() for _ in range(N)]
 * workers = [Process(target=worker, args=(child_end,)) for parent_end, child_end in ends]
 * for w in workers: w.start()
 * for parent_end, _ in ends: parent_end.send(50_000_000)     # every child counts at once ...
 * total = sum(parent_end.recv() for parent_end, _ in ends)   # ... and answers on its own pipe
 * for w in workers: w.join()
 * }</pre>
 *
 * <p>Concurrency: each call uses its own children; calls from several threads do not interfere.
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
        try {
            for (int i = 1; i <= children; i++) {
                counters.add(ChildCounter.start("child-" + i));
            }
            long[] answers = new long[children];
            Exception[] failed = new Exception[children];
            List<Thread> askers = new ArrayList<>();
            for (int i = 0; i < children; i++) {
                int index = i;
                Thread asker = new Thread(
                        () -> {
                            try {
                                answers[index] = counters.get(index).count(each, timeout);
                            } catch (Exception e) {
                                failed[index] = e;
                            }
                        },
                        "asker-" + (i + 1));
                askers.add(asker);
                asker.start(); // every child asked before any answer is waited for
            }
            long total = 0;
            for (int i = 0; i < children; i++) {
                askers.get(i).join();
                if (failed[i] != null) {
                    throw new java.util.concurrent.ExecutionException(failed[i]);
                }
                total += answers[i];
            }
            return total;
        } finally {
            counters.forEach(ChildCounter::close);
        }
    }
}
