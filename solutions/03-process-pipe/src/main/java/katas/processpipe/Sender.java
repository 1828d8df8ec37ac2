package katas.processpipe;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import katas.kit.frame.Frame;

/**
 * Steps 1 and 6: the sending half of a pipe end, which writes {@link Protocol} frames into one operating-system pipe.
 * {@link Protocol#CODEC} writes a frame in three calls (kind, length, payload), so {@link #send} holds one lock for the
 * whole frame, and flushes before it lets go (a frame left in a buffer never reaches the other end).
 * {@link #send} and {@link #close()} may be called from any number of threads at once; each frame arrives whole, and
 * the frames of one thread arrive in the order that thread sent them.
 */
public final class Sender implements AutoCloseable {

    private final OutputStream out;
    private final Object lock = new Object();

    /**
     * @param out the stream to the other end (a pipe); this sender owns it from now on
     * @throws NullPointerException if {@code out} is null
     */
    public Sender(OutputStream out) {
        this.out = Objects.requireNonNull(out, "the stream to send to must not be null");
    }

    /**
     * Sends one frame: writes all of it, then flushes, under one lock.
     *
     * @throws katas.kit.frame.FrameException if the protocol refuses the frame (nothing is written then)
     * @throws IOException if the stream fails (the other end has gone: a broken pipe)
     * @throws NullPointerException if {@code frame} is null
     */
    public void send(Frame frame) throws IOException {
        Objects.requireNonNull(frame, "the frame to send must not be null");
        synchronized (lock) {
            Protocol.CODEC.write(out, frame);
            out.flush();
        }
    }

    /**
     * Closes the stream: the other end reads end of stream once it has read what came before. Idempotent. Takes no
     * lock: a send blocked on a full pipe must not keep the stream open (the stream itself may still wait for it).
     */
    @Override
    public void close() throws IOException {
        out.close();
    }
}
