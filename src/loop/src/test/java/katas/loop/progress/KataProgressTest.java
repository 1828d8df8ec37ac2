package katas.loop.progress;

import static katas.loop.progress.Fixtures.failed;
import static katas.loop.progress.Fixtures.kata;
import static katas.loop.progress.Fixtures.notRun;
import static katas.loop.progress.Fixtures.passed;
import static katas.loop.progress.Fixtures.step;
import static katas.loop.progress.Fixtures.todo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Progress: step states, the next step, and the progress file")
class KataProgressTest {

    static final Map<String, String> NOW = Map.of("a/Counter.java", "h1", "a/Workers.java", "h2");

    @Test
    @DisplayName("a step's state comes from its tests' last results")
    void states() {
        assertThat(step(1, Map.of(), passed("1"), passed("2")).state(NOW)).isEqualTo(StepState.DONE);
        assertThat(step(1, Map.of(), passed("1"), todo("2")).state(NOW)).isEqualTo(StepState.TODO);
        assertThat(step(1, Map.of(), todo("1"), failed("2", "boom")).state(NOW)).isEqualTo(StepState.FAILING);
        assertThat(step(1, Map.of(), passed("1"), notRun("2")).state(NOW))
                .as("half run")
                .isEqualTo(StepState.NOT_RUN);
        assertThat(step(1, Map.of(), notRun("1")).state(NOW)).isEqualTo(StepState.NOT_RUN);
        assertThat(step(1, Map.of()).state(NOW)).as("no tests at all").isEqualTo(StepState.NOT_RUN);
    }

    @Test
    @DisplayName("a step whose learner file changed since it ran is CHANGED, not DONE, and names the file")
    void changed() {
        StepProgress s = step(3, Map.of("a/Counter.java", "old"), passed("1"));
        assertThat(s.state(NOW)).isEqualTo(StepState.CHANGED);
        assertThat(s.changedFiles(NOW)).containsExactly("Counter.java");
        assertThat(step(3, Map.of("a/Workers.java", "h2"), passed("1")).state(NOW))
                .isEqualTo(StepState.DONE);
        assertThat(step(3, Map.of("a/Gone.java", "h9"), passed("1")).state(NOW))
                .as("a file that is gone")
                .isEqualTo(StepState.CHANGED);
    }

    @Test
    @DisplayName("next is the first failing or stubbed step, else the first not done")
    void next() {
        KataProgress k = kata(
                step(1, Map.of(), passed("1")),
                step(2, Map.of(), notRun("2")),
                step(3, Map.of(), todo("3")),
                step(4, Map.of(), failed("4", "x")));
        assertThat(k.next(NOW)).get().extracting(StepProgress::number).isEqualTo(3);
        KataProgress notRunOnly = kata(step(1, Map.of(), passed("1")), step(2, Map.of(), notRun("2")));
        assertThat(notRunOnly.next(NOW)).get().extracting(StepProgress::number).isEqualTo(2);
        KataProgress done = kata(step(1, Map.of(), passed("1")));
        assertThat(done.next(NOW)).isEmpty();
        assertThat(done.complete(NOW)).isTrue();
        assertThat(kata().complete(NOW))
                .as("a kata without steps is not complete")
                .isFalse();
    }

    @Test
    @DisplayName("the progress file round-trips every field, keys count from 1, states are written as they stand")
    void roundTrip(@TempDir Path dir) throws Exception {
        Path kataDir = Files.createDirectories(dir.resolve("01-racy-counter"));
        KataProgress k = kata(
                step(1, Map.of("a/Workers.java", "h2"), passed("1"), failed("2", "tab\there, new\nline, =:#!")),
                step(2, Map.of("a/Counter.java", "old"), passed("3")),
                step(3, Map.of(), notRun("4")));
        k.save(kataDir, NOW);
        KataProgress back = KataProgress.load(kataDir);
        assertThat(back).as("what was saved, read back").isEqualTo(k);
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(kataDir.resolve(KataProgress.FILE), StandardCharsets.UTF_8)) {
            p.load(r);
        }
        assertThat(p.getProperty("step.1.title")).as("keys count from 1").isEqualTo("Step 1: the title of step 1");
        assertThat(p.getProperty("step.0.title")).isNull();
        assertThat(p.getProperty("step.1.state")).isEqualTo("FAILING");
        assertThat(p.getProperty("step.2.state")).as("written as it stands now").isEqualTo("CHANGED");
        assertThat(p.getProperty("step.3.state")).isEqualTo("NOT_RUN");
        assertThat(p.getProperty("steps.done")).isEqualTo("0");
        assertThat(p.getProperty("complete")).isEqualTo("false");
    }

    @Test
    @DisplayName("a missing file is an empty kata; a broken one is a clear error naming the file")
    void missingAndBroken(@TempDir Path dir) throws Exception {
        Path kataDir = Files.createDirectories(dir.resolve("02-process-queue"));
        KataProgress empty = KataProgress.load(kataDir);
        assertThat(empty.steps()).isEmpty();
        assertThat(empty.id()).isEqualTo("02");
        assertThat(empty.title()).isEqualTo("process queue");
        Files.createDirectories(kataDir.resolve("target"));
        Files.writeString(kataDir.resolve(KataProgress.FILE), "format=2\nsteps=1\nstep.1.number=x\n");
        assertThatThrownBy(() -> KataProgress.load(kataDir))
                .hasMessageContaining("kata-progress.properties")
                .hasMessageContaining("broken");
    }

    static StepProgress.Test failing(String id, TestResult.Kind kind, boolean telling) {
        return new StepProgress.Test(
                id,
                "test " + id,
                Optional.of(new TestResult(TestResult.Status.FAILED, kind + " " + id, 5, kind)),
                telling,
                "");
    }

    @Test
    @DisplayName(
            "the failure shown: @Telling, then assertion, then exception (or death), then timeout; else step order")
    void ranking() {
        StepProgress s = step(
                1,
                Map.of(),
                failing("1", TestResult.Kind.TIMEOUT, false),
                failing("2", TestResult.Kind.EXCEPTION, false),
                failing("3", TestResult.Kind.ASSERTION, false),
                failing("4", TestResult.Kind.ASSERTION, false),
                failing("5", TestResult.Kind.TIMEOUT, true));
        assertThat(s.firstFailure()).isEqualTo("test 5: TIMEOUT 5");
        assertThat(step(1, Map.of(), s.tests().subList(0, 4).toArray(StepProgress.Test[]::new))
                        .firstFailure())
                .as("the first assertion in the step's order")
                .isEqualTo("test 3: ASSERTION 3");
        assertThat(step(
                                1,
                                Map.of(),
                                failing("1", TestResult.Kind.TIMEOUT, false),
                                failing("2", TestResult.Kind.DIED, false),
                                failing("3", TestResult.Kind.EXCEPTION, false))
                        .firstFailure())
                .as("a death ranks with the exceptions, in order")
                .isEqualTo("test 2: DIED 2");
        assertThat(step(
                                1,
                                Map.of(),
                                failing("1", TestResult.Kind.LEFT_BEHIND, true),
                                failing("2", TestResult.Kind.ASSERTION, false))
                        .firstFailure())
                .as("a @Telling test that only left a file behind is not raised above a real assertion")
                .isEqualTo("test 2: ASSERTION 2");
        assertThat(step(1, Map.of(), todo("1"), failing("2", TestResult.Kind.TIMEOUT, false))
                        .firstFailure())
                .as("a real failure before a stub")
                .isEqualTo("test 2: TIMEOUT 2");
    }

    @Test
    @DisplayName("a progress file of format 2 still reads; a failure's kind comes from its message")
    void formatTwo(@TempDir Path dir) throws Exception {
        Path kata = dir.resolve("01-racy-counter");
        Files.createDirectories(kata.resolve("target"));
        Files.writeString(
                kata.resolve(KataProgress.FILE),
                String.join(
                        "\n",
                        "format=2",
                        "steps=1",
                        "step.1.number=1",
                        "step.1.title=Step 1\\: one",
                        "step.1.class=a.Step01",
                        "step.1.tests=3",
                        "step.1.test.1.id=t1",
                        "step.1.test.1.status=FAILED",
                        "step.1.test.1.message=TimeoutException\\: run() timed out after 60 seconds",
                        "step.1.test.2.id=t2",
                        "step.1.test.2.status=FAILED",
                        "step.1.test.2.message=IllegalStateException\\: closed",
                        "step.1.test.3.id=t3",
                        "step.1.test.3.status=FAILED",
                        "step.1.test.3.message=[the count] expected 2 but was 1",
                        ""),
                StandardCharsets.ISO_8859_1);
        StepProgress s = KataProgress.load(kata).steps().get(0);
        assertThat(s.tests())
                .extracting(t -> t.result().orElseThrow().kind())
                .containsExactly(TestResult.Kind.TIMEOUT, TestResult.Kind.EXCEPTION, TestResult.Kind.ASSERTION);
        assertThat(s.firstFailure()).isEqualTo(": [the count] expected 2 but was 1");
    }
}
