package katas.kit.frame;

import java.io.IOException;

/**
 * The other end closed its side of the stream, cleanly, between two frames: nothing more will ever arrive.
 * Given code.
 *
 * <p>End of stream is an outcome of its own, not a value: a receive that returned {@code 0}, an empty frame or
 * {@code null} for it would let the caller mistake "the other end is gone" for "the answer is zero" or "nothing
 * yet" (and wait forever). Compare Python's {@code Connection.recv()}, which raises {@code EOFError} when there is
 * nothing left to receive and the other end was closed. A stream that ends <em>inside</em> a frame is not a clean
 * end: that is a {@link FrameException} ({@link FrameException.Problem#HALF_WRITTEN}). Immutable.
 */
public class EndOfStreamException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message who closed, and what the receiver was waiting for */
    public EndOfStreamException(String message) {
        super(message);
    }
}
