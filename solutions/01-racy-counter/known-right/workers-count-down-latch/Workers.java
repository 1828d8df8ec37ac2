package katas.racycounter;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/** KNOWN RIGHT: a CountDownLatch instead of join(): each worker counts down when done, the caller awaits zero. */
public final class Workers {

    private Workers() {}

    public static void runInParallel(int count, IntConsumer work) throws InterruptedException, ExecutionException {
        if (count < 1) {
            throw new IllegalArgumentException("need at least 1 worker, got " + count);
        }
        AtomicReference<Throwable> first = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(count);
        Thread[] threads = new Thread[count];
        for (int i = 0; i < count; i++) {
            int worker = i;
            threads[i] = new Thread(() -> {
                try {
                    work.accept(worker);
                } catch (Throwable t) {
                    first.compareAndSet(null, t);
                } finally {
                    done.countDown(); // happens-before the await() that sees zero
                }
            });
        }
        for (Thread t : threads) {
            t.start();
        }
        done.await();
        if (first.get() != null) {
            throw new ExecutionException(first.get());
        }
    }
}
