package katas.kit.frame;

import java.io.IOException;
import java.util.Objects;

/**
 * Bytes that are not a valid frame, or a frame that may not be written: an unknown kind, a negative length, a length
 * over the limit or one its kind does not allow, or a stream that ended in the middle of a frame. An
 * {@link IOException}, because it comes from a stream. Its message says what was wrong, with the numbers;
 * {@link #problem()} says which rule was broken (a half-written frame usually means the writer died). Immutable.
 */
public class FrameException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Which rule of the frame format the bytes broke. */
    public enum Problem {
        /** The kind byte is not one the codec knows. */
        UNKNOWN_KIND,
        /** The length field is negative. */
        NEGATIVE_LENGTH,
        /** The length is over the codec's size limit. */
        OVER_LIMIT,
        /** The length is one the frame's kind does not allow (a count is 16 bytes, a stop 0...). */
        WRONG_LENGTH,
        /** The stream ended inside a frame: after its kind byte, in its length, or in its payload. */
        HALF_WRITTEN
    }

    private final Problem problem;

    /**
     * @param problem which rule was broken
     * @param message what was wrong, in words, with the numbers
     * @throws NullPointerException if {@code problem} is null
     */
    public FrameException(Problem problem, String message) {
        super(message);
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    /** Which rule of the frame format was broken. */
    public Problem problem() {
        return problem;
    }
}
