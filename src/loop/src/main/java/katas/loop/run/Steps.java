package katas.loop.run;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
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

    /** Told as a run goes: each unit's start and outcome, and after each outcome, the run so far. */
    public interface Watcher extends Runner.Events {
        /** The run so far, after a unit's outcome (to save progress as it goes, for a JVM that dies mid-run). */
        default void update(Result soFar) {}
    }

    private Steps() {}

    /**
     * A watcher that keeps a learner's run visible as it goes: the {@link RunMarker} names the test being run, and
     * after every test the progress is saved ({@code save}), the tests still to come marked {@link Death#PENDING}, so
     * that a test JVM that dies mid-run leaves a board of what it did. Saves the pending progress once at once.
     *
     * @param before the progress before the run
     * @param hashes the learner files' hashes at the run's start
     */
    public static Watcher saving(
            RunMarker marker,
            Bounds bounds,
            katas.loop.progress.KataProgress before,
            Runner.Plan plan,
            Predicate<Runner.Unit> pick,
            Map<String, String> hashes,
            java.util.function.Consumer<katas.loop.progress.KataProgress> save) {
        Map<String, Runner.Outcome> pending = new LinkedHashMap<>();
        plan.units().stream()
                .filter(pick)
                .forEach(u -> pending.put(
                        u.id(),
                        new Runner.Outcome(
                                new katas.loop.progress.TestResult(
                                        katas.loop.progress.TestResult.Status.NOT_RUN, Death.PENDING, 0),
                                null,
                                List.of())));
        marker.start(bounds.on());
        save.accept(Merge.merge(before, plan, pending, s -> Set.of(), hashes));
        return new Watcher() {
            @Override
            public void started(Runner.Unit unit) {
                marker.started(bounds.on(), unit.stepTitle(), unit.name(), unit.id());
            }

            @Override
            public void finished(Runner.Unit unit, Runner.Outcome outcome) {
                marker.ended(bounds.on(), unit.stepTitle(), unit.name(), unit.id());
            }

            @Override
            public void update(Result soFar) {
                Map<String, Runner.Outcome> all = new LinkedHashMap<>(pending);
                all.putAll(soFar.outcomes());
                save.accept(Merge.merge(before, plan, all, soFar::usedBy, hashes));
            }
        };
    }

    /** Like {@link #run(Runner, KataFiles, Runner.Plan, Predicate, Predicate, Path, PrintStream, Bounds, Watcher)}, unbounded. */
    public static Result run(
            Runner runner,
            KataFiles files,
            Runner.Plan plan,
            Predicate<Runner.Unit> pick,
            Predicate<String> stopAfterFailure,
            Path reports,
            PrintStream output) {
        return run(runner, files, plan, pick, stopAfterFailure, reports, output, Bounds.off(), null);
    }

    /**
     * Runs the picked units, one step after the other (then the race proofs, together).
     *
     * @param stopAfterFailure when a step fails: given a later step class, whether to skip it (null: never skip)
     * @param reports          where JUnit XML reports go (a folder per step), or null
     * @param output           where the tests' own output goes, or null to leave it
     * @param bounds           the run's limits on failing work ({@link Bounds#off()} for none)
     * @param watcher          told as the run goes, or null
     */
    public static Result run(
            Runner runner,
            KataFiles files,
            Runner.Plan plan,
            Predicate<Runner.Unit> pick,
            Predicate<String> stopAfterFailure,
            Path reports,
            PrintStream output,
            Bounds bounds,
            Watcher watcher) {
        Map<String, List<Runner.Unit>> groups = new LinkedHashMap<>();
        for (Runner.Unit u : plan.units()) {
            if (pick.test(u)) {
                groups.computeIfAbsent(u.proof() ? "race proofs" : u.stepClass(), k -> new java.util.ArrayList<>())
                        .add(u);
            }
        }
        Map<String, Runner.Outcome> outcomes = new java.util.concurrent.ConcurrentHashMap<>();
        Map<String, Set<String>> used = new java.util.concurrent.ConcurrentHashMap<>();
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
                Runner.Events events = watcher == null
                        ? null
                        : new Runner.Events() {
                            @Override
                            public void started(Runner.Unit unit) {
                                watcher.started(unit);
                            }

                            @Override
                            public void finished(Runner.Unit unit, Runner.Outcome outcome) {
                                outcomes.put(unit.id(), outcome);
                                used.put(
                                        group.getKey(),
                                        Sources.filesOf(loader.loadedHere(), learnerClasses, files.learnerSources()));
                                watcher.finished(unit, outcome);
                                watcher.update(new Result(Map.copyOf(outcomes), Map.copyOf(used)));
                            }
                        };
                Map<String, Runner.Outcome> got =
                        runner.execute(loader, plan, u -> ids.contains(u.id()), to, output, bounds, events);
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
