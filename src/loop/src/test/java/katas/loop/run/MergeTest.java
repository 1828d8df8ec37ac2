package katas.loop.run;

import static katas.loop.progress.Fixtures.kata;
import static katas.loop.progress.Fixtures.passed;
import static katas.loop.progress.Fixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import katas.loop.progress.KataProgress;
import katas.loop.progress.StepState;
import katas.loop.progress.TestResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Progress adds up: a run of some steps keeps the others' last results")
class MergeTest {

    static final String S1 = "katas.demo.Step01_Test";
    static final String S2 = "katas.demo.Step02_Test";
    static final Runner.Plan PLAN = new Runner.Plan(
            List.of(
                    new Runner.Unit("1", S1, "a", "test 1", 1, "Step 1: the title of step 1", false),
                    new Runner.Unit("2", S2, "b", "test 2", 2, "Step 2: the title of step 2", false),
                    new Runner.Unit("3", S2, "c", "test 3", 2, "Step 2: the title of step 2", false)),
            List.of());
    static final Map<String, String> NOW = Map.of("a/Counter.java", "h1", "a/Workers.java", "h2");

    static Runner.Outcome ok() {
        return new Runner.Outcome(new TestResult(TestResult.Status.PASSED, "", 5), null, List.of());
    }

    @Test
    @DisplayName("running step 2 alone leaves step 1 done")
    void keepsOthers() {
        KataProgress old = kata(step(1, Map.of("a/Workers.java", "h2"), passed("1")));
        KataProgress merged = Merge.merge(
                old, PLAN, Map.of("2", ok(), "3", ok()), s -> s.equals(S2) ? Set.of("a/Counter.java") : Set.of(), NOW);
        assertThat(merged.states(NOW)).containsExactly(StepState.DONE, StepState.DONE);
        assertThat(merged.steps().get(1).sources()).containsOnlyKeys("a/Counter.java");
    }

    @Test
    @DisplayName("a step that did not run and whose file changed is CHANGED; one that ran is judged afresh")
    void changed() {
        KataProgress old = kata(
                step(1, Map.of("a/Workers.java", "old"), passed("1")),
                step(2, Map.of("a/Counter.java", "old"), passed("2"), passed("3")));
        KataProgress merged = Merge.merge(old, PLAN, Map.of("2", ok()), s -> Set.of("a/Counter.java"), NOW);
        assertThat(merged.states(NOW).get(0)).isEqualTo(StepState.CHANGED);
        assertThat(merged.states(NOW).get(1))
                .as("test 3's old result was on other code: not run now")
                .isEqualTo(StepState.NOT_RUN);
    }

    @Test
    @DisplayName("tests the kata no longer declares disappear; new ones are not run")
    void followsThePlan() {
        KataProgress old = kata(step(1, Map.of(), passed("1"), passed("gone")));
        KataProgress merged = Merge.merge(old, PLAN, Map.of(), s -> Set.of(), NOW);
        assertThat(merged.steps().get(0).tests()).extracting(t -> t.id()).containsExactly("1");
        assertThat(merged.states(NOW)).containsExactly(StepState.DONE, StepState.NOT_RUN);
    }
}
