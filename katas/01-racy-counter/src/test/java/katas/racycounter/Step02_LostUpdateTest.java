package katas.racycounter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import katas.testkit.Step;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;

@Step(value = 2, hint = "increment() is two statements: long seen = value; value = seen + 1;  and get() returns"
        + " value. No synchronized, no Atomic*: this counter is meant to be wrong when shared.")
@DisplayName("Step 2: see the lost update with a naive shared counter")
@Timeout(90)
class Step02_LostUpdateTest {

    /** Tries before giving up; the work per thread doubles each try, from 1,000,000 up to 32,000,000. */
    static final int TRIES = 12;

    @Test
    @DisplayName("on one thread, the naive counter counts right")
    void countsRightOnOneThread() {
        NaiveCounter counter = new NaiveCounter();
        assertThat(counter.get()).as("a new NaiveCounter").isZero();
        for (int i = 0; i < 1_000; i++) {
            counter.increment();
        }
        assertThat(counter.get()).as("NaiveCounter incremented 1,000 times on one thread").isEqualTo(1_000);
    }

    @Test
    @DisplayName("shared by two threads, it loses updates (repeated until seen, at most 12 tries)")
    void losesUpdatesWhenShared(TestReporter report) throws InterruptedException {
        long each = 1_000_000;
        for (int attempt = 1; attempt <= TRIES; attempt++) {
            long total = Subject.naive().hammer(2, each, Duration.ofSeconds(30)).get();
            long expected = 2 * each;
            assertThat(total)
                    .as("NaiveCounter counted more than it was asked to (%,d of %,d): each increment must add exactly one",
                            total, expected)
                    .isLessThanOrEqualTo(expected);
            if (total < expected) {
                String seen = String.format("Lost update seen on try %d of %d: 2 threads x %,d increments counted %,d,"
                        + " so %,d updates were lost (%.1f%%). Both threads read the same value, both wrote value + 1.",
                        attempt, TRIES, each, total, expected - total, 100.0 * (expected - total) / expected);
                System.out.println("  " + seen);
                report.publishEntry("lost-update", seen);
                return;
            }
            each = Math.min(each * 2, 32_000_000);
        }
        fail("No update was lost in %d tries of 2 threads sharing one NaiveCounter. increment() must read the value,"
                + " then write value + 1 back, as two separate steps with no lock and no atomic class, on a volatile"
                + " field (so that every increment really reads and writes memory).", TRIES);
    }
}
