package katas.racycounter;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/** KNOWN WRONG: does not refuse a count below 1: runInParallel(0, ...) quietly runs nothing. */
public final class Workers {

    private Workers() {}

    public static void runInParallel(int count, IntConsumer work) throws InterruptedException, ExecutionException {
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        Thread[] threads = new Thread[Math.max(0, count)];
        for (int i = 0; i < threads.length; i++) {
            int worker = i;
            threads[i] = new Thread(() -> {
                try {
                    work.accept(worker);
                } catch (Throwable t) {
                    firstFailure.compareAndSet(null, t);
                }
            });
        }
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (firstFailure.get() != null) {
            throw new ExecutionException(firstFailure.get());
        }
    }
}
