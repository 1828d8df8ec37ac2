package katas.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Races repeats a race under preemption noise, within a bound, until a try sees it")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RacesTest {

    @Test
    @DisplayName("stops at the first try that sees the race and returns what that try saw")
    void stopsAtTheFirstSighting() throws Exception {
        List<Integer> ran = new ArrayList<>();
        Races.Outcome<String> outcome = Races.repeat(1, 10, Duration.ofSeconds(30), n -> {
            ran.add(n);
            return n == 3 ? "seen on try 3" : null;
        });
        assertThat(ran).as("the tries that ran").containsExactly(1, 2, 3);
        assertThat(outcome.tries())
                .as("tries, counting the one that saw the race")
                .isEqualTo(3);
        assertThat(outcome.sighting())
                .as("what the try that saw the race returned")
                .contains("seen on try 3");
        assertThat(outcome.summary()).as("the summary for messages").startsWith("3 tries in ");
        assertThat(outcome.summary("round"))
                .as("the summary, naming a try a round")
                .startsWith("3 rounds in ");
        assertThat(Races.Outcome.summary(1, "round", 1_500, 12_345))
                .as("the summary of numbers from elsewhere")
                .isEqualTo("1 round in 1.50 s, preemption noise woke 12,345 times");
    }

    @Test
    @DisplayName("a correct subject runs every try up to atMost while the budget lasts, and nothing is seen")
    void runsAtMostTries() throws Exception {
        Races.Outcome<String> outcome = Races.repeat(2, 7, Duration.ofSeconds(30), n -> null);
        assertThat(outcome.tries())
                .as("tries when no try sees the race and the budget lasts")
                .isEqualTo(7);
        assertThat(outcome.sighting()).as("what was seen").isEmpty();
        assertThat(outcome.seen()).isNull();
    }

    @Test
    @DisplayName("makes atLeast tries even when the budget is spent, and starts none after it once they are done")
    void budget() throws Exception {
        Races.Outcome<String> none = Races.repeat(4, 100, Duration.ZERO, n -> null);
        assertThat(none.tries())
                .as("tries with a budget of 0: atLeast, no more")
                .isEqualTo(4);
        Races.Outcome<String> slow = Races.repeat(1, 1_000, Duration.ofMillis(200), n -> {
            long until = System.nanoTime() + 20_000_000;
            while (System.nanoTime() - until < 0) {
                Thread.onSpinWait();
            }
            return null;
        });
        assertThat(slow.tries())
                .as("tries of 20 ms each with a budget of 200 ms: the budget ends them")
                .isBetween(1, 50);
        assertThat(slow.millis())
                .as("ms the tries took: the budget plus at most one try, and some slack")
                .isLessThan(5_000L);
    }

    @Test
    @DisplayName("a try's exception stops the tries and reaches the caller")
    void exceptionsReachTheCaller() {
        IOException boom = new IOException("boom on try 2");
        assertThatThrownBy(() -> Races.repeat(5, 5, Duration.ofSeconds(30), n -> {
                    if (n == 2) {
                        throw boom;
                    }
                    return null;
                }))
                .as("what repeat throws when try 2 throws")
                .isSameAs(boom);
    }

    @Test
    @DisplayName("the noise thread runs while the tries run and is gone afterwards")
    void noiseRunsDuringTheTries() throws Exception {
        Races.Outcome<Long> outcome = Races.repeat(1, 1, Duration.ZERO, n -> {
            long until = System.nanoTime() + 50_000_000;
            while (System.nanoTime() - until < 0) {
                Thread.onSpinWait();
            }
            return noiseThreads() == 1 ? null : noiseThreads();
        });
        assertThat(outcome.sighting())
                .as("noise threads other than exactly one during the try")
                .isEmpty();
        assertThat(outcome.wakeUps())
                .as("times the noise thread woke during a 50 ms try (every 50 us if it could)")
                .isPositive();
        assertThat(noiseThreads())
                .as("noise threads alive after repeat returned")
                .isZero();
    }

    @Test
    @DisplayName("under the noise a counter with a read and a separate write loses updates, within 200 tries")
    void noiseShowsALostUpdate() throws Exception {
        Races.Outcome<Long> outcome = Races.repeat(1, 200, Duration.ofSeconds(30), n -> {
            RacyCounter counter = new RacyCounter();
            Together.run(2, Duration.ofSeconds(20), i -> {
                for (int k = 0; k < 1_000_000; k++) {
                    counter.increment();
                }
            });
            return counter.value < 2_000_000 ? counter.value : null;
        });
        assertThat(outcome.sighting())
                .as(
                        "a lost update (a total under 2,000,000) in %s: the noise must make the race show, also on one CPU",
                        outcome.summary())
                .isPresent();
    }

    @Test
    @DisplayName("interpreted(...) names each class for a HotSpot exclude, and refuses what is not a class name")
    void interpretedOptions() {
        assertThat(Races.interpreted("a.B", "c.D$E"))
                .as("the options for two classes")
                .containsExactly(
                        "-XX:CompileCommand=quiet",
                        "-XX:CompileCommand=exclude,a.B::*",
                        "-XX:CompileCommand=exclude,c.D$E::*");
        assertThatThrownBy(Races::interpreted).as("no class").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Races.interpreted("a.B,print"))
                .as("a name with a comma")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Races.interpreted(""))
                .as("an empty name")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("refuses bounds that make no sense")
    void refusesBadBounds() {
        assertThatThrownBy(() -> Races.repeat(0, 5, Duration.ZERO, n -> null))
                .as("atLeast 0")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Races.repeat(5, 4, Duration.ZERO, n -> null))
                .as("atMost below atLeast")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Races.repeat(1, 1, Duration.ofMillis(-1), n -> null))
                .as("a negative budget")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Races.repeat(1, 1, null, n -> null))
                .as("no budget")
                .isInstanceOf(NullPointerException.class);
    }

    private static long noiseThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("preemption-noise") && t.isAlive())
                .count();
    }

    /** The race the noise is for: a real load and a separate real store per increment. */
    private static final class RacyCounter {
        volatile long value;

        void increment() {
            long seen = value;
            value = seen + 1;
        }
    }
}
