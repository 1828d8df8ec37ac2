package katas.racycounter;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Step 1: run workers as threads, wait for all of them, and pass on their failures.
 */
public final class Workers {

    private Workers() {}

    /**
     * Runs {@code work.accept(i)} on a new thread for each worker number {@code i} from {@code 0} to
     * {@code count - 1}. All workers run at the same time; this method returns only when every one has finished.
     *
     * @param count how many workers (threads), at least 1
     * @param work  what each worker does, given its worker number
     * @throws IllegalArgumentException if {@code count} is less than 1
     * @throws ExecutionException       if a worker threw: the first worker's exception is the cause
     *                                  (thrown only after every worker has finished)
     * @throws InterruptedException     if the calling thread is interrupted while waiting
     */
    public static void runInParallel(int count, IntConsumer work) throws InterruptedException, ExecutionException {
        if (count < 1) {
            throw new IllegalArgumentException("need at least 1 worker, got " + count);
        }
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int worker = i;
            threads.add(new Thread(
                    () -> {
                        try {
                            work.accept(worker);
                        } catch (Throwable t) {
                            firstFailure.compareAndSet(null, t);
                        }
                    },
                    "worker-" + i));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(); // join() also makes everything the worker wrote visible to this thread
        }
        if (firstFailure.get() != null) {
            throw new ExecutionException("a worker failed", firstFailure.get());
        }
    }
}
