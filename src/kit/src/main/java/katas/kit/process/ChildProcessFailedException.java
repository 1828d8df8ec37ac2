package katas.kit.process;

/**
 * Thrown by {@link ChildProcess#awaitSuccess} when a child process exited with a code other than 0.
 *
 * <p>The message names the child, its pid and its exit code, and quotes the end of what it wrote
 * to standard error (where a child's uncaught exception and its stack trace end up), so a failed
 * child reads like a failed test. Immutable; safe to pass between threads.
 */
public final class ChildProcessFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String childName;
    private final long pid;
    private final int exitCode;
    private final String stderrTail;

    ChildProcessFailedException(String childName, long pid, int exitCode, String stderrTail) {
        super("child process '" + childName + "' (pid " + pid + ") failed with exit code " + exitCode
                + ExitCodes.explain(exitCode) + StderrSummary.quote(stderrTail));
        this.childName = childName;
        this.pid = pid;
        this.exitCode = exitCode;
        this.stderrTail = stderrTail;
    }

    /** The child's name, as given to {@link ChildJvm#name}. */
    public String childName() {
        return childName;
    }

    /** The child's process id. */
    public long pid() {
        return pid;
    }

    /** The child's exit code (never 0). */
    public int exitCode() {
        return exitCode;
    }

    /** The last part of the child's standard error, as quoted in the message. */
    public String stderrTail() {
        return stderrTail;
    }
}
