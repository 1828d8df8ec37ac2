package katas.loop.progress;

/**
 * The last result of one kata test.
 *
 * @param status  what happened
 * @param message the failure, on one line (empty when it passed); for {@link Status#NOT_RUN}, why it did not run
 * @param millis  how long it ran
 * @param kind    for a {@link Status#FAILED} test, how it failed (what the board ranks failures by); else
 *                {@link Kind#NONE}
 */
public record TestResult(Status status, String message, long millis, Kind kind) {

    /** What happened to a test. */
    public enum Status {
        /** It passed. */
        PASSED,
        /** It failed because a stub is not written yet ({@code KATA TODO}). */
        TODO,
        /** It failed for another reason: the learner's code is wrong, or too slow. */
        FAILED,
        /** It was skipped or aborted (an assumption did not hold). */
        SKIPPED,
        /**
         * The run picked it but did not run it, for the reason in the message: an earlier test of its step timed out,
         * the run's time for failing tests was spent, or the test JVM died. Only a run's outcome has it: the progress
         * keeps such a test as not run, with the reason ({@link StepProgress.Test#notRun()}).
         */
        NOT_RUN
    }

    /**
     * How a test failed, from the most telling to the least (see {@code katas.testkit.Telling}): the board shows the
     * failure of a step with the best rank, and a {@code @Telling} test's failure before all of them.
     */
    public enum Kind {
        /** Not a failure (passed, a stub, skipped). */
        NONE(9),
        /** An assertion failed: a message the test wrote (an {@code AssertionError}, an Awaitility condition). */
        ASSERTION(1),
        /** The learner's code threw another exception. */
        EXCEPTION(2),
        /**
         * The test itself passed, but left a child process or a kata file behind (the hygiene check after it): a
         * {@code @Telling} test's failure of this kind is not raised above the others, since what it tells is
         * usually a consequence (a file left because a step of the test failed elsewhere).
         */
        LEFT_BEHIND(2),
        /** The test JVM died while the test ran (killed, crashed, or ended by the code under test). */
        DIED(2),
        /** It ran out of time (a {@code @Timeout}, or the run's own time limit). */
        TIMEOUT(3);

        private final int rank;

        Kind(int rank) {
            this.rank = rank;
        }

        /** 1 is the most telling; a {@code @Telling} test's failure ranks 0 whatever its kind but {@link #LEFT_BEHIND}. */
        public int rank() {
            return rank;
        }
    }

    public TestResult {
        if (status == null) {
            throw new IllegalArgumentException("a test result needs a status");
        }
        message = message == null ? "" : message;
        kind = status != Status.FAILED ? Kind.NONE : kind == null || kind == Kind.NONE ? guess(message) : kind;
    }

    /** A result whose kind, for a failure, is read from its message (as progress files of format 2 have it). */
    public TestResult(Status status, String message, long millis) {
        this(status, message, millis, null);
    }

    public boolean passed() {
        return status == Status.PASSED;
    }

    /**
     * The kind of a failure from its one-line message alone ({@code Runner.describe} writes an assertion's message as
     * it is, and another exception with its class name first).
     */
    static Kind guess(String message) {
        String m = message.strip();
        if (m.startsWith("TimeoutException") || m.matches("(?s)^\\S*execution (timed out|exceeded timeout).*")) {
            return Kind.TIMEOUT;
        }
        if (m.startsWith("ConditionTimeoutException")) {
            return Kind.ASSERTION;
        }
        return m.matches("(?s)^[A-Z][\\w$]*(Exception|Error|Throwable)(:.*)?") ? Kind.EXCEPTION : Kind.ASSERTION;
    }
}
