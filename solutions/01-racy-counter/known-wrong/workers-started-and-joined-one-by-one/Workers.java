package katas.racycounter;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/** KNOWN WRONG: starts a thread and joins it before starting the next: the workers run one after the other. */
public final class Workers {

    private Workers() {}

    public static void runInParallel(int count, IntConsumer work) throws InterruptedException, ExecutionException {
        if (count < 1) {
            throw new IllegalArgumentException("need at least 1 worker, got " + count);
        }
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        for (int i = 0; i < count; i++) {
            int worker = i;
            Thread t = new Thread(() -> {
                try {
                    work.accept(worker);
                } catch (Throwable e) {
                    firstFailure.compareAndSet(null, e);
                }
            });
            t.start();
            t.join();
        }
        if (firstFailure.get() != null) {
            throw new ExecutionException(firstFailure.get());
        }
    }
}
