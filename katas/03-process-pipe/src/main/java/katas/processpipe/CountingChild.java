package katas.processpipe;

import java.io.IOException;
import java.time.Duration;
import katas.kit.Kata;

/**
 * Steps 1 to 3, the child's side: a child JVM that reads {@link Protocol#COUNT} requests from its standard input and
 * answers each with a {@link Protocol#RESULT} on its standard output, as long as the parent keeps its end open (the
 * lesson's {@code n = conn.recv(); ...; conn.send(count)}, for many requests). While it counts it reports
 * {@link Protocol#PROGRESS} and looks for a {@link Protocol#STOP} (step 2); when the parent closes its end, it exits
 * with 0 (step 3); a request it cannot serve gets an {@link Protocol#ERROR} frame, then it exits with 1, so the parent
 * never waits for an answer that will not come. One thread, in its own JVM (plus the pipe end's reader thread).
 */
public final class CountingChild {

    /** How long {@link #serve} waits for a request in one go before it looks again; it waits as long as it takes. */
    static final Duration IDLE = Duration.ofMinutes(1);

    private CountingChild() {}

    /**
     * A counter whose every increment is a real load and a real store ({@code volatile}), so that the JIT cannot fold
     * the counting loop into one addition: each of the 50,000,000 steps of the lesson is real work. Given.
     */
    private static final class Tally {
        volatile long value;
    }

    /** Child main: serves its parent over standard input and output until the parent closes its end. */
    public static void main(String[] args) throws IOException, InterruptedException {
        // TODO step 1: serve the parent through PipeEnd.childEnd(), and close it at the end (try-with-resources).
        throw Kata.todo("CountingChild.main: serve the parent through PipeEnd.childEnd()");
    }

    /**
     * Answers requests until the other end closes: each {@link Protocol#COUNT} with a {@link Protocol#RESULT}; a
     * {@link Protocol#STOP} that arrives between counts is ignored (its count has ended already).
     *
     * @throws IOException after telling the parent with an {@link Protocol#ERROR} frame, if the parent sent bytes
     *         that are not a frame, a frame the child does not serve, or a count it cannot do (negative)
     * @throws InterruptedException if interrupted while waiting
     */
    public static void serve(PipeEnd parent) throws IOException, InterruptedException {
        // TODO step 1: loop: receive a request (waiting IDLE at a time), answer a COUNT with
        //  Protocol.result(count(n, progressEvery, parent)).
        // TODO step 2: ignore a STOP between counts.
        // TODO step 3: return at the end of the stream (the parent closed its end); on anything else that goes wrong,
        //  send Protocol.error(what went wrong) first, then throw.
        throw Kata.todo("CountingChild.serve: answer each COUNT with a RESULT until the parent closes its end");
    }

    /**
     * Counts to {@code n} one increment at a time on a {@link Tally}. Every {@code progressEvery} increments (if it is
     * not 0) it sends a {@link Protocol#PROGRESS} frame with the count so far, then looks, without waiting, for a
     * frame from the parent: a {@link Protocol#STOP} ends the count there.
     *
     * @param parent the pipe end to report to; may be null when {@code progressEvery} is 0
     * @return the count: {@code n}, or less if a STOP came first
     * @throws IllegalArgumentException if {@code n} or {@code progressEvery} is negative
     * @throws IOException if the parent sent anything but a STOP during the count, or the pipe failed
     */
    public static long count(long n, long progressEvery, PipeEnd parent) throws IOException, InterruptedException {
        // TODO step 1: a new Tally, n times tally.value = tally.value + 1, return tally.value.
        // TODO step 2: every progressEvery increments, send Protocol.progress(so far), then receive(Duration.ZERO):
        //  a STOP ends the count.
        throw Kata.todo("CountingChild.count: count to n on a Tally, reporting progress and stopping at a STOP");
    }
}
