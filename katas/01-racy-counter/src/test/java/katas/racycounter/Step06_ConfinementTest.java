package katas.racycounter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import katas.testkit.Expect;
import katas.testkit.Races;
import katas.testkit.Step;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;

@Step(6)
@DisplayName("Step 6: thread confinement - each worker counts alone, the results are combined")
@Timeout(60)
class Step06_ConfinementTest {

    static final String CONFINEMENT = "Each worker must count on its own counter, which no other thread touches,"
            + " and the counts be added once, after the join (step 6, Hint 2).";

    static final String COMBINE = "Add the counts up after Workers.runInParallel returns (step 6, Hint 2).";

    static final String HANG = "countConfined must return once every worker has finished: does a worker wait for"
            + " something that never comes, or does Workers.runInParallel not return (step 1)?";

    /** How long one call may take (4 x 2,000,000 take well under a second). */
    static final Duration LIMIT = Duration.ofSeconds(10);

    /** The stand-in counter's checks: workers, increments each, and how long a worker waits for the others. */
    static final int SPY_WORKERS = 4;

    static final long SPY_EACH = 10_000;
    static final long RENDEZVOUS_MILLIS = 500;

    /** The combine check: 2 workers, so that both can be on a CPU at once on 2 cores; rounds stop after this. */
    static final int COMBINE_WORKERS = 2;

    static final Duration COMBINE_BUDGET = Duration.ofSeconds(1);

    @Test
    @DisplayName("one worker counting to 1,000 gives 1,000")
    void oneWorker() throws Exception {
        long total = count(1, 1_000);
        assertThat(total)
                .as("countConfined(1, 1,000): %s", wrongTotal(1, 1_000, total))
                .isEqualTo(1_000);
    }

    @Test
    @DisplayName("4 workers x 2,000,000 give exactly 8,000,000, with a naive counter each and no lock"
            + " (3 to 10 rounds under preemption noise)")
    void manyWorkersLoseNothing() throws Exception {
        // Rounds under preemption noise, so that counters the workers share lose updates on one CPU too.
        Races.Outcome<Long> wrong = Races.repeat(3, 10, Duration.ofSeconds(1), round -> {
            long total = count(4, 2_000_000);
            return total == 8_000_000 ? null : total;
        });
        long total = wrong.sighting().orElse(8_000_000L);
        assertThat(total)
                .as("countConfined(4, 2,000,000), %s: %s", wrong.summary("round"), wrongTotal(4, 2_000_000, total))
                .isEqualTo(8_000_000);
    }

    @Test
    @DisplayName("workers that count to 0 give 0")
    void zeroIncrements() throws Exception {
        long total = count(3, 0);
        assertThat(total).as("countConfined(3, 0): %s", wrongTotal(3, 0, total)).isZero();
    }

    @Test
    @DisplayName("refuses fewer than 1 worker or a negative count with an IllegalArgumentException")
    void refusesBadInput() {
        Expect.thrownBy(
                        "countConfined(0, 10) must refuse 0 workers with an IllegalArgumentException",
                        () -> ConfinedCounting.countConfined(0, 10))
                .isInstanceOf(IllegalArgumentException.class);
        Expect.thrownBy(
                        "countConfined(2, -1) must refuse a negative count with an IllegalArgumentException",
                        () -> ConfinedCounting.countConfined(2, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("each worker counts on a thread of its own, on a counter of its own")
    void eachWorkerCountsAlone() throws Exception {
        ConfinementSpy.Outcome outcome =
                ConfinementSpy.countConfined(SPY_WORKERS, SPY_EACH, false, RENDEZVOUS_MILLIS, LIMIT);
        Set<Thread> counting = outcome.seen().counting();
        String call = String.format("countConfined(%d, %,d)", SPY_WORKERS, SPY_EACH);
        if (counting.contains(outcome.caller())) {
            throw new AssertionError(call + " counted on the calling thread: each of the " + SPY_WORKERS
                    + " workers must count on a thread of its own (Workers.runInParallel starts them).");
        }
        if (outcome.seen().shared()) {
            throw new AssertionError(call + ": a NaiveCounter was incremented by two threads. " + CONFINEMENT);
        }
        assertThat(counting.size())
                .as(
                        "%s: the threads that counted on a NaiveCounter. Each of the %d workers must count on a thread"
                                + " of its own, on its own NaiveCounter: %d workers ran",
                        call, SPY_WORKERS, counting.size())
                .isEqualTo(SPY_WORKERS);
        assertThat(outcome.total())
                .as("%s: %s", call, wrongTotal(SPY_WORKERS, SPY_EACH, outcome.total()))
                .isEqualTo(SPY_WORKERS * SPY_EACH);
    }

    @Test
    @DisplayName("2 workers that finish counting at the same moment lose nothing when their counts are added"
            + " (5 to 50 rounds)")
    void combineLosesNothing(TestReporter report) throws Exception {
        long expected = COMBINE_WORKERS * SPY_EACH;
        boolean gaveUp = false;
        ConfinementSpy.Outcome wrong = null;
        int rounds = 0;
        long start = System.nanoTime();
        long deadline = start + COMBINE_BUDGET.toNanos();
        while (wrong == null && rounds < 50 && (rounds < 5 || System.nanoTime() - deadline < 0)) {
            rounds++;
            // Once the workers could not meet (a lock around the combine step?), waiting for them again is no use.
            ConfinementSpy.Outcome o =
                    ConfinementSpy.countConfined(COMBINE_WORKERS, SPY_EACH, !gaveUp, RENDEZVOUS_MILLIS, LIMIT);
            gaveUp |= o.seen().gaveUp();
            wrong = o.total() == expected ? null : o;
        }
        String summary = String.format(
                Locale.ROOT, "%d round%s in %.2f s", rounds, rounds == 1 ? "" : "s", (System.nanoTime() - start) / 1e9);
        String line = String.format(
                "ConfinedCounting, %d workers x %,d finishing together: %s, %s",
                COMBINE_WORKERS, SPY_EACH, summary, wrong != null ? "COUNTED WRONG" : "nothing lost");
        System.out.println("  " + line);
        report.publishEntry("combine", line);
        if (wrong == null) {
            return;
        }
        String call = String.format("countConfined(%d, %,d)", COMBINE_WORKERS, SPY_EACH);
        if (wrong.total() < expected && wrong.seen().combining() == COMBINE_WORKERS) {
            throw new AssertionError(String.format(
                    "%s, the workers finishing at the same moment (%s), returned %,d, not %,d: the workers added"
                            + " their counts into one shared place at once, a read then a separate write. %s",
                    call, summary, wrong.total(), expected, COMBINE));
        }
        assertThat(wrong.total())
                .as("%s (%s): %s", call, summary, wrongTotal(COMBINE_WORKERS, SPY_EACH, wrong.total()))
                .isEqualTo(expected);
    }

    /** countConfined, on a thread of its own, within {@link #LIMIT}. */
    private static long count(int workers, long each) throws Exception {
        return Bounded.call(
                String.format("countConfined(%d, %,d)", workers, each),
                LIMIT,
                HANG,
                () -> ConfinedCounting.countConfined(workers, each));
    }

    /** What a wrong total of countConfined(workers, each) says about the mistake. */
    static String wrongTotal(int workers, long each, long total) {
        long expected = workers * each;
        if (total > expected) {
            return String.format(
                    "it counted %,d too many: each of the %d workers must count exactly %,d times, and each count"
                            + " be added once.",
                    total - expected, workers, each);
        }
        if (total == 0) {
            return String.format("0: none of the %d workers' counts was added up.", workers);
        }
        if (each > 0 && total % each == 0) {
            return String.format(
                    "%,d is the count of %d of the %d workers: as if only %d workers ran, or their counts were"
                            + " added into one shared place at once (step 6, Hints 2 and 4).",
                    total, total / each, workers, total / each);
        }
        return String.format("%,d updates were lost. %s", expected - total, CONFINEMENT);
    }
}
