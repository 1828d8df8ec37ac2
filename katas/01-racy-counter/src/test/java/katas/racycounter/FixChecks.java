package katas.racycounter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The tests that steps 3, 4 and 5 share, so that every fix is held to the same bar.
 * Each step class says which counter it checks.
 */
abstract class FixChecks {

    static final int THREADS = 4;
    static final long EACH = 1_000_000;
    static final int ROUNDS = 3;

    /** The counter this step checks. */
    abstract Subject subject();

    @Test
    @DisplayName("a new counter is 0")
    void startsAtZero() {
        assertThat(subject().create().get()).as("a new %s must start at 0", subject()).isZero();
    }

    @Test
    @DisplayName("on one thread, it counts right")
    void countsOnOneThread() {
        Subject.Counter c = subject().create();
        for (int i = 0; i < 1_000; i++) {
            c.increment();
        }
        assertThat(c.get()).as("%s incremented 1,000 times on one thread", subject()).isEqualTo(1_000);
    }

    @Test
    @DisplayName("shared by 4 threads x 1,000,000 increments, 3 rounds: not one update is lost")
    void losesNothingWhenShared() throws InterruptedException {
        Subject subject = subject();
        long expected = THREADS * EACH;
        for (int round = 1; round <= ROUNDS; round++) {
            long total = subject.hammer(THREADS, EACH, Duration.ofSeconds(40)).get();
            long lost = expected - total;
            assertThat(total)
                    .as("%s shared by %d threads x %,d increments (round %d of %d) must count exactly %,d, but "
                            + (lost > 0 ? "%,d updates were lost: two threads read the same value and both wrote"
                                    + " value + 1. %s" : "it counted %,d too many. %s"),
                            subject, THREADS, EACH, round, ROUNDS, expected, Math.abs(lost), subject.mistakes())
                    .isEqualTo(expected);
        }
    }
}
