package katas.processpipe;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
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

    /** Put in the inbox, after everything else, when the reader has stopped: see {@link #end}. */
    private static final Frame STOPPED = Frame.empty((byte) 0);

    private final String peer;
    private final InputStream in;
    private final Sender sender;
    private final BlockingQueue<Frame> inbox = new ArrayBlockingQueue<>(CAPACITY);
    /** Room in the inbox, in payload bytes: the reader takes a frame's bytes before it puts it, receive gives back. */
    private final Semaphore room = new Semaphore(CAPACITY_BYTES);

    private final Thread reader;
    /** Why the reader stopped: an EndOfStreamException, a FrameException or another IOException. */
    private volatile IOException end;

    private volatile boolean closed;

    /**
     * An end that reads frames from {@code in} and sends frames into {@code out}; starts its reader thread.
     *
     * @param peer who is at the other end, for messages (e.g. {@code child 'counter-1' (pid 4242)})
     * @param in   the stream from the other end; this end owns it from now on
     * @param out  the stream to the other end; this end owns it from now on
     * @throws NullPointerException if an argument is null
     */
    public PipeEnd(String peer, InputStream in, OutputStream out) {
        this.peer = Objects.requireNonNull(peer, "peer");
        this.in = Objects.requireNonNull(in, "the stream to read from must not be null");
        this.sender = new Sender(out);
        this.reader = new Thread(this::readUntilTheEnd, "pipe-reader-" + peer);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * The child's end of the pipe to its parent, in a child JVM: frames come in on standard input and go out on the
     * real standard output. From now on {@code System.out} prints to standard error, so that a stray
     * {@code System.out.println} cannot put bytes that are not frames into the pipe.
     */
    public static PipeEnd childEnd() {
        OutputStream stdout = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 64 * 1024);
        System.setOut(System.err);
        return new PipeEnd("the parent", System.in, stdout);
    }

    /**
     * Sends one frame (whole, flushed), safely from any thread: see {@link Sender#send}.
     *
     * @throws IllegalStateException after {@link #close()}
     * @throws IOException if the other end has gone (a broken pipe), or the protocol refuses the frame
     */
    public void send(Frame frame) throws IOException {
        if (closed) {
            throw new IllegalStateException("send after close(): this end of the pipe to " + peer + " is closed");
        }
        sender.send(frame);
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
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
        }
        if (closed) {
            throw new IllegalStateException("receive after close(): this end of the pipe to " + peer + " is closed");
        }
        Frame frame = inbox.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (frame == STOPPED) {
            inbox.offer(STOPPED); // for the next receive: the end is for good
            throw end;
        }
        if (frame != null) {
            room.release(frame.length());
        }
        return frame;
    }

    /**
     * Closes both directions: the other end reads end of stream (once it has read what was sent), and this end stops
     * reading. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        reader.interrupt();
        try (in;
                sender) { // closes both, also when the first close fails
            // nothing to do but close
        } catch (IOException alreadyBroken) {
            // the other end is gone already: there is nothing more to tell it
        }
    }

    /** The reader thread: frames into the inbox until the stream ends or breaks, then why, then STOPPED. */
    private void readUntilTheEnd() {
        try {
            try {
                for (Frame frame = Protocol.CODEC.read(in); frame != null; frame = Protocol.CODEC.read(in)) {
                    room.acquire(frame.length()); // waits while the inbox holds CAPACITY_BYTES: read no further
                    inbox.put(frame);
                }
                end = new EndOfStreamException(peer + " closed its end of the pipe: nothing more will arrive");
            } catch (IOException e) {
                end = closed ? new EndOfStreamException("this end of the pipe to " + peer + " was closed") : e;
            }
            inbox.put(STOPPED); // waits for room like any frame: every frame before it is received first
        } catch (InterruptedException closing) {
            // close() stopped the reader: receive refuses from now on
        }
    }
}
