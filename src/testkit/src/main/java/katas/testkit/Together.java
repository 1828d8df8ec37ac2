package katas.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Test-side thread runner: starts {@code n} threads that wait at a barrier and then run their body at once,
 * joins them within a deadline, and carries the first failure of any thread back to the caller.
 *
 * <p>Tests use this rather than the learner's own worker code, so that a step does not depend on an
 * earlier step being right. Call from one thread; the body runs on {@code n} new threads.
 */
public final class Together {

    private Together() {}

    /**
     * Runs {@code body.accept(i)} on thread {@code i}, for {@code i} in {@code 0..n-1}, all released at once.
     *
     * @throws AssertionError if a thread threw (the thread's throwable is the cause), or if the threads
     *         did not finish within {@code timeout} (they are interrupted, and named in the message)
     */
    public static void run(int n, Duration timeout, IntConsumer body) throws InterruptedException {
        if (n < 1) {
            throw new IllegalArgumentException("need at least one thread, got " + n);
        }
        CyclicBarrier start = new CyclicBarrier(n);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int id = i;
            Thread t = new Thread(
                    () -> {
                        try {
                            start.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
                            body.accept(id);
                        } catch (Throwable e) {
                            failure.compareAndSet(null, e);
                        }
                    },
                    "test-thread-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : threads) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left > 0) {
                t.join(left);
            }
            if (t.isAlive()) {
                threads.forEach(Thread::interrupt);
                throw new AssertionError(t.getName() + " did not finish within " + timeout.toMillis() + " ms");
            }
        }
        Throwable first = failure.get();
        if (first != null) {
            throw new AssertionError("a test thread failed: " + first, first);
        }
    }
}
