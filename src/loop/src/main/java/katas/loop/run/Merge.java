package katas.loop.run;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import katas.loop.progress.KataProgress;
import katas.loop.progress.StepProgress;
import katas.loop.progress.TestResult;

/**
 * Adds one run's outcomes to a kata's progress: the tests that ran get their new result, the others keep their last
 * one. A step's old results are dropped when a learner file it uses changed since (they say nothing about the code
 * as it is now). The steps and tests are those the kata declares now: a removed test disappears, a new one is
 * "not run" until it runs.
 */
public final class Merge {

    private Merge() {}

    /**
     * @param old          the progress before this run
     * @param plan         every test the kata declares
     * @param outcomes     this run's outcomes, by unit id
     * @param stepSources  for a step class, the learner files its tests use (only asked for steps that ran)
     * @param hashes       the learner files' hashes now
     */
    public static KataProgress merge(
            KataProgress old,
            Runner.Plan plan,
            Map<String, Runner.Outcome> outcomes,
            Function<String, Set<String>> stepSources,
            Map<String, String> hashes) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Map<String, StepProgress> oldSteps = new HashMap<>();
        old.steps().forEach(s -> oldSteps.put(s.className(), s));
        Map<String, Optional<TestResult>> oldProofs = new HashMap<>();
        old.proofs().forEach(t -> oldProofs.put(t.id(), t.result()));

        Map<String, List<Runner.Unit>> byStep = new LinkedHashMap<>();
        List<StepProgress.Test> proofs = new ArrayList<>();
        for (Runner.Unit u : plan.units()) {
            if (u.proof()) {
                Runner.Outcome o = outcomes.get(u.id());
                proofs.add(test(u, o, oldProofs.getOrDefault(u.id(), Optional.empty())));
            } else {
                byStep.computeIfAbsent(u.stepClass(), k -> new ArrayList<>()).add(u);
            }
        }
        List<StepProgress> steps = new ArrayList<>();
        for (List<Runner.Unit> units : byStep.values()) {
            Runner.Unit first = units.get(0);
            StepProgress before = oldSteps.get(first.stepClass());
            Map<String, Optional<TestResult>> previous = new HashMap<>();
            boolean ran = units.stream().anyMatch(u -> outcomes.containsKey(u.id()));
            if (before != null && !(ran && before.changed(hashes))) {
                before.tests().forEach(t -> previous.put(t.id(), t.result()));
            }
            List<StepProgress.Test> tests = new ArrayList<>();
            for (Runner.Unit u : units) {
                Runner.Outcome o = outcomes.get(u.id());
                tests.add(test(u, o, previous.getOrDefault(u.id(), Optional.empty())));
            }
            Map<String, String> sources = ran
                    ? pick(hashes, stepSources.apply(first.stepClass()))
                    : before == null ? Map.of() : before.sources();
            steps.add(new StepProgress(
                    first.step(),
                    first.stepClass(),
                    first.stepTitle(),
                    tests,
                    sources,
                    ran ? now : before == null ? "" : before.lastRun()));
        }
        return new KataProgress(old.id(), old.title(), old.directory(), steps, proofs, now);
    }

    /** A unit's test: this run's outcome (a unit left out keeps no result, only the reason), else its last result. */
    private static StepProgress.Test test(Runner.Unit u, Runner.Outcome o, Optional<TestResult> last) {
        if (o == null) {
            return new StepProgress.Test(u.id(), u.name(), last, u.telling(), "");
        }
        if (o.result().status() == TestResult.Status.NOT_RUN) {
            return new StepProgress.Test(
                    u.id(), u.name(), Optional.empty(), u.telling(), o.result().message());
        }
        return new StepProgress.Test(u.id(), u.name(), Optional.of(o.result()), u.telling(), "");
    }

    private static Map<String, String> pick(Map<String, String> hashes, Set<String> files) {
        Map<String, String> picked = new LinkedHashMap<>();
        for (String f : files) {
            picked.put(f, hashes.getOrDefault(f, "missing"));
        }
        return picked;
    }
}
