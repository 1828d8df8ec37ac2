package katas.sharedmemory;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Test support: watching a thread of this JVM that waits in the learner's {@link SharedSemaphore}, from outside,
 * without touching the learner's code: where it is (its stack), whether it is paused (parked, sleeping, waiting) or
 * running, and how many times it has paused. Test code only.
 */
final class Watch {

    private Watch() {}

    /** Whether {@code thread} is inside a method of the learner's {@link SharedSemaphore} now. */
    static boolean insideSemaphore(Thread thread) {
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (frame.getClassName().equals(SharedSemaphore.class.getName())) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code thread} is paused now: parked, sleeping or waiting, not running or ready to run. */
    static boolean paused(Thread thread) {
        Thread.State state = thread.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }

    /**
     * How many times {@code thread} has paused so far: parked ({@code LockSupport.park*}), slept or waited (the JVM
     * counts each; {@code ThreadInfo.getWaitedCount}); -1 once the thread has ended.
     */
    @SuppressWarnings("deprecation") // Thread.getId: threadId() is JDK 19+
    static long pauses(Thread thread) {
        ThreadInfo info = ManagementFactory.getThreadMXBean().getThreadInfo(thread.getId());
        return info == null ? -1 : info.getWaitedCount();
    }

    /**
     * Waits (at most {@code atMost}) until {@code thread} waits in the semaphore: seen paused inside it, or inside it
     * for 300 ms on end (a waiter that never pauses). Fails, saying what the thread gave, if it ended first or never
     * got there.
     *
     * @param what   what the thread does, for the message (e.g. "acquire()")
     * @param result what the thread's call returned or threw, once it has ended
     * @param lesson what the thread should do, for the message
     */
    static void awaitWaiting(
            Thread thread, String what, AtomicReference<Object> result, Duration atMost, String lesson) {
        long start = System.nanoTime();
        long insideSince = -1;
        while (System.nanoTime() - start < atMost.toNanos()) {
            if (!thread.isAlive()) {
                throw new AssertionError(what + " ended before it had to wait: it "
                        + (result.get() instanceof Throwable t ? "threw " + t : "returned " + result.get())
                        + ", while a live process held the permit. " + lesson);
            }
            if (insideSemaphore(thread)) {
                long now = System.nanoTime();
                insideSince = insideSince < 0 ? now : insideSince;
                if (paused(thread) || now - insideSince > TimeUnit.MILLISECONDS.toNanos(300)) {
                    return;
                }
            } else {
                insideSince = -1;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // pacing between looks
        }
        throw new AssertionError(what + " was not seen waiting in SharedSemaphore within " + atMost.toSeconds()
                + " s, while a live process held the permit. " + lesson);
    }
}
