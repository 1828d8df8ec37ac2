package katas.processqueue;

import java.time.Duration;
import java.util.Objects;
import katas.kit.process.ChildJvm;
import katas.kit.process.ChildProcess;

/**
 * Step 1: processes have separate memory. A child JVM is a new program with statics of its own: what it
 * writes into {@link #counter} never reaches the parent, and what the parent wrote there never reached the child (a
 * Java child is a fresh JVM, like Python's "spawn" start method, not a copy of the parent like "fork"). To hear from
 * a child, the parent has to be <em>told</em>: here through the child's standard output; from step 4 on, through a
 * queue. {@link #counter} is a plain static, touched by one thread per JVM.
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
                .args(Long.toString(n))
                .shortLived()
                .start()) {
            child.awaitSuccess(timeout);
            return Long.parseLong(child.stdoutText().strip());
        }
    }
}
