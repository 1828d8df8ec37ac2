package katas.kit.process;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A running (or finished) child JVM started by {@link ChildJvm#start()}, like a started
 * {@code multiprocessing.Process}. Always end it: {@link #join}/{@link #awaitSuccess} when it should finish by itself,
 * and {@link #close()} (try-with-resources) so that it is killed if something went wrong. Its output is read as fast
 * as it is written into bounded buffers ({@link #stdoutText()}, {@link #stderrText()}), so it never blocks on a full
 * pipe, unless {@link ChildJvm#pipeStdio()} made {@link #stdout()} a raw pipe. Every method may be called from any
 * thread; the raw streams are for one writer and one reader thread. Given code.
 */
public final class ChildProcess implements AutoCloseable {

    /** How much of standard error failure messages quote. */
    static final int MESSAGE_TAIL_CHARS = 4000;
    /** After the child exits, how long to wait for the drain threads to read the last bytes. */
    private static final long DRAIN_MILLIS = 2000;
    /** How long {@link #close()} waits for a killed child to be gone. */
    private static final long CLOSE_MILLIS = 10_000;

    private final Process process;
    private final String name;
    private final boolean piped;
    private final OutputCapture stderr = new OutputCapture();
    private final OutputCapture stdout;
    private final Thread stderrDrain;
    private final Thread stdoutDrain;

    ChildProcess(Process process, String name, boolean piped, byte[] secret) {
        this.process = process;
        this.name = name;
        this.piped = piped;
        if (secret != null) {
            handOver(process.getOutputStream(), secret);
        }
        String threadSuffix = name + "-" + process.pid();
        this.stderrDrain = OutputCapture.drain(process.getErrorStream(), stderr, "katas-stderr-" + threadSuffix);
        if (piped) {
            this.stdout = null;
            this.stdoutDrain = null;
        } else {
            this.stdout = new OutputCapture();
            this.stdoutDrain = OutputCapture.drain(process.getInputStream(), stdout, "katas-stdout-" + threadSuffix);
            closeQuietly(process.getOutputStream());
        }
    }

    /** The child's process id (as {@code ps} shows it). */
    public long pid() {
        return process.pid();
    }

    /** The child's name, as given to {@link ChildJvm#name}. */
    public String name() {
        return name;
    }

    /** Whether the child is still running. Does not block. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The child's exit code, or empty while it is still running. Does not block. */
    public OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /**
     * Waits until the child has exited, like {@code Process.join(timeout)} in Python, and returns its exit
     * code. When it returns, {@link #stderrText()} holds everything the child wrote (unless a grandchild keeps
     * the pipe open: then it waits at most 2 s more for the output).
     *
     * @param timeout how long to wait at most; positive
     * @return the exit code (0 means success by convention)
     * @throws ChildProcessTimeoutException if the child is still running after {@code timeout}; it keeps
     *         running, names the child and quotes the end of its standard error
     * @throws InterruptedException if this thread is interrupted while waiting
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     * @throws NullPointerException if {@code timeout} is null
     */
    public int join(Duration timeout) throws InterruptedException {
        long nanos = positiveNanos(timeout);
        if (!process.waitFor(nanos, TimeUnit.NANOSECONDS)) {
            throw new ChildProcessTimeoutException(name, pid(), timeout, stderrSummary(MESSAGE_TAIL_CHARS));
        }
        awaitDrains();
        return process.exitValue();
    }

    /**
     * Waits until the child has exited and checks that it succeeded (exit code 0).
     *
     * @param timeout how long to wait at most; positive
     * @throws ChildProcessFailedException if the exit code is not 0: names the child, its pid and exit code,
     *         and quotes the end of its standard error (where its stack trace is)
     * @throws ChildProcessTimeoutException if the child is still running after {@code timeout}
     * @throws InterruptedException if this thread is interrupted while waiting
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     * @throws NullPointerException if {@code timeout} is null
     */
    public void awaitSuccess(Duration timeout) throws InterruptedException {
        int exitCode = join(timeout);
        if (exitCode != 0) {
            throw new ChildProcessFailedException(name, pid(), exitCode, stderrSummary(MESSAGE_TAIL_CHARS));
        }
    }

    /** What the child wrote to standard error so far (bounded, as {@link #stdoutText()}). Does not block. */
    public String stderrText() {
        return stderr.text();
    }

    /**
     * What the child wrote to standard error so far, cut to about {@code maxChars} for a message without losing the
     * reason: every line that says what went wrong (an exception's own line, such as {@code Exception in thread
     * "main" java.io.IOException: refused...}, and each {@code Caused by:}), then as many of the last lines as fit;
     * the stack frames between them are left out, saying how many lines. A blind cut of the end would often keep
     * only stack frames. All of it if it fits. Does not block.
     *
     * @param maxChars about how many characters to keep (the lines that carry a reason are kept even past it,
     *                 each cut to 400 characters, at most 20 of them)
     * @throws IllegalArgumentException if {@code maxChars} is less than 1
     */
    public String stderrSummary(int maxChars) {
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be 1 or more, got " + maxChars);
        }
        return StderrSummary.of(stderr.text(), maxChars);
    }

    /**
     * What the child wrote to standard output so far: the first 8 KiB and the last 56 KiB, with a
     * {@code ... N bytes omitted ...} marker between. Does not block.
     *
     * @throws IllegalStateException if the child was started with {@link ChildJvm#pipeStdio()}: then read
     *         {@link #stdout()} instead
     */
    public String stdoutText() {
        if (piped) {
            throw new IllegalStateException(this + " was started with pipeStdio(): its standard output is the"
                    + " stream stdout(), read it there");
        }
        return stdout.text();
    }

    /**
     * The pipe to the child's standard input. Flush after writing, and close it to send end of stream. One writer
     * thread at a time.
     *
     * @throws IllegalStateException if the child was not started with {@link ChildJvm#pipeStdio()}
     */
    public OutputStream stdin() {
        requirePiped("stdin()");
        return process.getOutputStream();
    }

    /**
     * The pipe from the child's standard output. Reading blocks until the child writes or ends. Keep reading it: a
     * child that writes more than the pipe holds (64 KiB on Linux) blocks until someone does. (Standard error is
     * still captured, bounded, as without {@link ChildJvm#pipeStdio()}.) One reader thread at a time.
     *
     * @throws IllegalStateException if the child was not started with {@link ChildJvm#pipeStdio()}
     */
    public InputStream stdout() {
        requirePiped("stdout()");
        return process.getInputStream();
    }

    /**
     * Kills the child and its descendants at once ({@code SIGKILL}: no shutdown hooks run in them). Does not
     * wait for them to be gone; {@link #close()} or {@link #join} does. Does nothing if it already exited.
     */
    public void kill() {
        List<ProcessHandle> descendants = process.descendants().collect(Collectors.toList());
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    /**
     * Ends the child: kills it (and its descendants) if it is still running, waits up to 10 s for it to be
     * gone, and closes the pipes. Idempotent. If this thread is interrupted it still waits, and keeps the
     * interrupt status set.
     *
     * @throws IllegalStateException if the killed child is still running after 10 s (the operating system did
     *         not deliver the kill)
     */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
        boolean interrupted = false;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_MILLIS);
        try {
            while (true) {
                try {
                    if (process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                        break;
                    }
                    throw new IllegalStateException(
                            this + " is still running " + CLOSE_MILLIS + " ms after it was killed");
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (piped) {
                closeQuietly(process.getOutputStream());
                closeQuietly(process.getInputStream());
            }
            awaitDrains();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Writes the secret to the child's standard input: two bytes of length, then the bytes. At most
     * {@link ChildJvm#MAX_SECRET_BYTES} + 2 bytes fit in any pipe's buffer, so this never waits for the child. A
     * child that is already gone cannot read it anyway: its exit code will tell.
     */
    private static void handOver(OutputStream stdin, byte[] secret) {
        try {
            stdin.write(new byte[] {(byte) (secret.length >>> 8), (byte) secret.length});
            stdin.write(secret);
            stdin.flush();
        } catch (java.io.IOException childAlreadyGone) {
            // Its exit code and standard error say why.
        }
    }

    /** {@code name (pid N)}, the way messages refer to a child. */
    @Override
    public String toString() {
        return "child process '" + name + "' (pid " + pid() + ")";
    }

    private void requirePiped(String what) {
        if (!piped) {
            throw new IllegalStateException(this + " was started without pipeStdio(), so " + what + " is not"
                    + " available: call pipeStdio() on the ChildJvm before start() (its output is in stdoutText())");
        }
    }

    /** Waits (bounded, not interruptibly) for the drain threads to reach end of stream after the exit. */
    private void awaitDrains() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
        boolean interrupted = false;
        for (Thread drain : new Thread[] {stderrDrain, stdoutDrain}) {
            while (drain != null && drain.isAlive()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    drain.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    static long positiveNanos(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // Already closed or broken pipe: nothing to do.
        }
    }
}
