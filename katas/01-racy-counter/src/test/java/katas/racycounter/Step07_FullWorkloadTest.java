package katas.racycounter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;
import katas.testkit.Step;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Step(7)
@DisplayName("Step 7: the lesson's full workload - 2 workers x 50,000,000 = exactly 100,000,000 for every fix")
@Timeout(120)
class Step07_FullWorkloadTest {

    static final int WORKERS = 2;
    static final long EACH = 50_000_000;
    static final long TOTAL = 100_000_000;

    static Stream<Arguments> fixes() {
        return Stream.of(Subject.synchronizedCounter(), Subject.atomic(), Subject.adder())
                .map(s -> Arguments.of(s.name(), s));
    }

    @ParameterizedTest(name = "{0}: 2 threads x 50,000,000 on one shared counter = 100,000,000")
    @MethodSource("fixes")
    @DisplayName("shared counters")
    void sharedCounter(String name, Subject subject, TestReporter report) throws InterruptedException {
        long start = System.nanoTime();
        long total = subject.hammer(WORKERS, EACH, Duration.ofSeconds(100)).get();
        report(report, name, total, start);
        assertThat(total)
                .as("%s, the lesson's workload: %,d updates lost. %s", name, TOTAL - total, subject.mistakes())
                .isEqualTo(TOTAL);
    }

    @Test
    @DisplayName("thread confinement: 2 workers x 50,000,000, each on its own counter = 100,000,000")
    void confinement(TestReporter report) throws Exception {
        String name = "ConfinedCounting";
        long start = System.nanoTime();
        long total = ConfinedCounting.countConfined(WORKERS, EACH);
        report(report, name, total, start);
        assertThat(total)
                .as(
                        "countConfined(2, 50,000,000): %,d updates lost. %s",
                        TOTAL - total, Step06_ConfinementTest.CONFINEMENT)
                .isEqualTo(TOTAL);
    }

    private static void report(TestReporter report, String name, long total, long startNanos) {
        String line = String.format(
                "%-20s 2 x 50,000,000 -> %,13d in %5.2f s", name, total, (System.nanoTime() - startNanos) / 1e9);
        System.out.println("  " + line);
        report.publishEntry("workload", line);
    }
}
