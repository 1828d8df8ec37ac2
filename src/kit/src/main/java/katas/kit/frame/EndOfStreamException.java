package katas.kit.frame;

import java.io.IOException;

/**
 * The other end closed its side of the stream, cleanly, between two frames: nothing more will ever arrive. An outcome
 * of its own, not a value (a {@code 0}, an empty frame or {@code null} would let the caller mistake "the other end is
 * gone" for "the answer is zero" or "nothing yet"), like Python's {@code Connection.recv()} raising {@code EOFError}.
 * A stream that ends <em>inside</em> a frame is a {@link FrameException} ({@link FrameException.Problem#HALF_WRITTEN}).
 * Immutable. Given code.
 */
public class EndOfStreamException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message who closed, and what the receiver was waiting for */
    public EndOfStreamException(String message) {
        super(message);
    }
}
