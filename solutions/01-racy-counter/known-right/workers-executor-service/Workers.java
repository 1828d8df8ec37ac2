package katas.racycounter;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * KNOWN RIGHT: a fixed pool of count threads; invokeAll waits for every task, and the first failed Future (in worker
 * order) gives the ExecutionException, the worker's exception as its cause. The pool is shut down in every case.
 */
public final class Workers {

    private Workers() {}

    public static void runInParallel(int count, IntConsumer work) throws InterruptedException, ExecutionException {
        if (count < 1) {
            throw new IllegalArgumentException("need at least 1 worker, got " + count);
        }
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            List<Callable<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int worker = i;
                tasks.add(() -> {
                    work.accept(worker);
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(tasks)) {
                f.get(); // done already: throws the worker's failure as an ExecutionException
            }
        } finally {
            pool.shutdown();
        }
    }
}
