package katas.racycounter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import katas.testkit.Step;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Step(1)
@DisplayName("Step 1: run workers as threads, join them, pass on their failures")
@Timeout(30)
class Step01_WorkersTest {

    @Test
    @DisplayName("every worker number from 0 to count - 1 runs exactly once")
    void everyWorkerRunsOnce() throws Exception {
        Map<Integer, Integer> runs = new ConcurrentHashMap<>();
        Workers.runInParallel(8, i -> runs.merge(i, 1, Integer::sum));
        Map<Integer, Integer> once = IntStream.range(0, 8).boxed().collect(Collectors.toMap(i -> i, i -> 1));
        assertThat(runs).as("how many times each worker number ran (8 workers)").isEqualTo(once);
    }

    @Test
    @DisplayName("workers run on threads of their own, all at the same time")
    void workersRunAtTheSameTime() throws Exception {
        CyclicBarrier allHere = new CyclicBarrier(4);
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        Throwable thrown = catchThrowable(() -> Workers.runInParallel(4, i -> {
            threads.add(Thread.currentThread());
            try {
                allHere.await(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("worker " + i + " waited 5 s for the others to be running", e);
            }
        }));
        assertThat(thrown)
                .as("4 workers that wait for each other must all be running at once: start every thread before"
                        + " you join any (a thread joined right after its start runs alone)")
                .isNull();
        assertThat(threads).as("the threads the workers ran on").hasSize(4).doesNotContain(Thread.currentThread());
    }

    @Test
    @DisplayName("returns only when every worker has finished")
    void returnsOnlyWhenAllFinished() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger finished = new AtomicInteger();
        CompletableFuture<Void> call = CompletableFuture.runAsync(() -> {
            try {
                Workers.runInParallel(3, i -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    finished.incrementAndGet();
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            call.get(300, TimeUnit.MILLISECONDS);
            assertThat(call.isDone())
                    .as(
                            "runInParallel returned while its workers were still running: join every thread before returning")
                    .isFalse();
        } catch (TimeoutException stillWaiting) {
            // right: the workers are blocked, so runInParallel must still be waiting for them
        } catch (ExecutionException e) {
            throw new AssertionError("runInParallel failed: " + e.getCause(), e.getCause());
        } finally {
            release.countDown();
        }
        call.get(10, TimeUnit.SECONDS);
        assertThat(finished.get())
                .as("workers finished when runInParallel returned")
                .isEqualTo(3);
    }

    @Test
    @DisplayName(
            "a worker's exception reaches the caller as the cause of an ExecutionException, after all workers finish")
    void workerFailureReachesTheCaller() {
        IllegalStateException boom = new IllegalStateException("boom in worker 2");
        AtomicInteger finished = new AtomicInteger();
        Throwable thrown = catchThrowable(() -> Workers.runInParallel(4, i -> {
            if (i == 2) {
                throw boom;
            }
            finished.incrementAndGet();
        }));
        assertThat(thrown)
                .as("a failure in a worker thread must fail the caller; an exception that stays in its thread is lost")
                .isInstanceOf(ExecutionException.class);
        assertThat(thrown.getCause())
                .as("the cause of the ExecutionException: the worker's own exception")
                .isSameAs(boom);
        assertThat(finished.get())
                .as("the other 3 workers must have finished before runInParallel throws")
                .isEqualTo(3);
    }

    @Test
    @DisplayName("refuses a worker count below 1 with an IllegalArgumentException")
    void refusesBadCounts() {
        assertThatThrownBy(() -> Workers.runInParallel(0, i -> {}))
                .as("runInParallel(0, ...)")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Workers.runInParallel(-3, i -> {}))
                .as("runInParallel(-3, ...)")
                .isInstanceOf(IllegalArgumentException.class);
    }
}
