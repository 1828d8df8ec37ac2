package katas.racycounter;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/** KNOWN WRONG: an interrupt while joining is caught and ignored: the caller cannot stop waiting, and the interrupt is lost. */
public final class Workers {

    private Workers() {}

    public static void runInParallel(int count, IntConsumer work) throws InterruptedException, ExecutionException {
        if (count < 1) {
            throw new IllegalArgumentException("need at least 1 worker, got " + count);
        }
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int worker = i;
            threads.add(new Thread(() -> {
                try {
                    work.accept(worker);
                } catch (Throwable t) {
                    firstFailure.compareAndSet(null, t);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    // keep waiting: the workers are not done yet
                }
            }
        }
        if (firstFailure.get() != null) {
            throw new ExecutionException(firstFailure.get());
        }
    }
}
