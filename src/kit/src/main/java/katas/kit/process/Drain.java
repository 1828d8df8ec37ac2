package katas.kit.process;

import java.io.InputStream;
import java.util.Objects;

/**
 * Reads a stream on a daemon thread of its own, as fast as it is written, until its end, keeping a bounded record of
 * what it read: the first 8 KiB and the last 56 KiB. Given code: what {@link ChildProcess} does with a child's
 * standard error, for a child you started yourself with a {@link ProcessBuilder} (on {@link ChildJvm#command()}).
 *
 * <pre>{@code
 * Process process = new ProcessBuilder(ChildJvm.main(Worker.class).command()).start();
 * Drain stderr = Drain.start(process.getErrorStream(), "stderr-worker");
 * ...
 * throw new IOException("the worker failed; the end of its standard error:\n" + stderr.tail(2_000));
 * }</pre>
 *
 * <p>A pipe that nobody reads fills (64 KiB on Linux), and then the process writing into it blocks in its next write,
 * for ever. A drain keeps reading, so the writer never blocks on it, and it costs at most 64 KiB of memory however
 * much is written.
 *
 * <p>Concurrency: one daemon thread reads; any thread may call {@link #text()}, {@link #tail(int)} and
 * {@link #totalBytes()} at any time and gets a consistent snapshot. The thread ends at the end of the stream (the
 * process exited and nothing else holds the pipe) or when the stream is closed.
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
