package katas.loop.progress;

/**
 * The last result of one kata test.
 *
 * @param status  what happened
 * @param message the failure, on one line (empty when it passed)
 * @param millis  how long it ran
 */
public record TestResult(Status status, String message, long millis) {

    /** What happened to a test. */
    public enum Status {
        /** It passed. */
        PASSED,
        /** It failed because a stub is not written yet ({@code KATA TODO}). */
        TODO,
        /** It failed for another reason: the learner's code is wrong, or too slow. */
        FAILED,
        /** It was skipped or aborted (an assumption did not hold). */
        SKIPPED
    }

    public TestResult {
        if (status == null) {
            throw new IllegalArgumentException("a test result needs a status");
        }
        message = message == null ? "" : message;
    }

    public boolean passed() {
        return status == Status.PASSED;
    }
}
