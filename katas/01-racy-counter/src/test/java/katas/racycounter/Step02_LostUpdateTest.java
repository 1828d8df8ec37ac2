package katas.racycounter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import katas.testkit.Races;
import katas.testkit.Step;
import katas.testkit.explore.Explorer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;

@Step(2)
@DisplayName("Step 2: see the lost update with a naive shared counter")
@Timeout(90)
class Step02_LostUpdateTest {

    /**
     * Tries before giving up; the work per thread doubles each try, from 1,000,000 up to 32,000,000. On two
     * cores the first or second try shows the race. Pinned to one CPU ({@code taskset -c 0}) only preemption
     * can interleave the threads, and it must strike between the read and the write. The timer tick alone
     * did that in about one try of 2 x 32,000,000 in thirty; so the tries run under {@link Races#repeat}'s
     * preemption noise, a thread that wakes every 50 microseconds, and each wake-up can preempt a counting thread
     * wherever it is. Measured pinned to one CPU: 12 tries in 30 lose updates (0.15 s a try). It only shakes the
     * scheduler; the lost update itself is still the naive counter's read and separate write.
     */
    static final int TRIES = 200;

    static final long SECONDS = 30;

    @Test
    @DisplayName("on one thread, the naive counter counts right")
    void countsRightOnOneThread() {
        NaiveCounter counter = new NaiveCounter();
        assertThat(counter.get()).as("a new NaiveCounter").isZero();
        for (int i = 0; i < 1_000; i++) {
            counter.increment();
        }
        long counted = counter.get();
        assertThat(counted)
                .as(
                        "NaiveCounter incremented 1,000 times on one thread: each increment must add exactly one%s",
                        counted == 0
                                ? ", but the count never moved: increment() must write the value it read plus one"
                                        + " back into the field"
                                : "")
                .isEqualTo(1_000);
    }

    @Test
    @DisplayName("get() reads the count without changing it")
    void getOnlyReads() {
        FixChecks.assertGetOnlyReads(Subject.naive());
    }

    @Test
    @DisplayName("shared by two threads, it loses updates (repeated until seen, at most 200 tries or 30 s)")
    void losesUpdatesWhenShared(TestReporter report) throws Exception {
        long[] each = {1_000_000};
        Races.Outcome<Long> outcome = Races.repeat(1, TRIES, Duration.ofSeconds(SECONDS), attempt -> {
            if (attempt > 1) {
                each[0] = Math.min(each[0] * 2, 32_000_000);
            }
            long total =
                    Subject.naive().hammer(2, each[0], Duration.ofSeconds(3)).get();
            long expected = 2 * each[0];
            assertThat(total)
                    .as(
                            "NaiveCounter counted more than it was asked to (%,d of %,d): each increment must add exactly one",
                            total, expected)
                    .isLessThanOrEqualTo(expected);
            return total < expected ? total : null;
        });
        if (outcome.sighting().isPresent()) {
            long expected = 2 * each[0];
            long total = outcome.seen();
            String seen = String.format(
                    "Lost update seen on try %d (at most %d): 2 threads x %,d increments counted"
                            + " %,d, so %,d updates were lost (%.1f%%). Both threads read the same value, both wrote value + 1.",
                    outcome.tries(), TRIES, each[0], total, expected - total, 100.0 * (expected - total) / expected);
            System.out.println("  " + seen);
            report.publishEntry("lost-update", seen);
            return;
        }
        fail(
                "No update was lost in %d tries (%d s) of 2 threads sharing one NaiveCounter. increment() must read the"
                        + " value, then write value + 1 back, as two separate steps with no lock and no atomic class, on a"
                        + " volatile field (step 2, Hint 3).",
                outcome.tries(), SECONDS);
    }

    @Test
    @DisplayName("see how: the order of two threads' steps in your NaiveCounter that loses an update (all explored)")
    void showsTheOrderThatLosesAnUpdate(TestReporter report) throws Exception {
        Subject.naive().create().increment(); // a stub fails here, at once, before a child JVM starts
        Explorer.Verdict verdict = Explored.run(Subject.naive());
        if (verdict instanceof Explorer.Verdict.Caught caught) {
            String lesson = String.format(
                    "How an update is lost, in your NaiveCounter shared by two threads: %s. The order of their"
                            + " steps (➜ reads, = writes; README, \"Reading the order\"):%s",
                    Explored.what(caught), Explored.table(caught));
            System.out.println("  " + lesson);
            report.publishEntry("lost-update-order", lesson);
            return;
        }
        if (verdict instanceof Explorer.Verdict.Blind blind) {
            Explored.blind(blind, report); // the repeated race above is the judge here
            return;
        }
        fail("Every order of the steps of two threads that increment one NaiveCounter once each was explored, and"
                + " none lost an update: increment() must read the value, then write value + 1 back, as two"
                + " separate steps with no lock and no atomic class, on a volatile field.");
    }
}
