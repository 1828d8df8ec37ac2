package katas.loop.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import katas.loop.fixture.Step01_HangFixture;
import katas.loop.progress.KataProgress;
import katas.loop.progress.StepProgress;
import katas.loop.progress.TestResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Bounds: a step stops at its first timeout, failing work has a budget, a test a cap; failures rank")
@Timeout(90)
class BoundsTest {

    static final Runner RUNNER = new Runner();
    static Runner.Plan plan;
    static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @BeforeAll
    static void discover() throws URISyntaxException {
        Path testClasses = Path.of(Step01_HangFixture.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        plan = RUNNER.discover(BoundsTest.class.getClassLoader(), testClasses);
    }

    static Map<String, Runner.Outcome> run(Bounds bounds, String stepClass) {
        return RUNNER.execute(
                BoundsTest.class.getClassLoader(),
                plan,
                u -> u.stepClass().equals("katas.loop.fixture." + stepClass),
                null,
                QUIET,
                bounds,
                null);
    }

    static TestResult result(Map<String, Runner.Outcome> outcomes, String method) {
        return plan.units().stream()
                .filter(u -> u.method().equals(method) && outcomes.containsKey(u.id()))
                .map(u -> outcomes.get(u.id()).result())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no outcome for " + method + " in " + outcomes));
    }

    @Test
    @DisplayName("a step whose tests hang stops at its first timeout; the others are not run, saying why")
    void stopsAtFirstTimeout() {
        Map<String, Runner.Outcome> bounded = run(Bounds.learner(), "Step01_HangFixture");
        assertThat(result(bounded, "first").status()).isEqualTo(TestResult.Status.FAILED);
        assertThat(result(bounded, "first").kind()).isEqualTo(TestResult.Kind.TIMEOUT);
        assertThat(result(bounded, "first").message())
                .as("JUnit's own cause (which of its threads) is noise")
                .isEqualTo("TimeoutException: first() timed out after 1 second");
        for (String later : List.of("second", "third")) {
            assertThat(result(bounded, later).status()).as(later).isEqualTo(TestResult.Status.NOT_RUN);
            assertThat(result(bounded, later).message())
                    .as(later)
                    .startsWith("not run: an earlier test of this step ran out of time (first hang)");
        }
        Map<String, Runner.Outcome> unbounded = run(Bounds.off(), "Step01_HangFixture");
        assertThat(List.of("first", "second", "third"))
                .as("without bounds (a solution run) each test runs to its own timeout")
                .allSatisfy(m -> assertThat(result(unbounded, m).kind()).isEqualTo(TestResult.Kind.TIMEOUT));
    }

    @Test
    @DisplayName("a test is cut at the cap whatever its own @Timeout; once the budget is spent, nothing more runs")
    void capAndBudget() {
        Bounds bounds = new Bounds(true, 1_000, 1_500, 500);
        long start = System.nanoTime();
        Map<String, Runner.Outcome> capped = run(bounds, "Step03_CapFixture");
        assertThat((System.nanoTime() - start) / 1_000_000_000.0)
                .as("seconds, for a test whose own timeout is 60 s")
                .isLessThan(30);
        TestResult hung = result(capped, "hangs");
        assertThat(hung.kind()).isEqualTo(TestResult.Kind.TIMEOUT);
        assertThat(hung.message()).contains("hangs() ran out of time after 1.5 s");
        TestResult after = result(run(bounds, "Step04_PassFixture"), "passes");
        assertThat(after.status()).isEqualTo(TestResult.Status.NOT_RUN);
        assertThat(after.message()).startsWith("not run: this run had already spent 1 s on tests that failed");
        assertThat(result(run(Bounds.learner(), "Step04_PassFixture"), "passes").passed())
                .as("fresh bounds")
                .isTrue();
    }

    @Test
    @DisplayName(
            "the shown failure: @Telling, then an assertion, then an exception, then a timeout; from the file alone")
    void ranking(@TempDir Path dir) {
        Map<String, Runner.Outcome> outcomes = run(Bounds.learner(), "Step02_RankFixture");
        assertThat(result(outcomes, "exception").kind()).isEqualTo(TestResult.Kind.EXCEPTION);
        assertThat(result(outcomes, "assertion").kind()).isEqualTo(TestResult.Kind.ASSERTION);
        assertThat(result(outcomes, "telling").kind()).isEqualTo(TestResult.Kind.EXCEPTION);
        assertThat(result(outcomes, "timeout").kind()).isEqualTo(TestResult.Kind.TIMEOUT);
        Path kata = dir.resolve("09-tiny");
        KataProgress progress = Merge.merge(KataProgress.empty(kata), plan, outcomes, s -> Set.of(), Map.of());
        StepProgress step = step(progress, 2);
        assertThat(step.failureShown())
                .get()
                .extracting(StepProgress.Test::name)
                .isEqualTo("names the mistake");
        assertThat(step.firstFailure()).isEqualTo("names the mistake: IllegalArgumentException: the telling failure");
        progress.save(kata, Map.of());
        StepProgress read = step(KataProgress.load(kata), 2);
        assertThat(read.firstFailure())
                .as("ranked from the progress file alone")
                .isEqualTo(step.firstFailure());
        assertThat(read.tests()).extracting(StepProgress.Test::telling).containsExactly(false, false, true, false);
    }

    static StepProgress step(KataProgress progress, int number) {
        return progress.steps().stream()
                .filter(s -> s.number() == number)
                .findFirst()
                .orElseThrow();
    }
}
