package katas.processqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import katas.kit.process.ChildJvm;
import katas.kit.process.ChildProcess;
import katas.kit.process.ChildProcessTimeoutException;
import katas.testkit.Step;
import katas.testkit.process.ProcessHygiene;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@Step(5)
@DisplayName("Step 5: the lesson - worker processes count alone, the parent sums what they put")
@ExtendWith(ProcessHygiene.class)
@Timeout(120)
class Step05_LessonTest {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    static final String EVERY_END = "The parent must take messages until it holds the end marker of EVERY worker (one"
            + " per worker, counted by name), not stop at the first end marker it sees: other workers may still"
            + " be sending";

    @Test
    @DisplayName("CountingWorker.count counts one by one to n")
    void countCounts() {
        assertThat(CountingWorker.count(1_000)).as("CountingWorker.count(1000)").isEqualTo(1_000);
        assertThat(CountingWorker.count(0)).as("CountingWorker.count(0)").isZero();
        assertThatThrownBy(() -> CountingWorker.count(-1))
                .as("CountingWorker.count(-1)")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("a CountingWorker process puts its count, then its end marker, under its own name")
    void workerProcessPutsItsCount() throws Exception {
        try (ProcessQueue queue = ProcessQueue.open(16);
                ChildProcess worker = ChildJvm.main(CountingWorker.class)
                        .name("worker-1")
                        .args(queue.socketPath().toString(), "worker-1", "12345")
                        .start()) {
            queue.watch(worker);
            assertThat(queue.take(Duration.ofSeconds(30)))
                    .as("the first message of CountingWorker <socket> worker-1 12345: its count")
                    .isEqualTo(new ProcessQueue.Message("worker-1", new Frame.Value(12_345)));
            assertThat(queue.take(Duration.ofSeconds(30)))
                    .as("its second message: the end marker")
                    .isEqualTo(new ProcessQueue.Message("worker-1", new Frame.End()));
            worker.awaitSuccess(Duration.ofSeconds(30));
        }
    }

    @Test
    @DisplayName("a CountingWorker refuses wrong arguments: its process fails")
    void workerRefusesBadArguments() throws Exception {
        try (ChildProcess worker = ChildJvm.main(CountingWorker.class)
                .shortLived()
                .args("only-one-argument")
                .start()) {
            assertThat(worker.join(Duration.ofSeconds(30)))
                    .as("exit code of CountingWorker run with 1 argument instead of <socket> <name> <count>")
                    .isNotZero();
            assertThat(worker.stderrText())
                    .as("what it wrote to standard error")
                    .contains("IllegalArgumentException");
        }
    }

    @Test
    @DisplayName("the lesson: 2 worker processes x 50,000,000 sum to exactly 100,000,000")
    void theLesson(TestReporter report) throws Exception {
        long start = System.nanoTime();
        long total = Lesson.countWithWorkers(2, 50_000_000, TIMEOUT);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(total)
                .as(
                        "Lesson.countWithWorkers(2, 50,000,000): each process counts in its own memory, so"
                                + " nothing is lost; the parent adds the two results. %s",
                        EVERY_END)
                .isEqualTo(100_000_000);
        String measured = String.format(
                "the lesson with processes: 2 x 50,000,000 = %,d in %.2f s (child JVM starts" + " included)",
                total, seconds);
        System.out.println("  " + measured);
        report.publishEntry("lesson", measured);
    }

    @Test
    @DisplayName("4 workers that finish at different times: the parent drains until every worker's end marker")
    void drainsUntilEveryEndMarker() throws Exception {
        // worker-i puts the value 1, i x 20,000 times: worker-1 ends long before worker-4.
        long total;
        try {
            total = Lesson.sumFromWorkers(4, Fixtures.StaggeredProducer.class, Duration.ofSeconds(30), "20000");
        } catch (ChildProcessTimeoutException | TimeoutException e) {
            throw new AssertionError(
                    "Lesson.sumFromWorkers(4 staggered workers) timed out: " + e.getMessage()
                            + ". Workers were still running, blocked writing their output: the parent stopped taking"
                            + " before it had every worker's end marker, or joined before draining. " + EVERY_END,
                    e);
        }
        assertThat(total)
                .as("sum from 4 workers putting 20,000 + 40,000 + 60,000 + 80,000 ones. %s", EVERY_END)
                .isEqualTo(200_000);
    }

    @Test
    @DisplayName("refuses fewer than 1 worker, a negative count and a non-positive timeout")
    void refusesBadInput() {
        assertThatThrownBy(() -> Lesson.countWithWorkers(0, 10, TIMEOUT))
                .as("countWithWorkers(0, 10, ...)")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Lesson.countWithWorkers(2, -1, TIMEOUT))
                .as("countWithWorkers(2, -1, ...)")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Lesson.sumFromWorkers(1, CountingWorker.class, Duration.ZERO, "1"))
                .as("sumFromWorkers(..., Duration.ZERO, ...)")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Lesson.sumFromWorkers(1, null, TIMEOUT))
                .as("sumFromWorkers(1, null, ...)")
                .isInstanceOf(NullPointerException.class);
    }
}
