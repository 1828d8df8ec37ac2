package katas.racycounter;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.IntConsumer;

/** KNOWN WRONG: a worker's exception is printed in its own thread and never passed on: the caller thinks all went well. */
public final class Workers {

    private Workers() {}

    public static void runInParallel(int count, IntConsumer work) throws InterruptedException, ExecutionException {
        if (count < 1) {
            throw new IllegalArgumentException("need at least 1 worker, got " + count);
        }
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int worker = i;
            threads.add(new Thread(() -> {
                try {
                    work.accept(worker);
                } catch (Throwable t) {
                    t.printStackTrace();
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
    }
}
