package katas.loop.run;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import katas.loop.progress.KataProgress;
import katas.loop.progress.StepProgress;
import katas.loop.progress.TestResult;

/**
 * The integrity rules: on the untouched stubs every kata test must fail, because of a stub, quickly. A test that
 * passes on the stubs tests nothing the learner writes; one that fails for another reason, or slowly, would mislead.
 */
public final class Integrity {

    private Integrity() {}

    /** What breaks the rules, one sentence each; empty when the kata keeps them all. */
    public static List<String> problems(KataProgress progress, Runner.Plan plan, double maxSeconds) {
        List<String> problems = new ArrayList<>(plan.problems());
        if (progress.steps().isEmpty()) {
            problems.add("no kata test ran at all");
        }
        for (StepProgress s : progress.steps()) {
            for (StepProgress.Test t : s.tests()) {
                String name = "step " + s.number() + " '" + s.title() + "' / '" + t.name() + "'";
                if (t.result().isEmpty()) {
                    problems.add(name + " did not run");
                    continue;
                }
                TestResult r = t.result().get();
                switch (r.status()) {
                    case PASSED ->
                        problems.add(name + " PASSES against the untouched stubs: it tests nothing the learner writes");
                    case SKIPPED ->
                        problems.add(name + " was skipped (" + r.message()
                                + "): a kata test must run and fail on the stubs");
                    case FAILED ->
                        problems.add(name + " fails on the stubs, but not because of a stub: " + r.message());
                    case TODO -> {
                        if (r.millis() > maxSeconds * 1000) {
                            problems.add(name + " took " + r.millis() + " ms to fail on a stub (limit " + maxSeconds
                                    + " s): a stub must fail fast");
                        }
                    }
                }
            }
        }
        return problems;
    }

    /** Checks and prints the verdict; true when the kata keeps every rule. */
    static boolean check(PrintStream out, KataProgress progress, Runner.Plan plan, double maxSeconds) {
        List<String> problems = problems(progress, plan, maxSeconds);
        if (!problems.isEmpty()) {
            problems.forEach(p -> out.println("  INTEGRITY: " + p));
            out.printf(
                    "  Integrity check of kata %s failed: %d problem(s), listed above.%n",
                    progress.id(), problems.size());
            return false;
        }
        long tests = progress.steps().stream().mapToLong(s -> s.tests().size()).sum();
        long slowest = progress.steps().stream()
                .flatMap(s -> s.tests().stream())
                .mapToLong(t -> t.result().map(TestResult::millis).orElse(0L))
                .max()
                .orElse(0);
        out.printf(
                "  Integrity of kata %s (%s): all %d tests in %d steps fail on the untouched stubs, each with the"
                        + " stub's message (slowest %d ms, limit %.0f s).%n",
                progress.id(), progress.title(), tests, progress.steps().size(), slowest, maxSeconds);
        return true;
    }
}
