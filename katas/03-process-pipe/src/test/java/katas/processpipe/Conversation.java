package katas.processpipe;

import java.time.Duration;
import katas.kit.frame.Frame;
import katas.kit.process.ChildJvm;
import katas.kit.process.ChildProcess;

/**
 * Test support: a child JVM started by the kit ({@link ChildJvm#pipeStdio()}: the kit reads its standard error), and
 * the learner's {@link PipeEnd} over its standard input and output. Tests that are about the pipe and the child's
 * side use this, so that they do not depend on the learner's {@link ChildCounter}. Test code.
 */
final class Conversation implements AutoCloseable {

    final ChildProcess child;
    final PipeEnd pipe;

    private Conversation(ChildProcess child, PipeEnd pipe) {
        this.child = child;
        this.pipe = pipe;
    }

    /** Starts {@code main} in a child JVM named {@code name}, with a PipeEnd over its standard input and output. */
    static Conversation with(Class<?> main, String name, String... args) {
        ChildProcess child =
                ChildJvm.main(main).name(name).args(args).pipeStdio().start();
        try {
            return new Conversation(child, new PipeEnd(child.toString(), child.stdout(), child.stdin()));
        } catch (RuntimeException | Error e) {
            child.close();
            throw e;
        }
    }

    /** A conversation with the learner's {@link CountingChild}. */
    static Conversation withCountingChild(String name) {
        return with(CountingChild.class, name);
    }

    /**
     * The next frame, or an AssertionError that says what did not come and why it may not have (and what the child
     * wrote to its standard error: a child that died says there why, a stub not yet written too).
     */
    Frame next(String what, Duration timeout, String lesson) throws Exception {
        Frame frame;
        try {
            frame = pipe.receive(timeout);
        } catch (Exception e) {
            throw new AssertionError(
                    "while waiting for " + what + ", receive threw " + e + ". " + lesson + childSays(), e);
        }
        if (frame == null) {
            throw new AssertionError("no frame within " + timeout.toMillis() + " ms while waiting for " + what + ". "
                    + lesson + childSays());
        }
        return frame;
    }

    /** The child's state and the end of its standard error, for messages. */
    String childSays() {
        String state = child.isAlive()
                ? " (" + child + " is still running"
                : " (" + child + " has exited with code " + child.exitCode().getAsInt();
        String err = child.stderrText().strip();
        if (err.length() > 3_000) {
            err = "..." + err.substring(err.length() - 3_000);
        }
        return state
                + (err.isEmpty() ? "; it wrote nothing to standard error)" : "; its standard error:\n" + err + ")");
    }

    /**
     * Kills the child first (a writer blocked on a full pipe then fails at once, instead of holding the stream),
     * then closes the pipe end.
     */
    @Override
    public void close() {
        try {
            child.close();
        } finally {
            pipe.close();
        }
    }
}
