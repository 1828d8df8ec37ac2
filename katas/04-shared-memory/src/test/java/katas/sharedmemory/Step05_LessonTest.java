package katas.sharedmemory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import katas.kit.process.ChildJvm;
import katas.kit.process.ChildProcess;
import katas.kit.shm.Segment;
import katas.testkit.Expect;
import katas.testkit.Step;
import katas.testkit.Telling;
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
            + " while holding the semaphore (step 5, Hint 2)";

    static final Duration BOUND = Duration.ofSeconds(10);

    static final String RELEASE =
            "Every acquire needs its release, in a finally block: a permit never given back makes the next acquire"
                    + " wait for ever (step 5, Hint 2)";

    static final String UNLINK = Step06_CleanupTest.UNLINK;

    static final String AT_ONCE = "Lesson.count must start every worker first, then wait for them, not one after the"
            + " other (step 5, Hint 3)";

    /**
     * Watches this JVM's child processes on a thread of its own, every few milliseconds, until closed: how many were
     * alive at once, at most. The tests run one at a time, so every child is the code under test's.
     */
    static final class ChildWatch implements AutoCloseable {
        private final AtomicInteger most = new AtomicInteger();
        private final AtomicBoolean watching = new AtomicBoolean(true);
        private final Thread thread;

        ChildWatch() {
            thread = new Thread(
                    () -> {
                        while (watching.get()) {
                            int alive = (int) ProcessHandle.current()
                                    .children()
                                    .filter(ProcessHandle::isAlive)
                                    .count();
                            most.accumulateAndGet(alive, Math::max);
                            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(3)); // pacing between looks
                        }
                    },
                    "k04-child-watch");
            thread.setDaemon(true);
            thread.start();
        }

        int mostAliveAtOnce() {
            return most.get();
        }

        @Override
        public void close() {
            watching.set(false); // the thread ends within a few milliseconds; a daemon either way
        }
    }

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
    @Telling
    @DisplayName("countThenAdd adds under the semaphore: while another process holds it, nothing is added; what that"
            + " process adds meanwhile is kept; after, all")
    void countThenAddWaitsForTheSemaphore() throws Exception {
        try (Segment segment = Shm.inThisJvm("step5-waits", Lesson.SEGMENT_SIZE)) {
            ByteBuffer memory = segment.buffer();
            SharedLong counter = new SharedLong(segment, Lesson.COUNTER_AT);
            SharedSemaphore semaphore = new SharedSemaphore(new SharedLong(segment, Lesson.SEMAPHORE_AT));
            long other = Step04_SemaphoreTest.livePidOtherThanThis();
            Shm.write(memory, Lesson.COUNTER_AT, 5);
            Shm.write(memory, Lesson.SEMAPHORE_AT, other); // another process holds the semaphore
            AtomicReference<Object> outcome = new AtomicReference<>();
            Thread worker = Step04_SemaphoreTest.waiter(
                    "k04-worker", outcome, () -> Counting.countThenAdd(counter, semaphore, 1_000));
            try {
                // Counting to 1,000 takes microseconds; then the worker waits in the semaphore.
                Watch.awaitWaiting(
                        worker, "countThenAdd(..., 1000)", outcome, Duration.ofSeconds(10), UNDER_THE_SEMAPHORE);
                assertThat(Shm.read(memory, Lesson.COUNTER_AT))
                        .as(
                                "the counter, 5 before countThenAdd(..., 1000) started while pid %d held the semaphore:"
                                        + " still 5 while it waits. %s",
                                other, UNDER_THE_SEMAPHORE)
                        .isEqualTo(5);
                // The other process adds its own 7 while it holds the semaphore, then releases it.
                Shm.write(memory, Lesson.COUNTER_AT, 5 + 7);
                Shm.write(memory, Lesson.SEMAPHORE_AT, 0);
                worker.join(10_000);
                assertThat(outcome.get())
                        .as(
                                "what countThenAdd(..., 1000) gave once the semaphore was free%s: its count",
                                worker.isAlive() ? " (still waiting 10 s later)" : "")
                        .isEqualTo(1_000L);
                long total = Shm.read(memory, Lesson.COUNTER_AT);
                assertThat(total)
                        .as(
                                "the counter: 5, plus 7 from the holder, plus countThenAdd's 1,000 = 1,012. %s",
                                total == 5 + 1_000
                                        ? "It is 1,005: the holder's 7 was lost, because countThenAdd read the counter"
                                                + " before it took the semaphore: read it after acquire (step 5, Hint 2)"
                                        : UNDER_THE_SEMAPHORE)
                        .isEqualTo(5 + 7 + 1_000);
                assertThat(Shm.read(memory, Lesson.SEMAPHORE_AT))
                        .as("the semaphore's word after countThenAdd: 0, free (every acquire has its release)")
                        .isZero();
            } finally {
                worker.interrupt(); // a worker still waiting: a daemon; the mapping stays valid
            }
        }
    }

    @Test
    @DisplayName("countThenAdd adds its whole count in one add: the shared counter goes from its old value to the new"
            + " one in one step, never through the values in between")
    void countThenAddAddsOnce() throws Exception {
        try (Segment segment = Shm.inThisJvm("step5-once", Lesson.SEGMENT_SIZE)) {
            ByteBuffer memory = segment.buffer();
            SharedLong counter = new SharedLong(segment, Lesson.COUNTER_AT);
            SharedSemaphore semaphore = new SharedSemaphore(new SharedLong(segment, Lesson.SEMAPHORE_AT));
            long n = 2_000_000;
            AtomicReference<Object> outcome = new AtomicReference<>();
            Set<Long> seen = new TreeSet<>();
            long start = System.nanoTime();
            Thread worker = Step04_SemaphoreTest.waiter(
                    "k04-worker", outcome, () -> Counting.countThenAdd(counter, semaphore, n));
            // Watch the shared counter while countThenAdd counts: this thread reads it as often as it can.
            while (worker.isAlive() && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30)) {
                long value = Shm.read(memory, Lesson.COUNTER_AT);
                if (seen.size() < 10 || value == n) {
                    seen.add(value);
                }
            }
            worker.join(1_000);
            if (worker.isAlive()) {
                worker.interrupt();
                throw new AssertionError("Counting.countThenAdd(counter, semaphore, 2,000,000) in one process did not"
                        + " return within 30 s. " + RELEASE);
            }
            if (outcome.get() instanceof Exception e) {
                throw e;
            }
            if (outcome.get() instanceof Error e) {
                throw e;
            }
            seen.add(Shm.read(memory, Lesson.COUNTER_AT));
            seen.remove(0L);
            seen.remove(n);
            assertThat(seen)
                    .as("values of the shared counter seen while countThenAdd(..., 2,000,000) ran, besides 0 and"
                            + " 2,000,000: it added in pieces. Count on the local Tally, then add the whole count"
                            + " once, under one acquire (step 5, Hint 2)")
                    .isEmpty();
            assertThat(Shm.read(memory, Lesson.COUNTER_AT))
                    .as("the counter after countThenAdd(counter, semaphore, 2,000,000)")
                    .isEqualTo(n);
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
    @DisplayName("the lesson: 2 worker processes at once x 50,000,000, counted locally and added once = exactly"
            + " 100,000,000; the time against locking every increment, shown")
    void theLesson(TestReporter report) throws Exception {
        Set<Path> before = Shm.segmentFilesOfThisJvm();
        long start = System.nanoTime();
        long total;
        int mostAtOnce;
        try (ChildWatch children = new ChildWatch()) {
            total = Lesson.count(CountingWorker.LOCAL, 2, 50_000_000, TIMEOUT);
            mostAtOnce = children.mostAliveAtOnce();
        }
        double local = (System.nanoTime() - start) / 1e9;
        assertThat(total)
                .as(
                        "Lesson.count(local, 2 workers, 50,000,000 each): each counts in its own memory, then adds once"
                                + " under the semaphore. %s",
                        UNDER_THE_SEMAPHORE)
                .isEqualTo(100_000_000);
        assertThat(mostAtOnce)
                .as(
                        "the most worker processes alive at once while Lesson.count(local, 2 workers, 50,000,000 each)"
                                + " ran (%.1f s). %s",
                        local, AT_ONCE)
                .isGreaterThanOrEqualTo(2);
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
