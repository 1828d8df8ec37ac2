package katas.processqueue;

import java.io.IOException;
import java.nio.file.Path;

/**
 * KNOWN WRONG: main uses its arguments without checking them: with too few it fails with an
 * ArrayIndexOutOfBoundsException that says nothing about how to call it.
 */
public final class CountingWorker {

    private CountingWorker() {}

    /**
     * A counter whose every increment is a real load and a real store ({@code volatile}), so that the JIT
     * cannot fold the counting loop into one addition: each of the 50,000,000 steps is real work. Given.
     */
    private static final class Tally {
        volatile long value;
    }

    /**
     * Child main: {@code <socket path> <producer name> <how many to count>}. Connects to the queue, counts,
     * puts the result, then the end marker, and closes.
     *
     * @throws IllegalArgumentException if the arguments are not exactly those three, or the count is negative
     * @throws IOException if the queue cannot be reached
     */
    public static void main(String[] args) throws IOException {
        // KNOWN WRONG: the arguments are not checked
        long n;
        try {
            n = Long.parseLong(args[2]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the count '" + args[2] + "' is not a number", e);
        }
        try (QueueProducer queue = QueueProducer.connect(Path.of(args[0]), args[1])) {
            queue.put(count(n));
            queue.end();
        }
    }

    /**
     * Counts from 0 to {@code n} one increment at a time on a {@link Tally}, and returns the count.
     *
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public static long count(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("cannot count to " + n + ": the count must be 0 or more");
        }
        Tally tally = new Tally();
        for (long i = 0; i < n; i++) {
            tally.value = tally.value + 1;
        }
        return tally.value;
    }
}
