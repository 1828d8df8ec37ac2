package katas.processqueue;

import java.io.IOException;

/**
 * Bytes that are not a valid frame: truncated, too long, a negative length, an unknown type. Given code.
 *
 * <p>It is an {@link IOException} because it comes from reading (or writing) a stream; its message says what
 * was wrong, in words, with the numbers. Immutable.
 */
public class FrameException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong with the frame, in words */
    public FrameException(String message) {
        super(message);
    }
}
