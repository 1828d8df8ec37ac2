package katas.processpipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import katas.testkit.Expect;
import katas.testkit.Step;
import katas.testkit.process.ProcessHygiene;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@Step(7)
@DisplayName("Step 7: the lesson over pipes - 2 children x 50,000,000 = exactly 100,000,000")
@ExtendWith(ProcessHygiene.class)
@Timeout(120)
class Step07_LessonTest {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    @DisplayName("the lesson: 2 counting children x 50,000,000, each on its own pipe, sum to exactly 100,000,000")
    void theLesson(TestReporter report) throws Exception {
        long start = System.nanoTime();
        long total = PipeLesson.countWithChildren(2, 50_000_000, TIMEOUT);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(total)
                .as("PipeLesson.countWithChildren(2, 50,000,000): each child counts in its own memory and answers on"
                        + " its own pipe; the parent adds the two answers")
                .isEqualTo(100_000_000);
        String line = String.format(
                "%-20s 2 x 50,000,000 -> %,13d in %5.2f s (2 child JVMs, one pipe each, starts included)",
                "PipeLesson", total, seconds);
        System.out.println("  " + line);
        report.publishEntry("workload", line);
    }

    @Test
    @DisplayName("3 children x 1,000,000 and 1 child x 0 give exactly 3,000,000 and 0")
    void otherShapes() throws Exception {
        assertThat(PipeLesson.countWithChildren(3, 1_000_000, TIMEOUT))
                .as("countWithChildren(3, 1,000,000)")
                .isEqualTo(3_000_000);
        assertThat(PipeLesson.countWithChildren(1, 0, TIMEOUT))
                .as("countWithChildren(1, 0)")
                .isZero();
    }

    @Test
    @DisplayName("refuses fewer than 1 child, a negative count and a non-positive timeout")
    void refusesBadInput() {
        Expect.thrownBy("countWithChildren(0, 10, ...)", () -> PipeLesson.countWithChildren(0, 10, TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class);
        Expect.thrownBy("countWithChildren(2, -1, ...)", () -> PipeLesson.countWithChildren(2, -1, TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class);
        Expect.thrownBy(
                        "countWithChildren(1, 10, Duration.ZERO)",
                        () -> PipeLesson.countWithChildren(1, 10, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
