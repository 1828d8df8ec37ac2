package katas.processqueue;

import java.io.IOException;

/**
 * The queue cannot deliver what the parent waits for: a producer died before its end marker, or sent bytes
 * that are not frames. Given code. The message names the producer and, when the parent knows it, the
 * worker's exit code. Immutable.
 */
public class QueueException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, naming the producer */
    public QueueException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, naming the producer
     * @param cause   the underlying failure (a {@link FrameException}, an I/O error)
     */
    public QueueException(String message, Throwable cause) {
        super(message, cause);
    }
}
