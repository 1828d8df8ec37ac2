package katas.loop.run;

import static katas.loop.progress.Fixtures.failed;
import static katas.loop.progress.Fixtures.kata;
import static katas.loop.progress.Fixtures.notRun;
import static katas.loop.progress.Fixtures.passed;
import static katas.loop.progress.Fixtures.step;
import static katas.loop.progress.Fixtures.todo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import katas.loop.progress.StepProgress;
import katas.loop.progress.TestResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Integrity rules: on the stubs every test fails, because of a stub, fast")
class IntegrityTest {

    static final Runner.Plan PLAN = new Runner.Plan(List.of(), List.of());

    @Test
    @DisplayName("all stubs, fast: no problem")
    void clean() {
        assertThat(Integrity.problems(kata(step(1, Map.of(), todo("1"), todo("2"))), PLAN, 10))
                .isEmpty();
    }

    @Test
    @DisplayName("a test that passes, fails for another reason, did not run or is slow is named")
    void problems() {
        StepProgress slow = step(
                2,
                Map.of(),
                new StepProgress.Test(
                        "5", "slow", Optional.of(new TestResult(TestResult.Status.TODO, "KATA TODO: x", 12_000))));
        List<String> p = Integrity.problems(
                kata(step(1, Map.of(), passed("1"), failed("2", "NPE"), notRun("3")), slow),
                new Runner.Plan(List.of(), List.of("katas.demo.Helper has tests but no @Step")),
                10);
        assertThat(p).hasSize(5);
        assertThat(String.join("\n", p))
                .contains("PASSES against the untouched stubs")
                .contains("not because of a stub: NPE")
                .contains("did not run")
                .contains("12000 ms")
                .contains("no @Step");
    }

    @Test
    @DisplayName("no test at all is a problem")
    void empty() {
        assertThat(Integrity.problems(kata(), PLAN, 10)).containsExactly("no kata test ran at all");
    }
}
