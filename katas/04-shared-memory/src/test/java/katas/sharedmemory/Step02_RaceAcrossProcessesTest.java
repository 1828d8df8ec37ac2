package katas.sharedmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import katas.kit.shm.Segment;
import katas.testkit.Expect;
import katas.testkit.Races;
import katas.testkit.Step;
import katas.testkit.process.ProcessHygiene;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@Step(2)
@DisplayName("Step 2: the race across processes - two processes, one long, plain read-modify-write")
@ExtendWith(ProcessHygiene.class)
@Timeout(120)
class Step02_RaceAcrossProcessesTest {

    /** Increments per worker and round. */
    static final long EACH = 200_000;

    /**
     * Rounds at most, and the time after which no round starts. On two cores the first round loses updates. Pinned to
     * one CPU ({@code taskset -c 0}) the two worker processes only take turns, and a turn must change between one's
     * read and its write; {@link Races#repeat}'s preemption noise (a thread of this JVM waking every 50 microseconds,
     * on the same CPU) makes turns change thousands of times a second, wherever the workers are.
     */
    static final int ROUNDS = 40;

    static final Duration BUDGET = Duration.ofSeconds(60);

    @Test
    @DisplayName("in one process, Counting.plain counts right")
    void countsRightAlone() throws Exception {
        try (Segment segment = Shm.inThisJvm("step2-alone", 8)) {
            SharedLong counter = new SharedLong(segment, 0);
            Counting.plain(counter, 1_000);
            assertThat(counter.get())
                    .as("Counting.plain(counter, 1000) on a new segment")
                    .isEqualTo(1_000);
            Counting.plain(counter, 0);
            assertThat(counter.get())
                    .as("the counter after Counting.plain(counter, 0)")
                    .isEqualTo(1_000);
            Expect.thrownBy(
                            "Counting.plain(counter, -1): a count must not be negative",
                            () -> Counting.plain(counter, -1))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    @DisplayName("two processes x 200,000 plain increments of one shared long lose updates (rounds until seen, at most"
            + " 40 or 60 s)")
    void twoProcessesLoseUpdates(TestReporter report) throws Exception {
        try (Segment probe = Shm.inThisJvm("step2-probe", 8)) {
            Counting.plain(new SharedLong(probe, 0), 1); // a stub fails here, before the workers start
        }
        try (TwoWorkers two = TwoWorkers.start("step2-race", "plain", EACH, List.of())) {
            Races.Outcome<Long> outcome = Races.repeat(1, ROUNDS, BUDGET, round -> {
                long total = two.round(round);
                assertThat(total)
                        .as(
                                "two processes x %,d increments counted %,d: more than they were asked to. Each increment"
                                        + " must add exactly one",
                                EACH, total)
                        .isLessThanOrEqualTo(2 * EACH);
                return total < 2 * EACH ? total : null;
            });
            if (outcome.sighting().isPresent()) {
                long total = outcome.seen();
                long lost = 2 * EACH - total;
                String seen = String.format(
                        "Lost updates seen across processes in round %d (%s): 2 processes x %,d increments counted"
                                + " %,d, so %,d updates were lost (%.1f%%). Both read the same value from the shared"
                                + " memory, both wrote value + 1.",
                        outcome.tries(), outcome.summary("round"), EACH, total, lost, 100.0 * lost / (2 * EACH));
                System.out.println("  " + seen);
                report.publishEntry("lost-update", seen);
                return;
            }
            fail(
                    "No update was lost in %s, with two processes x %,d increments of one shared long. Counting.plain"
                            + " must add one as two separate steps: counter.get(), then counter.set(value + 1), with no"
                            + " lock and nothing atomic (no getAndAdd, no compareAndSet)",
                    outcome.summary("round"), EACH);
        }
    }
}
