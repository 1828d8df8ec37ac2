package katas.processqueue;

import java.time.Duration;
import java.util.Objects;
import katas.kit.process.ChildJvm;
import katas.kit.process.ChildProcess;

/**
 * KNOWN WRONG: the parent hands its counter to the child as a starting value, to imitate fork: but the child
 * then does not start from 0, and what it prints is not what it counted.
 */
public final class SeparateMemory {

    /** The static both sides have, each its own. */
    public static long counter;

    private SeparateMemory() {}

    /**
     * Child side. Adds one to {@link #counter}, {@code args[0]} times, then prints the value of
     * {@link #counter} on standard output (just the number, e.g. {@code 1000}).
     *
     * @param args one argument: how many times to add one (a number, 0 or more)
     */
    public static void main(String[] args) {
        long n = Long.parseLong(args[0]);
        if (args.length > 1) {
            counter = Long.parseLong(args[1]);
        }
        for (long i = 0; i < n; i++) {
            counter++;
        }
        System.out.println(counter);
    }

    /**
     * Parent side. Runs {@link #main} in a child JVM with argument {@code n}, waits until the child has
     * succeeded, and returns the number the child printed. Leaves this JVM's {@link #counter} alone.
     *
     * @param n       how many times the child adds one; 0 or more
     * @param timeout how long to wait for the child at most
     * @return the child's {@link #counter} at its end, as it printed it
     * @throws IllegalArgumentException if {@code n} is negative
     * @throws NullPointerException if {@code timeout} is null
     * @throws katas.kit.process.ChildProcessFailedException if the child failed
     * @throws katas.kit.process.ChildProcessTimeoutException if the child did not finish in time
     * @throws InterruptedException if this thread is interrupted while waiting
     */
    public static long countInChild(long n, Duration timeout) throws InterruptedException {
        if (n < 0) {
            throw new IllegalArgumentException("the child cannot count " + n + " times: n must be 0 or more");
        }
        Objects.requireNonNull(timeout, "timeout must not be null");
        try (ChildProcess child = ChildJvm.main(SeparateMemory.class)
                .args(Long.toString(n), Long.toString(counter)) // KNOWN WRONG: imitates fork
                .shortLived()
                .start()) {
            child.awaitSuccess(timeout);
            return Long.parseLong(child.stdoutText().strip());
        }
    }
}
