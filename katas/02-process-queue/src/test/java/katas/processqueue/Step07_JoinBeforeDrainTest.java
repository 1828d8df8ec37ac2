package katas.processqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import katas.kit.process.ChildProcess;
import katas.kit.process.ChildProcessTimeoutException;
import katas.testkit.Step;
import katas.testkit.process.ProcessHygiene;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@Step(7)
@DisplayName("Step 7: join before drain deadlocks - drain first, then join")
@ExtendWith(ProcessHygiene.class)
@Timeout(90)
class Step07_JoinBeforeDrainTest {

    /** 200,000 values are 2.6 MB of frames: far more than the socket buffer and the inbox hold together. */
    static final int VALUES = 200_000;

    static final long SUM_OF_VALUES = (long) VALUES * (VALUES - 1) / 2;

    static final String DEADLOCK = "Joined before draining -> deadlock: the parent waits for a worker that waits in"
            + " write() for the parent. Drain until every end marker, then join (step 7, Hint 2)";

    static final String LOST = "The parent waited for values or an end marker that never came: they were lost on the"
            + " way, between Frames.read, serve() and the inbox (while full, put must wait, never drop) (step 7, Hint 4)";

    @Test
    @DisplayName("joining a worker whose output fills the socket buffer times out: the worker waits for the parent")
    void joinBeforeDrainDeadlocks() throws Exception {
        try (ProcessQueue queue = ProcessQueue.open(Lesson.QUEUE_CAPACITY);
                ChildProcess worker =
                        queue.startWorker("flood", Fixtures.NumberProducer.class, String.valueOf(VALUES))) {
            // The wrong order, on purpose, bounded: join first.
            Throwable joined = catchThrowable(() -> worker.join(Duration.ofMillis(2_500)));
            assertThat(joined)
                    .as(
                            "join(2.5 s) BEFORE draining a worker that puts %,d values: it must time out. %s",
                            VALUES, DEADLOCK)
                    .isInstanceOf(ChildProcessTimeoutException.class);
            assertThat(worker.isAlive())
                    .as("the worker after the join timed out: still alive, blocked writing")
                    .isTrue();
            assertThat(queue.take(Duration.ofSeconds(8)).frame())
                    .as("the first value, waiting in the queue all along")
                    .isEqualTo(new Frame.Value(0));
            // The right order: drain, then join.
            long sum = 0;
            for (int i = 1; i <= VALUES; i++) {
                ProcessQueue.Message m = queue.take(Duration.ofSeconds(8));
                if (m.frame() instanceof Frame.Value v) {
                    sum += v.value();
                } else {
                    assertThat(i)
                            .as("the end marker arrived after %,d values", i - 1)
                            .isEqualTo(VALUES);
                }
            }
            assertThat(sum)
                    .as("the sum of the values drained after the failed join")
                    .isEqualTo(SUM_OF_VALUES);
            assertThat(worker.join(Duration.ofSeconds(8)))
                    .as("the worker's exit code once the parent has drained its output: now it can finish")
                    .isZero();
        }
    }

    @Test
    @DisplayName("the lesson's program drains before it joins, so workers with big results finish")
    void lessonDrainsBeforeJoining() throws Exception {
        CompletableFuture<Long> lesson = CompletableFuture.supplyAsync(() -> {
            try {
                return Lesson.sumFromWorkers(
                        2, Fixtures.NumberProducer.class, Duration.ofSeconds(8), String.valueOf(VALUES));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long total;
        try {
            total = lesson.get(10, TimeUnit.SECONDS);
        } catch (TimeoutException hung) {
            throw new AssertionError(
                    "Lesson.sumFromWorkers(2 workers x " + VALUES + " values, timeout 8 s) did not return within"
                            + " 10 s. " + DEADLOCK,
                    hung);
        } catch (ExecutionException e) {
            Throwable cause =
                    e.getCause() instanceof IllegalStateException ? e.getCause().getCause() : e.getCause();
            if (cause instanceof ChildProcessTimeoutException) {
                throw new AssertionError(
                        "Lesson.sumFromWorkers(2 workers x " + VALUES + " values) timed out joining a worker: "
                                + cause.getMessage() + ". " + DEADLOCK,
                        cause);
            }
            if (cause instanceof TimeoutException) {
                throw new AssertionError(
                        "Lesson.sumFromWorkers(2 workers x " + VALUES + " values) timed out taking from the queue: "
                                + cause.getMessage() + ". " + LOST,
                        cause);
            }
            throw new AssertionError("Lesson.sumFromWorkers failed: " + cause, cause);
        }
        assertThat(total)
                .as("sum of 2 workers each putting 0 .. %,d", VALUES - 1)
                .isEqualTo(2 * SUM_OF_VALUES);
    }
}
