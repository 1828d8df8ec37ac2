package katas.racycounter;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/** KNOWN WRONG: catches Exception in the worker, so an Error (an AssertionError, say) escapes the holder and is lost. */
public final class Workers {

    private Workers() {}

    public static void runInParallel(int count, IntConsumer work) throws InterruptedException, ExecutionException {
        if (count < 1) {
            throw new IllegalArgumentException("need at least 1 worker, got " + count);
        }
        AtomicReference<Exception> firstFailure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int worker = i;
            threads.add(new Thread(() -> {
                try {
                    work.accept(worker);
                } catch (Exception e) {
                    firstFailure.compareAndSet(null, e);
                }
            }));
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
