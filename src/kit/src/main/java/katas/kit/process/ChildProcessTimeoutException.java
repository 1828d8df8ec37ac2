package katas.kit.process;

import java.time.Duration;

/**
 * Thrown by {@link ChildProcess#join} and {@link ChildProcess#awaitSuccess} when the child did not exit in time; it is
 * still running: wait more, or {@link ChildProcess#kill()} it ({@link ChildProcess#close()} does). The message names
 * the child, its pid and the time waited, and quotes the end of its standard error so far. Immutable.
 */
public final class ChildProcessTimeoutException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String childName;
    private final long pid;
    private final Duration timeout;
    private final String stderrTail;

    ChildProcessTimeoutException(String childName, long pid, Duration timeout, String stderrTail) {
        super("child process '" + childName + "' (pid " + pid + ") did not exit within " + timeout.toMillis()
                + " ms; it is still running (close() or kill() ends it)" + StderrSummary.quote(stderrTail));
        this.childName = childName;
        this.pid = pid;
        this.timeout = timeout;
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

    /** How long the caller waited. */
    public Duration timeout() {
        return timeout;
    }

    /** The last part of the child's standard error when the wait ended. */
    public String stderrTail() {
        return stderrTail;
    }
}
