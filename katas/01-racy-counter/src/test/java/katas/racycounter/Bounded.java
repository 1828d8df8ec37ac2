package katas.racycounter;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a call of the learner's code on a thread of its own and waits for it within a bound, so that a call that never
 * returns fails the test in seconds, saying where it is stuck, instead of hanging it until a JUnit timeout. The thread
 * is a daemon: a stuck one is left behind (no test can stop it), but it never keeps the JVM alive.
 */
final class Bounded {

    private Bounded() {}

    /**
     * Calls {@code code} on a new daemon thread and returns what it returned, or throws what it threw.
     *
     * @param what  the call, for the message: {@code "countConfined(4, 2,000,000)"}
     * @param limit how long to wait
     * @param why   what usually makes this call hang, for the message
     * @throws AssertionError if the call did not return within {@code limit}: names where its thread was
     */
    static <T> T call(String what, Duration limit, String why, Callable<T> code) throws Exception {
        FutureTask<T> task = new FutureTask<>(code);
        Thread thread = new Thread(task, "bounded-call");
        thread.setDaemon(true);
        thread.start();
        try {
            return task.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(String.format(
                    "%s did not return within %d s: it was at %s. %s",
                    what, limit.toSeconds(), String.join(" <- ", Hammer.frames(thread.getStackTrace())), why));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
