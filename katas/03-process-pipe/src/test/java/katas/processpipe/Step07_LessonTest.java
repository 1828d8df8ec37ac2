package katas.processpipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import katas.testkit.Expect;
import katas.testkit.Step;
import katas.testkit.Telling;
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

    static final String AT_ONCE = "The children must count at the same time: ask every child before you wait for any"
            + " answer; one after the other, the lesson takes the sum of their times (step 7, Hint 2)";

    /** Each child's count in the test that watches them: long next to a JVM's start (about 0.3 s of CPU). */
    static final long WATCHED_EACH = 300_000_000;

    @Test
    @Telling
    @Timeout(120)
    @DisplayName("the children count at the same time: their CPU time grows together, not one child after the other")
    void childrenCountAtTheSameTime(TestReporter report) throws Exception {
        java.util.concurrent.CompletableFuture<Long> lesson = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return PipeLesson.countWithChildren(2, WATCHED_EACH, TIMEOUT);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        java.util.Map<Long, Duration> last = new java.util.HashMap<>();
        long together = 0;
        long alone = 0;
        boolean measured = true;
        java.util.Set<Long> seen = new java.util.HashSet<>();
        while (true) {
            try {
                assertThat(lesson.get(200, java.util.concurrent.TimeUnit.MILLISECONDS))
                        .as("countWithChildren(2, %,d)", WATCHED_EACH)
                        .isEqualTo(2 * WATCHED_EACH);
                break;
            } catch (java.util.concurrent.TimeoutException notYet) {
                // sample the children's CPU time
            }
            java.util.Map<Long, Duration> now = new java.util.HashMap<>();
            for (ProcessHandle child : ProcessHandle.current().descendants().toList()) {
                if (katas.kit.process.ChildJvm.runs(child, CountingChild.class)) {
                    seen.add(child.pid());
                    Duration cpu = child.info().totalCpuDuration().orElse(null);
                    if (cpu == null) {
                        measured = false;
                    } else {
                        now.put(child.pid(), cpu);
                    }
                }
            }
            java.util.List<Long> deltas = new java.util.ArrayList<>();
            now.forEach((pid, cpu) -> {
                Duration before = last.get(pid);
                if (before != null) {
                    deltas.add(cpu.minus(before).toNanos());
                }
            });
            long busy = deltas.stream().filter(d -> d >= 2_000_000).count();
            long sum = deltas.stream().mapToLong(Long::longValue).sum();
            if (busy >= 2) {
                together += sum;
            } else {
                alone += sum;
            }
            last.clear();
            last.putAll(now);
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(
                measured, "this operating system does not tell a process's CPU time: cannot watch the children");
        assertThat(seen)
                .as(
                        "the CountingChild JVMs this test could watch among this JVM's child processes (it looks every"
                                + " 0.2 s while countWithChildren(2, %,d) runs): start each child with ChildCounter, which"
                                + " starts CountingChild through the kit's ChildJvm",
                        WATCHED_EACH)
                .hasSize(2);
        double share = together + alone == 0 ? 0 : together / (double) (together + alone);
        String line = String.format(
                java.util.Locale.ROOT,
                "2 x %,d: the children's CPU time, %.2f s in all, %.0f%% of it while both were counting",
                WATCHED_EACH,
                (together + alone) / 1e9,
                100 * share);
        System.out.println("  " + line);
        report.publishEntry("at-once", line);
        assertThat(share)
                .as(
                        "the share of the children's CPU time spent while both were busy (%.2f s of CPU in all): at"
                                + " least 60%% when they count at the same time, 20%% to 35%% one after the other. %s",
                        (together + alone) / 1e9, AT_ONCE)
                .isGreaterThanOrEqualTo(0.6);
    }
}
