package katas.processpipe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import katas.kit.Kata;
import katas.kit.frame.EndOfStreamException;
import katas.kit.frame.Frame;

/**
 * Steps 1 to 3: one end of a two-way pipe, Python's {@code multiprocessing.Pipe()} connection: two one-way pipes (a
 * child's standard input and output), one written by {@link Sender}, one read by a daemon reader thread into a
 * bounded inbox ({@link #CAPACITY} frames, {@link #CAPACITY_BYTES} bytes); when nobody receives, the pipe fills and the
 * other end waits (back-pressure, step 4). {@link #receive} waits at most its timeout; once the other end has closed
 * and every frame was received it throws {@link EndOfStreamException}, and after bytes that are not a frame the
 * codec's {@link katas.kit.frame.FrameException}, every time. {@link #send} and {@link #close()} from any thread;
 * {@link #receive} from one thread at a time.
 */
public final class PipeEnd implements AutoCloseable {

    /** How many received frames the inbox holds, at most, before the reader stops reading. */
    public static final int CAPACITY = 1024;

    /**
     * How many payload bytes the inbox holds, at most, before the reader stops reading: 4 MiB, four of the largest
     * frames. Frames alone are no bound on memory: 1,024 frames of 1 MiB are a gigabyte.
     */
    public static final int CAPACITY_BYTES = 4 * Protocol.MAX_PAYLOAD;

    /**
     * An end that reads frames from {@code in} and sends frames into {@code out}; starts its reader thread.
     *
     * @param peer who is at the other end, for messages (e.g. {@code child 'counter-1' (pid 4242)})
     * @param in   the stream from the other end; this end owns it from now on
     * @param out  the stream to the other end; this end owns it from now on
     * @throws NullPointerException if an argument is null
     */
    public PipeEnd(String peer, InputStream in, OutputStream out) {
        // TODO step 1: keep a Sender over `out`, a bounded inbox of CAPACITY frames, and start a daemon reader thread
        //  that reads frames from `in` with Protocol.CODEC and puts them into the inbox.
        // TODO step 4: bound the inbox in bytes too (CAPACITY_BYTES of payload): before it puts a frame, the reader
        //  waits for room for its bytes (a Semaphore of CAPACITY_BYTES permits), and receive gives them back.
        // TODO step 3: when the reader stops (CODEC.read returns null: the other end closed; or it throws), remember
        //  why, and let receive know, after the frames before it.
        throw Kata.todo("PipeEnd: keep a Sender and a bounded inbox, start a reader thread that fills it");
    }

    /**
     * The child's end of the pipe to its parent, in a child JVM: frames come in on standard input and go out on the
     * real standard output. From now on {@code System.out} prints to standard error, so that a stray
     * {@code System.out.println} cannot put bytes that are not frames into the pipe.
     */
    public static PipeEnd childEnd() {
        // TODO step 1: a PipeEnd over System.in and a (buffered) FileOutputStream on FileDescriptor.out; before it,
        //  System.setOut(System.err).
        throw Kata.todo("PipeEnd.childEnd: frames on stdin and the real stdout, System.out sent to stderr");
    }

    /**
     * Sends one frame (whole, flushed), safely from any thread: see {@link Sender#send}.
     *
     * @throws IllegalStateException after {@link #close()}
     * @throws IOException if the other end has gone (a broken pipe), or the protocol refuses the frame
     */
    public void send(Frame frame) throws IOException {
        // TODO step 1
        throw Kata.todo("PipeEnd.send: send the frame through the Sender (refuse after close)");
    }

    /**
     * Takes the next frame that arrived, waiting at most {@code timeout} for one.
     *
     * @param timeout how long to wait at most; zero means look without waiting
     * @return the next frame, or {@code null} if none arrived within {@code timeout}
     * @throws EndOfStreamException if the other end closed and every frame before that was received (every call)
     * @throws katas.kit.frame.FrameException if the other end sent bytes that are not a frame, or stopped in the
     *         middle of one (every call, once the good frames before them were received)
     * @throws IOException if reading failed otherwise
     * @throws IllegalStateException after {@link #close()}
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws InterruptedException if interrupted while waiting
     */
    public Frame receive(Duration timeout) throws IOException, InterruptedException {
        // TODO step 1: poll the inbox, waiting at most the timeout; null if nothing came.
        // TODO step 3: once the reader has stopped and the inbox is empty, throw why: EndOfStreamException when the
        //  other end closed, the FrameException when the bytes were bad. Every time, not only once.
        throw Kata.todo("PipeEnd.receive: take the next frame within the timeout; report the end of the stream");
    }

    /**
     * Closes both directions: the other end reads end of stream (once it has read what was sent), and this end stops
     * reading. Idempotent.
     */
    @Override
    public void close() {
        // TODO step 1: close the Sender and the input stream, stop the reader thread.
        throw Kata.todo("PipeEnd.close: close both streams, stop the reader");
    }
}
