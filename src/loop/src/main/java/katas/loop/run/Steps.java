package katas.loop.run;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import katas.loop.progress.Sources;

/**
 * Runs a kata step by step, each step in a class loader of its own, and records which learner files each step used
 * (the learner classes its loader loaded). Used by the Maven run and by watch mode alike.
 */
public final class Steps {

    /**
     * What a run did.
     *
     * @param outcomes by unit id, for the units that ran
     * @param used     by step class, the learner files (relative paths) the step's run loaded
     */
    public record Result(Map<String, Runner.Outcome> outcomes, Map<String, Set<String>> used) {

        /** The learner files a step used; empty for a step that did not run. */
        public Set<String> usedBy(String stepClass) {
            return used.getOrDefault(stepClass, Set.of());
        }
    }

    private Steps() {}

    /**
     * Runs the picked units, one step after the other (then the race proofs, together).
     *
     * @param stopAfterFailure when a step fails: given a later step class, whether to skip it (null: never skip)
     * @param reports          where JUnit XML reports go (a folder per step), or null
     * @param output           where the tests' own output goes, or null to leave it
     */
    public static Result run(
            Runner runner,
            KataFiles files,
            Runner.Plan plan,
            Predicate<Runner.Unit> pick,
            Predicate<String> stopAfterFailure,
            Path reports,
            PrintStream output) {
        Map<String, List<Runner.Unit>> groups = new LinkedHashMap<>();
        for (Runner.Unit u : plan.units()) {
            if (pick.test(u)) {
                groups.computeIfAbsent(u.proof() ? "race proofs" : u.stepClass(), k -> new java.util.ArrayList<>())
                        .add(u);
            }
        }
        Map<String, Runner.Outcome> outcomes = new HashMap<>();
        Map<String, Set<String>> used = new HashMap<>();
        Set<String> learnerClasses = files.learnerClassNames();
        boolean failed = false;
        for (Map.Entry<String, List<Runner.Unit>> group : groups.entrySet()) {
            if (failed && stopAfterFailure != null && stopAfterFailure.test(group.getKey())) {
                continue;
            }
            Set<String> ids = new java.util.HashSet<>();
            group.getValue().forEach(u -> ids.add(u.id()));
            try (KataFiles.KataLoader loader = files.loader()) {
                Path to = reports == null
                        ? null
                        : reports.resolve(
                                group.getKey().substring(group.getKey().lastIndexOf('.') + 1));
                Map<String, Runner.Outcome> got = runner.execute(loader, plan, u -> ids.contains(u.id()), to, output);
                outcomes.putAll(got);
                used.put(group.getKey(), Sources.filesOf(loader.loadedHere(), learnerClasses, files.learnerSources()));
                failed |= got.values().stream().anyMatch(o -> !o.result().passed()) || got.size() < ids.size();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close the kata's class loader", e);
            }
        }
        return new Result(Map.copyOf(outcomes), Map.copyOf(used));
    }
}
