package katas.kit.process;

import java.io.InputStream;
import java.util.Objects;

/**
 * Reads a stream on a daemon thread of its own, as fast as it is written, until its end, keeping the first 8 KiB and
 * the last 56 KiB: what {@link ChildProcess} does with a child's standard error, for a child you start yourself
 * ({@code Drain.start(process.getErrorStream(), "stderr-worker")}, then {@link #tail(int)} in a message). A pipe that
 * nobody reads fills (64 KiB on Linux) and its writer blocks for ever; a drain keeps reading. Any thread may call
 * {@link #text()}, {@link #tail(int)} and {@link #totalBytes()} for a consistent snapshot. Given code.
 */
public final class Drain {

    private final OutputCapture capture = new OutputCapture();
    private final Thread thread;

    private Drain(InputStream stream, String threadName) {
        this.thread = OutputCapture.drain(stream, capture, threadName);
    }

    /**
     * Starts draining {@code stream} on a new daemon thread named {@code threadName}.
     *
     * @throws NullPointerException if an argument is null
     */
    public static Drain start(InputStream stream, String threadName) {
        Objects.requireNonNull(stream, "the stream to drain must not be null");
        Objects.requireNonNull(threadName, "the drain thread's name must not be null");
        return new Drain(stream, threadName);
    }

    /** What was read so far, as UTF-8, with a {@code ... N bytes omitted ...} marker where the middle was dropped. */
    public String text() {
        return capture.text();
    }

    /** The last {@code maxChars} characters of {@link #text()} (all of it if shorter), for messages. */
    public String tail(int maxChars) {
        return capture.tail(maxChars);
    }

    /** How many bytes were read so far, kept or not. */
    public long totalBytes() {
        return capture.totalBytes();
    }

    /** Whether the drain thread has reached the end of the stream (or the stream was closed). */
    public boolean isDone() {
        return !thread.isAlive();
    }
}
