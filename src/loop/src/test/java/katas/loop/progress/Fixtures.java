package katas.loop.progress;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Made-up progress for the machinery's tests. */
public final class Fixtures {

    private Fixtures() {}

    public static StepProgress.Test passed(String id) {
        return new StepProgress.Test(id, "test " + id, Optional.of(new TestResult(TestResult.Status.PASSED, "", 12)));
    }

    public static StepProgress.Test todo(String id) {
        return new StepProgress.Test(
                id,
                "test " + id,
                Optional.of(new TestResult(
                        TestResult.Status.TODO,
                        "KataTodo: KATA TODO: Counter.increment: guard it (delete the 'throw Kata.todo(...)' line and write it;"
                                + " hints are in the kata's README)",
                        3)));
    }

    public static StepProgress.Test failed(String id, String message) {
        return new StepProgress.Test(
                id, "test " + id, Optional.of(new TestResult(TestResult.Status.FAILED, message, 40)));
    }

    public static StepProgress.Test notRun(String id) {
        return new StepProgress.Test(id, "test " + id, Optional.empty());
    }

    public static StepProgress step(int n, Map<String, String> sources, StepProgress.Test... tests) {
        return new StepProgress(
                n,
                "katas.demo.Step0" + n + "_Test",
                "Step " + n + ": the title of step " + n,
                List.of(tests),
                sources,
                "2026-11-25T10:00:00Z");
    }

    public static KataProgress kata(StepProgress... steps) {
        return new KataProgress(
                "01", "racy counter", "katas/01-racy-counter", List.of(steps), List.of(), "2026-11-25T10:00:00Z");
    }
}
