package katas.sharedmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import katas.kit.KataTodo;
import katas.kit.process.ChildProcessTimeoutException;
import katas.kit.shm.Segment;
import katas.testkit.Step;
import katas.testkit.process.ProcessHygiene;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@Step(6)
@DisplayName("Step 6: cleanup - every process closes what it opened, the creator unlinks")
@ExtendWith(ProcessHygiene.class)
@Timeout(90)
class Step06_CleanupTest {

    static final String CLOSE = "A worker must close the segment it opened (try-with-resources on Segment.open), also"
            + " when counting fails (step 6, Hint 2)";

    static final String UNLINK = "The creator must unlink the segment once every worker is done, in a finally block so"
            + " that a failure unlinks it too: close() is not unlink() (step 6, Hint 3)";

    @Test
    @DisplayName("CountingWorker.main closes the segment it opened")
    void workerCloses() throws Exception {
        Segment segment = Segment.create("step6-worker-closes", Lesson.SEGMENT_SIZE);
        try {
            List<String> before = Segment.openInThisJvm();
            Shm.within(
                    Duration.ofSeconds(20),
                    "CountingWorker.main <segment> local 1000, run in this JVM, did not return",
                    () -> {
                        CountingWorker.main(new String[] {segment.name(), CountingWorker.LOCAL, "1000"});
                        return null;
                    });
            assertThat(new SharedLong(segment, Lesson.COUNTER_AT).get())
                    .as("the counter after CountingWorker.main <segment> local 1000, run in this JVM")
                    .isEqualTo(1_000);
            assertThat(Segment.openInThisJvm())
                    .as(
                            "segments open in this JVM after CountingWorker.main returned (before it: %s). %s",
                            before, CLOSE)
                    .isEqualTo(before);
        } finally {
            Shm.dispose(segment);
        }
    }

    @Test
    @DisplayName("CountingWorker.main closes the segment it opened also when counting fails (a negative count)")
    void workerClosesWhenItFails() throws Exception {
        Segment segment = Segment.create("step6-worker-fails", Lesson.SEGMENT_SIZE);
        try {
            new SharedLong(segment, Lesson.COUNTER_AT); // a stub fails here, at once
            List<String> before = Segment.openInThisJvm();
            Throwable thrown = catchThrowable(
                    () -> CountingWorker.main(new String[] {segment.name(), CountingWorker.LOCAL, "-5"}));
            assertThat(thrown)
                    .as("CountingWorker.main <segment> local -5: a negative count")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(Segment.openInThisJvm())
                    .as("segments open in this JVM after CountingWorker.main failed (before it: %s). %s", before, CLOSE)
                    .isEqualTo(before);
        } finally {
            Shm.dispose(segment);
        }
    }

    @Test
    @DisplayName("Lesson.count closes and unlinks its segment: no segment file of this JVM is left, none stays open")
    void lessonUnlinks() throws Exception {
        Set<Path> before = Shm.segmentFilesOfThisJvm();
        List<String> open = Segment.openInThisJvm();
        assertThat(Lesson.count(CountingWorker.LOCAL, 2, 1_000, Duration.ofSeconds(60)))
                .as("Lesson.count(local, 2, 1000)")
                .isEqualTo(2_000);
        assertThat(Shm.segmentFilesOfThisJvm())
                .as("segment files of this JVM after Lesson.count returned. %s", UNLINK)
                .isEqualTo(before);
        assertThat(Segment.openInThisJvm())
                .as("segments open in this JVM after Lesson.count returned: the creator closes its segment too")
                .isEqualTo(open);
    }

    @Test
    @DisplayName("Lesson.count that runs out of time: it throws, ends every worker, and still unlinks its segment")
    void lessonCleansUpWhenItFails() throws Exception {
        Set<Path> before = Shm.segmentFilesOfThisJvm();
        List<String> open = Segment.openInThisJvm();
        // Two workers locking 50,000,000 increments each cannot finish in 0.3 s (their JVMs hardly start by then).
        Throwable thrown =
                catchThrowable(() -> Lesson.count(CountingWorker.LOCKED, 2, 50_000_000, Duration.ofMillis(300)));
        assertThat(thrown)
                .as("Lesson.count(locked, 2, 50,000,000, 0.3 s): the workers' timeout must reach the caller")
                .isInstanceOfAny(ChildProcessTimeoutException.class, TimeoutException.class);
        assertThat(Shm.segmentFilesOfThisJvm())
                .as("segment files of this JVM after Lesson.count failed. %s", UNLINK)
                .isEqualTo(before);
        assertThat(Segment.openInThisJvm())
                .as("segments open in this JVM after Lesson.count failed: closed in a finally block too")
                .isEqualTo(open);
        // Every worker ended: the hygiene check (ProcessHygiene) fails this test if a child process is left running
        // (close every ChildProcess in a finally block, or with try-with-resources: close() kills a running one).
    }

    @Test
    @DisplayName("Lesson.count whose workers fail: it fails too, ends every worker, and still unlinks its segment")
    void lessonCleansUpWhenAWorkerFails() throws Exception {
        Set<Path> before = Shm.segmentFilesOfThisJvm();
        List<String> open = Segment.openInThisJvm();
        // Each worker refuses a mode it does not know (an IllegalArgumentException), and its process fails.
        Throwable thrown = catchThrowable(() -> Lesson.count("no-such-mode", 2, 1_000, Duration.ofSeconds(60)));
        if (thrown instanceof KataTodo todo) {
            throw todo;
        }
        assertThat(thrown)
                .as(
                        "what Lesson.count(\"no-such-mode\", 2, 1000) gave, its workers failing: a worker that failed"
                                + " must make Lesson.count fail (awaitSuccess throws, naming the worker), not return a"
                                + " count as if all was well%s",
                        thrown == null ? "; it returned normally" : "")
                .isInstanceOf(Exception.class);
        assertThat(Shm.segmentFilesOfThisJvm())
                .as("segment files of this JVM after Lesson.count failed because a worker failed. %s", UNLINK)
                .isEqualTo(before);
        assertThat(Segment.openInThisJvm())
                .as("segments open in this JVM after Lesson.count failed: closed in a finally block too")
                .isEqualTo(open);
    }
}
