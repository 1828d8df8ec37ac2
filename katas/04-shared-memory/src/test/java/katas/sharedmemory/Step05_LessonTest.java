package katas.sharedmemory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import katas.kit.process.ChildJvm;
import katas.kit.process.ChildProcess;
import katas.kit.shm.Segment;
import katas.testkit.Expect;
import katas.testkit.Step;
import katas.testkit.process.ProcessHygiene;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@Step(5)
@DisplayName("Step 5: the lesson's way - count locally, add once under the semaphore")
@ExtendWith(ProcessHygiene.class)
@Timeout(180)
class Step05_LessonTest {

    static final Duration TIMEOUT = Duration.ofSeconds(120);

    static final String UNDER_THE_SEMAPHORE = "The add to the shared counter (read it, add, write it back) must happen"
            + " while holding the semaphore: acquire, add, release (in a finally). Without it, two workers that add at"
            + " the same moment lose one of the adds";

    static final Duration BOUND = Duration.ofSeconds(10);

    static final String RELEASE =
            "Every acquire needs its release, in a finally block: a permit that is never given back"
                    + " makes the next acquire wait for ever, in this process too";

    static final String UNLINK = "The creator must unlink the segment (segment.unlink()) once every worker is done, in"
            + " a finally block so that a failure unlinks it too; otherwise its file stays in /dev/shm, holding memory";

    @Test
    @DisplayName("in one process: lockedEach counts right and leaves the semaphore free")
    void lockedEachAlone() throws Exception {
        try (Segment segment = Shm.inThisJvm("step5-locked", Lesson.SEGMENT_SIZE)) {
            SharedLong counter = new SharedLong(segment, Lesson.COUNTER_AT);
            SharedSemaphore semaphore = new SharedSemaphore(new SharedLong(segment, Lesson.SEMAPHORE_AT));
            Shm.within(BOUND, "Counting.lockedEach(counter, semaphore, 1000) in one process. " + RELEASE, () -> {
                Counting.lockedEach(counter, semaphore, 1_000);
                return null;
            });
            assertThat(counter.get())
                    .as("the counter after lockedEach(counter, semaphore, 1000)")
                    .isEqualTo(1_000);
            assertThat(Shm.read(segment.buffer(), Lesson.SEMAPHORE_AT))
                    .as("the semaphore's word after lockedEach: 0, free (every acquire has its release)")
                    .isZero();
            Expect.thrownBy("lockedEach(counter, semaphore, -1)", () -> Counting.lockedEach(counter, semaphore, -1))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    @DisplayName("in one process: countThenAdd adds its count once, returns it, and leaves the semaphore free")
    void countThenAddAlone() throws Exception {
        try (Segment segment = Shm.inThisJvm("step5-local", Lesson.SEGMENT_SIZE)) {
            SharedLong counter = new SharedLong(segment, Lesson.COUNTER_AT);
            SharedSemaphore semaphore = new SharedSemaphore(new SharedLong(segment, Lesson.SEMAPHORE_AT));
            counter.set(5);
            assertThat(Shm.within(
                            BOUND,
                            "Counting.countThenAdd(counter, semaphore, 1000) in one process. " + RELEASE,
                            () -> Counting.countThenAdd(counter, semaphore, 1_000)))
                    .as("what countThenAdd(counter, semaphore, 1000) returns: its local count")
                    .isEqualTo(1_000);
            assertThat(counter.get())
                    .as("the counter, 5 before countThenAdd(..., 1000)")
                    .isEqualTo(1_005);
            assertThat(Shm.read(segment.buffer(), Lesson.SEMAPHORE_AT))
                    .as("the semaphore's word after countThenAdd: 0, free")
                    .isZero();
            Expect.thrownBy("countThenAdd(counter, semaphore, -1)", () -> Counting.countThenAdd(counter, semaphore, -1))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    @DisplayName("countThenAdd adds under the semaphore: while another process holds it, nothing is added; after, all")
    void countThenAddWaitsForTheSemaphore() throws Exception {
        try (Segment segment = Shm.inThisJvm("step5-waits", Lesson.SEGMENT_SIZE)) {
            ByteBuffer memory = segment.buffer();
            SharedLong counter = new SharedLong(segment, Lesson.COUNTER_AT);
            SharedSemaphore semaphore = new SharedSemaphore(new SharedLong(segment, Lesson.SEMAPHORE_AT));
            long other = Step04_SemaphoreTest.livePidOtherThanThis();
            Shm.write(memory, Lesson.SEMAPHORE_AT, other); // another process holds the semaphore
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread worker = new Thread(
                    () -> {
                        try {
                            Counting.countThenAdd(counter, semaphore, 1_000);
                        } catch (Throwable t) {
                            failure.set(t);
                        }
                    },
                    "worker");
            worker.setDaemon(true);
            worker.start();
            // Counting to 1,000 takes microseconds: by 500 ms a worker that adds without the semaphore has added.
            worker.join(500);
            assertThat(Shm.read(memory, Lesson.COUNTER_AT))
                    .as(
                            "the counter 0.5 s after countThenAdd(..., 1000) started while pid %d held the semaphore:"
                                    + " still 0. %s",
                            other, UNDER_THE_SEMAPHORE)
                    .isZero();
            assertThat(failure.get())
                    .as("what countThenAdd threw while the semaphore was held")
                    .isNull();
            Shm.write(memory, Lesson.SEMAPHORE_AT, 0); // the other process releases it
            worker.join(10_000);
            assertThat(worker.isAlive())
                    .as("countThenAdd still waiting 10 s after the semaphore was released")
                    .isFalse();
            assertThat(failure.get()).as("what countThenAdd threw").isNull();
            assertThat(Shm.read(memory, Lesson.COUNTER_AT))
                    .as("the counter once the semaphore was free: the whole count, added once")
                    .isEqualTo(1_000);
        }
    }

    @Test
    @DisplayName("a CountingWorker process opens the segment by name and adds its count, locked or local")
    void workerProcess() throws Exception {
        Segment segment = Segment.create("step5-worker", Lesson.SEGMENT_SIZE);
        try {
            SharedLong counter = new SharedLong(segment, Lesson.COUNTER_AT); // a stub fails here, at once
            for (String mode : new String[] {CountingWorker.LOCAL, CountingWorker.LOCKED}) {
                counter.set(0);
                try (ChildProcess worker = ChildJvm.main(CountingWorker.class)
                        .name("worker-" + mode)
                        .args(segment.name(), mode, "12345")
                        .start()) {
                    worker.awaitSuccess(Duration.ofSeconds(30));
                }
                assertThat(counter.get())
                        .as("the counter after CountingWorker <segment> %s 12345", mode)
                        .isEqualTo(12_345);
            }
        } finally {
            Shm.dispose(segment);
        }
    }

    @Test
    @DisplayName("a CountingWorker refuses wrong arguments: its process fails with an IllegalArgumentException")
    void workerRefusesBadArguments() throws Exception {
        try (ChildProcess worker = ChildJvm.main(CountingWorker.class)
                .shortLived()
                .args("only-one-argument")
                .start()) {
            assertThat(worker.join(Duration.ofSeconds(30)))
                    .as("exit code of CountingWorker with 1 argument instead of <segment name> <mode> <count>")
                    .isNotZero();
            assertThat(worker.stderrText())
                    .as("what it wrote to standard error")
                    .contains("IllegalArgumentException");
        }
    }

    @Test
    @DisplayName("the lesson: 2 worker processes x 50,000,000, counted locally and added once = exactly 100,000,000;"
            + " the time against locking every increment, shown")
    void theLesson(TestReporter report) throws Exception {
        Set<Path> before = Shm.segmentFilesOfThisJvm();
        long start = System.nanoTime();
        long total = Lesson.count(CountingWorker.LOCAL, 2, 50_000_000, TIMEOUT);
        double local = (System.nanoTime() - start) / 1e9;
        assertThat(total)
                .as(
                        "Lesson.count(local, 2 workers, 50,000,000 each): each counts in its own memory, then adds once"
                                + " under the semaphore. %s",
                        UNDER_THE_SEMAPHORE)
                .isEqualTo(100_000_000);
        assertThat(Shm.segmentFilesOfThisJvm())
                .as("segment files of this JVM after Lesson.count returned. %s", UNLINK)
                .isEqualTo(before);
        String line = String.format(
                "2 x 50,000,000 counted locally, added once under the semaphore -> %,d in %.2f s (JVM starts included)",
                total, local);
        System.out.println("  " + line);
        report.publishEntry("local", line);
        // Locking every increment: the same count, 100,000,000 semaphore round trips. Slow, so it is shown on a
        // tenth of the work and scaled up (shown, not asserted: it depends on the machine and its load).
        long each = 5_000_000;
        start = System.nanoTime();
        long locked = Lesson.count(CountingWorker.LOCKED, 2, each, TIMEOUT);
        double lockedSeconds = (System.nanoTime() - start) / 1e9;
        assertThat(locked)
                .as("Lesson.count(locked, 2 workers, %,d each): every increment under the semaphore", each)
                .isEqualTo(2 * each);
        line = String.format(
                "2 x %,d each increment under the semaphore -> %,d in %.2f s (%.0f ns an increment; x10 for the"
                        + " lesson's count: about %.0f s)",
                each, locked, lockedSeconds, lockedSeconds * 1e9 / (2 * each), lockedSeconds * 10);
        System.out.println("  " + line);
        report.publishEntry("locked", line);
    }

    @Test
    @DisplayName("the lesson's count with plain increments instead: a wrong total, shown (not asserted)")
    void theLessonWithoutTheSemaphore(TestReporter report) throws Exception {
        long start = System.nanoTime();
        long total = Lesson.count(CountingWorker.PLAIN, 2, 50_000_000, TIMEOUT);
        String line = String.format(
                "2 x 50,000,000 plain increments of the shared long -> %,d in %.2f s (%,d lost)",
                total, (System.nanoTime() - start) / 1e9, 100_000_000 - total);
        System.out.println("  " + line);
        report.publishEntry("plain", line);
        assertThat(total)
                .as("Lesson.count(plain, ...): never more than was counted")
                .isLessThanOrEqualTo(100_000_000);
    }

    @Test
    @DisplayName("Lesson.count refuses fewer than 1 worker, a negative count, a non-positive timeout, a null mode")
    void refusesBadInput() {
        Expect.thrownBy("Lesson.count(local, 0 workers, ...)", () -> Lesson.count(CountingWorker.LOCAL, 0, 10, TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class);
        Expect.thrownBy("Lesson.count(local, 2, -1, ...)", () -> Lesson.count(CountingWorker.LOCAL, 2, -1, TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class);
        Expect.thrownBy(
                        "Lesson.count(local, 2, 10, Duration.ZERO)",
                        () -> Lesson.count(CountingWorker.LOCAL, 2, 10, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        Expect.thrownBy("Lesson.count(null, ...)", () -> Lesson.count(null, 2, 10, TIMEOUT))
                .isInstanceOf(NullPointerException.class);
        Expect.thrownBy("Lesson.count(local, 2, 10, null)", () -> Lesson.count(CountingWorker.LOCAL, 2, 10, null))
                .isInstanceOf(NullPointerException.class);
    }
}
