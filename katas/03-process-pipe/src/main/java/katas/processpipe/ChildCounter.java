package katas.processpipe;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;
import katas.kit.Kata;
import katas.kit.frame.Frame;
import katas.kit.process.ChildJvm;
import katas.kit.process.Drain;

/**
 * Steps 1 to 5, the parent's side: a child JVM running {@link CountingChild} (or another main class that speaks
 * {@link Protocol}), and the {@link PipeEnd} over its standard input and output, on which the parent asks it to count
 * as many times as it likes. The child is started with a plain {@link ProcessBuilder} on {@link ChildJvm#command()}:
 * what happens to its standard error is this class's decision (step 5). {@link #count} and {@link #countAll} are for
 * one thread at a time; {@link #stop()} and {@link #close()} may be called from any thread, also while a count runs.
 */
public final class ChildCounter implements AutoCloseable {

    /** How much of a text from the child a message quotes, at most, in characters. Given. */
    private static final int QUOTE = 300;

    private final String name;
    private final Process process;
    private final PipeEnd pipe;
    /** Step 5: the child's standard error, if this class reads it (its end is quoted when the child dies). */
    private Drain stderr;

    private ChildCounter(String name, Process process) {
        // TODO step 1: keep the name and the process, and a PipeEnd over the process's input and output streams
        //  (its standard output, and its standard input), with toString() as the peer's name.
        // TODO step 5: and take care of its standard error (process.getErrorStream()): the kit's Drain reads it on a
        //  daemon thread and keeps its end for messages.
        throw Kata.todo("ChildCounter: a PipeEnd over the child's stdout and stdin; take care of its stderr");
    }

    /** Starts a {@link CountingChild} named {@code name}. Given. @see #start(Class, String, String...) */
    public static ChildCounter start(String name) throws IOException {
        return start(CountingChild.class, name);
    }

    /**
     * Starts a child JVM running {@code childMain} with {@code args}, named {@code name}, with a pipe to its standard
     * input and output, and its standard error taken care of.
     *
     * @throws IOException if the process cannot be started
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code childMain} has no main method or {@code name} is blank
     */
    public static ChildCounter start(Class<?> childMain, String name, String... args) throws IOException {
        // TODO step 1: the command line is ChildJvm.main(childMain).name(name).args(args).command(); start it with a
        //  ProcessBuilder.
        throw Kata.todo("ChildCounter.start: start ChildJvm's command line with a ProcessBuilder");
    }

    /** The child's name. Given. */
    public String name() {
        return name;
    }

    /** The child's process id. Given. */
    public long pid() {
        return process.pid();
    }

    /** Asks the child to count to {@code n}, without progress reports. Given. @see #count(long, long, LongConsumer, Duration) */
    public long count(long n, Duration timeout) throws IOException, InterruptedException, TimeoutException {
        return count(n, 0, progress -> {}, timeout);
    }

    /**
     * Asks the child to count to {@code n}, reporting its progress every {@code progressEvery} increments to
     * {@code onProgress} (on this thread), and returns its count: {@code n}, or less if {@link #stop()} came first.
     *
     * @throws TimeoutException if the child sent no result within {@code timeout}
     * @throws IOException if the child died or closed its end (naming it and its exit code), reported an
     *         {@link Protocol#ERROR} (quoting it), or sent bytes that are not frames
     * @throws IllegalArgumentException if {@code n} or {@code progressEvery} is negative, or {@code timeout} is not
     *         positive
     * @throws NullPointerException if {@code onProgress} or {@code timeout} is null
     */
    public long count(long n, long progressEvery, LongConsumer onProgress, Duration timeout)
            throws IOException, InterruptedException, TimeoutException {
        // TODO step 1: check the arguments, send Protocol.count(n, progressEvery), receive until the RESULT (one
        //  deadline(timeout) for all the receives; null from receive means the time is up: TimeoutException).
        // TODO step 2: pass each PROGRESS to onProgress.
        // TODO step 3: an ERROR frame fails with what it says (quoted with frame.printableText(QUOTE): the child chose
        //  those bytes); the end of the stream (or a half-written frame, or a send that fails: a broken pipe) means
        //  the child has gone: throw died(that exception), which names it. Trust nothing the child sends: a frame
        //  that is not due now (a STOP, a COUNT, a PROGRESS you did not ask for, anything before you asked) and a
        //  RESULT that a count to n cannot give (below 0, above n) are protocol errors: throw unexpected(...). Call the
        //  given nothingUnasked() before you send the request.
        throw Kata.todo("ChildCounter.count: send COUNT, receive PROGRESS frames until the RESULT");
    }

    /** Asks the child to stop the count under way; it answers that count's result now. Safe from any thread. */
    public void stop() throws IOException {
        // TODO step 2
        throw Kata.todo("ChildCounter.stop: send a STOP frame");
    }

    /**
     * Step 4: asks the child to count to each of {@code counts}, without waiting for one answer before sending the
     * next request, and returns the answers in order. Requests go out on another thread while this one receives the
     * answers: written all first, they would fill the pipe to the child, whose answers fill the pipe back.
     *
     * @throws TimeoutException if the answers did not all arrive within {@code timeout}
     * @throws IOException as {@link #count}
     * @throws IllegalArgumentException if a count is negative or {@code timeout} is not positive
     * @throws NullPointerException if an argument is null
     */
    public long[] countAll(long[] counts, Duration timeout) throws IOException, InterruptedException, TimeoutException {
        // TODO step 4: check every count first; send the COUNT frames (no progress) on a daemon thread while this
        //  thread receives the RESULTs (each a RESULT, each one its request can give: step 3's rules).
        throw Kata.todo("ChildCounter.countAll: send the requests on another thread while this one receives");
    }

    /**
     * Ends the conversation: closes this end of the pipe (the child reads end of stream and exits by itself), waits
     * up to 2 s for it to exit, then kills it. Idempotent. Given.
     */
    @Override
    public void close() {
        pipe.close();
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** {@code child 'name' (pid N)}, the way messages name the child. Given. */
    @Override
    public String toString() {
        return "child '" + name + "' (pid " + process.pid() + ")";
    }

    /**
     * The exception for a child whose end closed in the middle of the conversation ({@code cause}: the end of the
     * stream, a half-written frame, a broken pipe): it names the child, and its exit code once it has one (it waits up
     * to 2 s for the child to exit), and quotes the end of its standard error if {@link #stderr} kept it. Given.
     */
    private IOException died(IOException cause) throws InterruptedException {
        String how = process.waitFor(2, TimeUnit.SECONDS)
                ? "ended in the middle of the conversation with exit code " + process.exitValue()
                : "closed its standard output in the middle of the conversation, but is still running";
        String said = stderr == null
                ? ""
                : stderr.tail(2_000)
                        .strip()
                        .lines() // its text, line by line, made printable (it chose the bytes)
                        .map(line -> Frame.printable(line, 300))
                        .collect(Collectors.joining("\n"));
        return new IOException(
                this + " " + how + " (" + cause.getMessage() + ")"
                        + (said.isEmpty() ? "" : "; the end of its standard error:\n" + said),
                cause);
    }

    /**
     * Call before a request: the child may have sent nothing since the last answer, so a frame that is here now
     * answers no request (an ERROR fails with what it says, anything else is a protocol error). Given.
     */
    private void nothingUnasked() throws IOException, InterruptedException {
        Frame early;
        try {
            early = pipe.receive(Duration.ZERO);
        } catch (IOException endOrBadBytes) {
            return; // the receive after the request reports it, naming the child
        }
        if (early != null && early.kind() == Protocol.ERROR) {
            throw new IOException(this + " reported an error: " + early.printableText(QUOTE));
        }
        if (early != null) {
            throw unexpected(early, "no frame (no request was waiting for an answer)");
        }
    }

    /**
     * The protocol error for a frame the child should not have sent now: it names the child, the frame's kind, and
     * what was {@code due} instead (e.g. {@code "the RESULT of COUNT(5)"}). Given.
     */
    private IOException unexpected(Frame frame, String due) {
        String sent = Protocol.CODEC
                .kind(frame.kind())
                .map(k -> k.name().toUpperCase(Locale.ROOT))
                .orElse(frame.toString());
        if (frame.kind() != Protocol.ERROR && frame.length() > 0 && frame.length() % Long.BYTES == 0) {
            sent += Arrays.stream(frame.longs()).mapToObj(Long::toString).collect(Collectors.joining(", ", "(", ")"));
        }
        return new IOException(this + " broke the protocol: it sent " + sent + " where " + due + " was due");
    }

    /** One deadline for several waits, from a timeout that must be positive. Given. */
    private static long deadline(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        return System.nanoTime() + timeout.toNanos();
    }
}
