package katas.processqueue;

import java.io.IOException;
import java.nio.file.Path;
import katas.kit.process.ChildMain;

/**
 * Step 6, the lesson's worker, run as a child process: it counts to N in its own memory (no sharing, so
 * nothing is lost), then puts its result on the queue and its end marker. The Python lesson's
 * {@code def worker(q): ... q.put(count)}. Given code: read it, no TODO here. It gets the queue's secret from
 * its parent through its standard input ({@link ChildMain#secret()}), never on its command line.
 *
 * <p>Concurrency: one thread, in its own JVM.
 */
public final class CountingWorker {

    private CountingWorker() {}

    /**
     * A counter whose every increment is a real load and a real store ({@code volatile}), so that the JIT
     * cannot fold the counting loop into one addition: each of the 50,000,000 steps is real work.
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
        if (args.length != 3) {
            throw new IllegalArgumentException(
                    "usage: CountingWorker <socket path> <producer name> <how many to count>," + " got " + args.length
                            + " argument(s)");
        }
        long n;
        try {
            n = Long.parseLong(args[2]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the count '" + args[2] + "' is not a number", e);
        }
        try (QueueProducer queue = QueueProducer.connect(Path.of(args[0]), args[1], ChildMain.secret())) {
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
