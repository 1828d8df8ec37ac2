package katas.racycounter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import katas.testkit.Step;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lesson's workload through every fix. Each shared counter counts in a child JVM of its own ({@link CounterChild}),
 * timed there: a counter whose threads spin or wait for ever fails within seconds of its last increment, and its
 * threads end with the child instead of slowing the tests that follow.
 */
@Step(7)
@DisplayName("Step 7: the lesson's full workload - 2 workers x 50,000,000 = exactly 100,000,000 for every fix")
@Timeout(120)
class Step07_FullWorkloadTest {

    static final int WORKERS = 2;
    static final long EACH = 50_000_000;
    static final long TOTAL = 100_000_000;

    /** A shared counter whose count does not move for this long is stuck. */
    static final Duration STALL = Duration.ofSeconds(3);

    /** How long a small confinement run (2 x 1,000) may take before the big one: a hang shows there, in seconds. */
    static final Duration SMALL_RUN_LIMIT = Duration.ofSeconds(10);

    /** How long the big confinement run may take (about 1 s on a busy 2-core machine). */
    static final Duration BIG_RUN_LIMIT = Duration.ofSeconds(60);

    static Stream<Arguments> fixes() {
        return Stream.of(Subject.synchronizedCounter(), Subject.atomic(), Subject.adder())
                .map(s -> Arguments.of(s.name(), s));
    }

    @ParameterizedTest(name = "{0}: 2 threads x 50,000,000 on one shared counter = 100,000,000")
    @MethodSource("fixes")
    @DisplayName("shared counters")
    void sharedCounter(String name, Subject subject, TestReporter report) throws Exception {
        subject.create().increment(); // a stub fails here, at once, before a child JVM starts
        Map<String, String> result =
                CounterChild.run(subject, "workload", List.of(), "workload", WORKERS, EACH, STALL.toMillis());
        long total = Long.parseLong(result.get("total"));
        report(report, name, total, Long.parseLong(result.get("nanos")));
        assertThat(total)
                .as("%s, the lesson's workload: %s", name, subject.wrongTotal(WORKERS, EACH, total))
                .isEqualTo(TOTAL);
    }

    @Test
    @DisplayName("thread confinement: 2 workers x 50,000,000, each on its own counter = 100,000,000")
    void confinement(TestReporter report) throws Exception {
        String name = "ConfinedCounting";
        Bounded.call(
                "countConfined(2, 1,000)",
                SMALL_RUN_LIMIT,
                Step06_ConfinementTest.HANG,
                () -> ConfinedCounting.countConfined(2, 1_000));
        long start = System.nanoTime();
        long total = Bounded.call(
                "countConfined(2, 50,000,000)",
                BIG_RUN_LIMIT,
                Step06_ConfinementTest.HANG,
                () -> ConfinedCounting.countConfined(WORKERS, EACH));
        report(report, name, total, System.nanoTime() - start);
        assertThat(total)
                .as("countConfined(2, 50,000,000): %s", Step06_ConfinementTest.wrongTotal(WORKERS, EACH, total))
                .isEqualTo(TOTAL);
    }

    private static void report(TestReporter report, String name, long total, long nanos) {
        String line = String.format("%-20s 2 x 50,000,000 -> %,13d in %5.2f s", name, total, nanos / 1e9);
        System.out.println("  " + line);
        report.publishEntry("workload", line);
    }
}
