package katas.racycounter;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/** KNOWN RIGHT: no try/catch in the workers: each thread's uncaught exception handler keeps the first failure. */
public final class Workers {

    private Workers() {}

    public static void runInParallel(int count, IntConsumer work) throws InterruptedException, ExecutionException {
        if (count < 1) {
            throw new IllegalArgumentException("need at least 1 worker, got " + count);
        }
        AtomicReference<Throwable> first = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int worker = i;
            Thread t = new Thread(() -> work.accept(worker), "worker-" + i);
            t.setUncaughtExceptionHandler((thread, failure) -> first.compareAndSet(null, failure));
            threads.add(t);
        }
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            t.join(); // the handler has run when join() returns
        }
        if (first.get() != null) {
            throw new ExecutionException(first.get());
        }
    }
}
