package katas.testkit.process;

/**
 * The failure of a test that left a child process or a kata file behind, thrown by {@link ProcessHygiene} after
 * the test. Its own type, so that the board can tell it from the test's assertions: a file left behind is often
 * the consequence of a mistake another test names better.
 */
public final class LeftBehindError extends AssertionError {

    private static final long serialVersionUID = 1L;

    /** @param message what was left behind, and what the hygiene check did about it */
    public LeftBehindError(String message) {
        super(message);
    }
}
