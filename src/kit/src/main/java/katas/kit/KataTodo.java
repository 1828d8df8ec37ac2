package katas.kit;

/**
 * Thrown by a kata stub that the learner has not written yet.
 *
 * <p>Every stub in {@code katas/NN-*&#47;src/main/java} throws one of these, made by {@link Kata#todo}.
 * The test output, the progress board and the maintainers' integrity check all recognise it, so
 * a failing step says "not written yet" rather than "broken". Its message always starts with
 * {@link #MARKER}, which survives the trip through a child process's standard error.
 */
public final class KataTodo extends UnsupportedOperationException {

    /** The text every stub message starts with; the integrity check looks for it. */
    public static final String MARKER = "KATA TODO:";

    private static final long serialVersionUID = 1L;

    KataTodo(String message) {
        super(message);
    }

    /**
     * Whether {@code failure}, one of its causes, or one of their suppressed exceptions is a stub
     * that is not written yet (also when it arrived only as text, from a child process).
     */
    public static boolean isTodo(Throwable failure) {
        return isTodo(failure, 0);
    }

    private static boolean isTodo(Throwable t, int depth) {
        if (t == null || depth > 32) {
            return false;
        }
        if (t instanceof KataTodo || (t.getMessage() != null && t.getMessage().contains(MARKER))) {
            return true;
        }
        for (Throwable suppressed : t.getSuppressed()) {
            if (isTodo(suppressed, depth + 1)) {
                return true;
            }
        }
        return isTodo(t.getCause(), depth + 1);
    }
}
