package katas.kit.shm;

import java.io.IOException;

/**
 * A shared-memory segment cannot be created or opened as asked: one of that name exists already, none does, it
 * has another size, its header is not a kata segment's, or it belongs to another run. The message names the
 * segment and the problem. Given code. Immutable.
 */
public final class SegmentException extends IOException {

    private static final long serialVersionUID = 1L;

    SegmentException(String message) {
        super(message);
    }

    SegmentException(String message, Throwable cause) {
        super(message, cause);
    }
}
