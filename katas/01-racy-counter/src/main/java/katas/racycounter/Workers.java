package katas.racycounter;

import java.util.concurrent.ExecutionException;
import java.util.function.IntConsumer;
import katas.kit.Kata;

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
        // TODO step 1: start `count` threads (start them all before you wait for any), join each one,
        //  and rethrow the first worker's exception as the cause of an ExecutionException.
        throw Kata.todo(
                "Workers.runInParallel: start one thread per worker, join them all, pass on a worker's exception");
    }
}
