package katas.racycounter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import katas.testkit.Races;
import katas.testkit.Step;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Step(6)
@DisplayName("Step 6: thread confinement - each worker counts alone, the results are combined")
@Timeout(60)
class Step06_ConfinementTest {

    static final String CONFINEMENT = "Each worker must count on its own counter, which no other thread touches,"
            + " and the counts are added once, after the join. A counter shared by the workers loses updates.";

    @Test
    @DisplayName("one worker counting to 1,000 gives 1,000")
    void oneWorker() throws Exception {
        assertThat(ConfinedCounting.countConfined(1, 1_000))
                .as("countConfined(1, 1000)")
                .isEqualTo(1_000);
    }

    @Test
    @DisplayName("4 workers x 2,000,000 give exactly 8,000,000, with a naive counter each and no lock"
            + " (3 to 10 rounds under preemption noise)")
    void manyWorkersLoseNothing() throws Exception {
        // Rounds under preemption noise, so that counters the workers share lose updates on one CPU too.
        Races.Outcome<Long> wrong = Races.repeat(3, 10, Duration.ofSeconds(1), round -> {
            long total = ConfinedCounting.countConfined(4, 2_000_000);
            return total == 8_000_000 ? null : total;
        });
        long total = wrong.sighting().orElse(8_000_000L);
        assertThat(total)
                .as(
                        "countConfined(4, 2,000,000), %s: %,d updates were lost. %s",
                        wrong.summary("round"), 8_000_000 - total, CONFINEMENT)
                .isEqualTo(8_000_000);
    }

    @Test
    @DisplayName("workers that count to 0 give 0")
    void zeroIncrements() throws Exception {
        assertThat(ConfinedCounting.countConfined(3, 0))
                .as("countConfined(3, 0)")
                .isZero();
    }

    @Test
    @DisplayName("refuses fewer than 1 worker or a negative count with an IllegalArgumentException")
    void refusesBadInput() {
        assertThatThrownBy(() -> ConfinedCounting.countConfined(0, 10))
                .as("countConfined(0, 10)")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConfinedCounting.countConfined(2, -1))
                .as("countConfined(2, -1)")
                .isInstanceOf(IllegalArgumentException.class);
    }
}
