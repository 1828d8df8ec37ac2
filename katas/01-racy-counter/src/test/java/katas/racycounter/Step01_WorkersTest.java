package katas.racycounter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import katas.kit.KataTodo;
import katas.testkit.Expect;
import katas.testkit.Step;
import katas.testkit.Telling;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Step(1)
@DisplayName("Step 1: run workers as threads, join them, pass on their failures")
@Timeout(30)
class Step01_WorkersTest {

    /** How long a test waits for workers that should be running (or done) already. */
    static final Duration SOON = Duration.ofSeconds(5);

    /** How long a test watches a call that must not return yet. */
    static final Duration WATCH = Duration.ofMillis(300);

    @Test
    @Telling
    @DisplayName("every worker number from 0 to count - 1 runs exactly once")
    void everyWorkerRunsOnce() throws Exception {
        Map<Integer, Integer> runs = new ConcurrentHashMap<>();
        Workers.runInParallel(8, i -> runs.merge(i, 1, Integer::sum));
        Map<Integer, Integer> seen = Map.copyOf(runs); // what had run when the call returned
        Map<Integer, Integer> once = IntStream.range(0, 8).boxed().collect(Collectors.toMap(i -> i, i -> 1));
        boolean returnedEarly = seen.size() < 8 && seen.values().stream().allMatch(n -> n == 1);
        assertThat(seen)
                .as(
                        returnedEarly
                                ? "runInParallel(8, work) returned while workers had not run yet: join every thread before"
                                        + " you return (worker number -> how many times it ran when the call returned)"
                                : "runInParallel(8, work): each worker number from 0 to 7 must run exactly once (worker number"
                                        + " -> how many times it ran)")
                .isEqualTo(once);
    }

    @Test
    @Telling
    @DisplayName("workers run on threads of their own, all at the same time")
    void workersRunAtTheSameTime() throws Exception {
        Thread caller = Thread.currentThread();
        CyclicBarrier allHere = new CyclicBarrier(4);
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> Workers.runInParallel(4, i -> {
            threads.add(Thread.currentThread());
            if (Thread.currentThread() == caller) {
                throw new IllegalStateException("worker " + i + " runs on the calling thread");
            }
            try {
                allHere.await(SOON.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(
                        "worker " + i + " waited " + SOON.toSeconds() + " s for the others to be running", e);
            }
        }));
        Set<Thread> seen = Set.copyOf(threads); // the workers that had run when the call returned
        assertThat(threads)
                .as("the threads the workers ran on: a worker ran on the calling thread. Call start(), not run():"
                        + " run() runs the work right here, on the calling thread, one worker after the other")
                .doesNotContain(caller);
        assertThat(thrown)
                .as("4 workers that wait for each other must all be running at once: start every thread before"
                        + " you join any (a thread joined right after its start runs alone)")
                .isNull();
        assertThat(seen)
                .as("the threads the 4 workers ran on, when runInParallel returned: fewer than 4 means it returned"
                        + " before every worker ran; join every thread before you return")
                .hasSize(4);
    }

    @ParameterizedTest(name = "worker {0} of 4 finishes last")
    @ValueSource(ints = {0, 3})
    @Telling
    @DisplayName("returns only when every worker has finished")
    void returnsOnlyWhenAllFinished(int last) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger finished = new AtomicInteger();
        Call call = Call.start(() -> {
            Workers.runInParallel(4, i -> {
                if (i == last) {
                    await(release);
                }
                finished.incrementAndGet();
            });
            return null;
        });
        try {
            waitFor(() -> finished.get() == 3 || call.isDone(), SOON);
            call.failIfThrew();
            call.failIfReturned(); // worker `last` is held back: a call that is done already did not join it
            assertThat(finished.get())
                    .as(
                            "workers finished %d s after the call, with worker %d held back: the other 3 must finish"
                                    + " at once (start every thread before you join any)",
                            SOON.toSeconds(), last)
                    .isEqualTo(3);
            assertThat(call.returnsWithin(WATCH))
                    .as(
                            "runInParallel returned while worker %d was still running: join every thread before"
                                    + " returning (all of them, not only the first, not only some)",
                            last)
                    .isFalse();
        } finally {
            release.countDown();
        }
        call.result(SOON);
        assertThat(finished.get())
                .as("workers finished when runInParallel returned")
                .isEqualTo(4);
    }

    @Test
    @Telling
    @DisplayName(
            "a worker's exception reaches the caller as the cause of an ExecutionException, after all workers finish")
    void workerFailureReachesTheCaller() {
        IllegalStateException boom = new IllegalStateException("boom in worker 2");
        AtomicInteger finished = new AtomicInteger();
        Throwable thrown = Expect.thrownBy(
                        "a failure in a worker thread must fail the caller; an exception that stays in its thread is"
                                + " lost",
                        () -> Workers.runInParallel(4, i -> {
                            if (i == 2) {
                                throw boom;
                            }
                            finished.incrementAndGet();
                        }))
                .isInstanceOf(ExecutionException.class)
                .actual();
        assertCauseIs(thrown, boom);
        assertThat(finished.get())
                .as("the other 3 workers must have finished before runInParallel throws: throw only after every"
                        + " worker has finished (join them all first)")
                .isEqualTo(3);
    }

    @Test
    @DisplayName("the ExecutionException comes only after every worker has finished, also those still running")
    void failureWaitsForTheOthers() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom in worker 0");
        CountDownLatch failed = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Call call = Call.start(() -> {
            Workers.runInParallel(4, i -> {
                if (i == 0) {
                    failed.countDown();
                    throw boom;
                }
                if (i == 3) {
                    await(release);
                }
            });
            return null;
        });
        try {
            waitFor(() -> failed.getCount() == 0 || call.isDone(), SOON);
            call.failIfTodo();
            call.failIfReturned();
            assertThat(call.returnsWithin(WATCH))
                    .as("worker 0 failed while worker 3 was still running, and runInParallel threw at once: throw"
                            + " only after every worker has finished (join them all first, then throw)")
                    .isFalse();
        } finally {
            release.countDown();
        }
        Throwable thrown = call.failure(SOON);
        assertThat(thrown).as("what runInParallel threw when worker 0 failed").isInstanceOf(ExecutionException.class);
        assertCauseIs(thrown, boom);
    }

    @Test
    @DisplayName("an Error thrown by a worker (an AssertionError, say) reaches the caller too")
    void errorReachesTheCaller() {
        AssertionError boom = new AssertionError("worker 1 failed an assertion");
        Throwable thrown = Expect.thrownBy(
                        "worker 1 threw an AssertionError, an Error, not an Exception: it must reach the caller too,"
                                + " as the cause of the ExecutionException (step 1, Hint 3)",
                        () -> Workers.runInParallel(3, i -> {
                            if (i == 1) {
                                throw boom;
                            }
                        }))
                .isInstanceOf(ExecutionException.class)
                .actual();
        assertCauseIs(thrown, boom);
    }

    @Test
    @DisplayName("when several workers fail, the first failure is the cause")
    void firstFailureIsTheCause() throws Exception {
        IllegalStateException first = new IllegalStateException("worker 0 failed first");
        IllegalStateException later = new IllegalStateException("worker 3 failed later");
        AtomicReference<Thread> firstThread = new AtomicReference<>();
        Throwable thrown = Expect.thrownBy(
                        "workers 0 and 3 failed: runInParallel must throw an ExecutionException",
                        () -> Workers.runInParallel(4, i -> {
                            if (i == 0) {
                                firstThread.set(Thread.currentThread());
                                throw first;
                            }
                            if (i == 3) {
                                // Fail only once worker 0's failure is over: its thread has ended, or waits for more.
                                waitFor(() -> firstThread.get() != null && isDoneOrIdle(firstThread.get()), SOON);
                                throw later;
                            }
                        }))
                .isInstanceOf(ExecutionException.class)
                .actual();
        assertThat(thrown.getCause())
                .as("worker 0 failed first, worker 3 later: the cause must be the first failure, worker 0's. Keep"
                        + " the first one (compareAndSet(null, t) on an AtomicReference); a later failure must"
                        + " not replace it")
                .isSameAs(first);
    }

    @Test
    @DisplayName("an interrupted caller stops waiting with an InterruptedException")
    void interruptedCallerStopsWaiting() throws Exception {
        CountDownLatch started = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        Call call = Call.start(() -> {
            Workers.runInParallel(2, i -> {
                started.countDown();
                await(release);
            });
            return null;
        });
        try {
            waitFor(() -> started.getCount() == 0 || call.isDone(), SOON);
            call.failIfThrew();
            call.failIfReturned();
            call.thread().interrupt();
            if (!call.returnsWithin(Duration.ofSeconds(2))) {
                throw new AssertionError("runInParallel was interrupted while it waited for its workers, and went on"
                        + " waiting: an InterruptedException from join() was caught and ignored. Let it go to the"
                        + " caller (runInParallel declares it): whoever interrupts wants the wait to end.");
            }
        } finally {
            release.countDown();
        }
        Throwable thrown = call.failure(SOON);
        assertThat(thrown)
                .as(
                        "runInParallel was interrupted while its workers were still running, and %s: it must throw the"
                                + " InterruptedException from join() on to its caller, not return as if the workers"
                                + " had finished",
                        thrown == null ? "returned normally" : "threw " + thrown)
                .isInstanceOf(InterruptedException.class);
    }

    @Test
    @DisplayName("refuses a worker count below 1 with an IllegalArgumentException")
    void refusesBadCounts() {
        Expect.thrownBy(
                        "runInParallel(0, ...) must refuse a count below 1 with an IllegalArgumentException",
                        () -> Workers.runInParallel(0, i -> {}))
                .isInstanceOf(IllegalArgumentException.class);
        Expect.thrownBy(
                        "runInParallel(-3, ...) must refuse a count below 1 with an IllegalArgumentException",
                        () -> Workers.runInParallel(-3, i -> {}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertCauseIs(Throwable thrown, Throwable workers) {
        Throwable cause = thrown.getCause();
        if (cause != workers && cause != null && cause.getCause() == workers) {
            throw new AssertionError(String.format(
                    "the cause of the ExecutionException must be the worker's own exception, not wrapped in"
                            + " another: it is a %s whose cause is the worker's %s",
                    cause.getClass().getName(), workers));
        }
        assertThat(cause)
                .as("the cause of the ExecutionException: the worker's own exception, itself, not wrapped")
                .isSameAs(workers);
    }

    private static boolean isDoneOrIdle(Thread t) {
        Thread.State s = t.getState();
        return s != Thread.State.NEW && s != Thread.State.RUNNABLE;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Polls {@code condition} every millisecond until it holds or {@code limit} has passed. */
    private static void waitFor(BooleanSupplier condition, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(1_000_000);
        }
    }

    /** A call of runInParallel on a daemon thread of its own, so that the test can watch it, and interrupt it. */
    private static final class Call {
        private final FutureTask<Void> task;
        private final Thread thread;

        private Call(Callable<Void> code) {
            task = new FutureTask<>(code);
            thread = new Thread(task, "runInParallel-caller");
            thread.setDaemon(true);
        }

        static Call start(Callable<Void> code) {
            Call call = new Call(code);
            call.thread.start();
            return call;
        }

        Thread thread() {
            return thread;
        }

        boolean isDone() {
            return task.isDone();
        }

        /** Whether the call ended (returned or threw) within {@code time}. */
        boolean returnsWithin(Duration time) throws InterruptedException {
            try {
                task.get(time.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                return true;
            } catch (TimeoutException e) {
                return false;
            }
            return true;
        }

        /** If the call has thrown already, throws that (a stub's KATA TODO, say). */
        void failIfThrew() throws Exception {
            if (task.isDone()) {
                Throwable t = failure(SOON);
                if (t instanceof Exception e) {
                    throw e;
                }
                if (t instanceof Error e) {
                    throw e;
                }
            }
        }

        /** If the call has thrown a stub's KATA TODO already, throws it. */
        void failIfTodo() throws Exception {
            if (task.isDone() && KataTodo.isTodo(failure(SOON))) {
                failIfThrew();
            }
        }

        /** If the call has returned normally already, fails: it returned while a worker still ran. */
        void failIfReturned() throws Exception {
            if (task.isDone() && failure(SOON) == null) {
                throw new AssertionError("runInParallel returned while a worker was still running: join every thread"
                        + " before returning");
            }
        }

        /** Waits for the call to end; returns normally if it did, throws what it threw otherwise. */
        void result(Duration limit) throws Exception {
            Throwable t = failure(limit);
            if (t instanceof Exception e) {
                throw e;
            }
            if (t instanceof Error e) {
                throw e;
            }
        }

        /** Waits for the call to end: what it threw, or null if it returned normally. */
        Throwable failure(Duration limit) throws InterruptedException {
            try {
                task.get(limit.toMillis(), TimeUnit.MILLISECONDS);
                return null;
            } catch (ExecutionException e) {
                return e.getCause();
            } catch (TimeoutException e) {
                throw new AssertionError("runInParallel did not return within " + limit.toSeconds()
                        + " s after its workers were released: does it join every thread, and return then?");
            }
        }
    }
}
