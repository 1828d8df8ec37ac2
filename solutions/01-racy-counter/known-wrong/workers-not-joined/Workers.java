package katas.racycounter;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/** KNOWN WRONG: starts the workers and returns at once, without joining them. */
public final class Workers {

    private Workers() {}

    public static void runInParallel(int count, IntConsumer work) throws InterruptedException, ExecutionException {
        if (count < 1) {
            throw new IllegalArgumentException("need at least 1 worker, got " + count);
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int i = 0; i < count; i++) {
            int worker = i;
            new Thread(() -> {
                        try {
                            work.accept(worker);
                        } catch (Throwable t) {
                            failure.compareAndSet(null, t);
                        }
                    })
                    .start();
        }
        if (failure.get() != null) {
            throw new ExecutionException(failure.get());
        }
    }
}
