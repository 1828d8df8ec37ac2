package katas.loop.run;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import katas.loop.progress.KataProgress;
import katas.loop.progress.Sources;

/**
 * One learner's cycle over a kata: discover its steps, run the picked ones (bounded, saving the progress after every
 * test so that a JVM that dies leaves a board), merge their outcomes into the progress before the run, and save it.
 * Maven's run ({@link KataRun}) and watch mode run every cycle through here, so the two can never disagree on what a
 * run means for the board.
 */
public final class Cycle {

    /**
     * What a cycle did.
     *
     * @param plan     the kata's steps and tests, as discovered
     * @param run      the outcomes of the units that ran, and the learner files each step used
     * @param progress the merged progress, as saved
     * @param seconds  how long the steps took
     */
    public record Done(Runner.Plan plan, Steps.Result run, KataProgress progress, double seconds) {}

    private Cycle() {}

    /**
     * Runs one cycle and saves its progress with {@code save} (after every test, then merged at the end), with the
     * hashes of the learner files as they were when it started: a file saved during the run marks its steps changed.
     *
     * @param before           the progress before the run (what the merge keeps for the steps that do not run)
     * @param pick             the units to run
     * @param stopAfterFailure when a step fails, whether to skip a later step class (null: never skip)
     * @param reports          where JUnit XML reports go, or null
     * @param output           where the tests' own output goes
     */
    public static Done run(
            Runner runner,
            KataFiles files,
            KataProgress before,
            Predicate<Runner.Unit> pick,
            Predicate<String> stopAfterFailure,
            Path reports,
            PrintStream output,
            RunMarker marker,
            BiConsumer<KataProgress, Map<String, String>> save)
            throws IOException {
        Runner.Plan plan;
        try (URLClassLoader loader = files.loader()) {
            plan = runner.discover(loader, files.testClasses());
        }
        Map<String, String> hashes = Sources.allHashes(files.learnerSources());
        Bounds bounds = Bounds.learner();
        // Saved after every test; the steps a failure skips are not marked pending.
        Steps.Watcher watcher = Steps.saving(
                marker,
                bounds,
                before,
                plan,
                u -> pick.test(u) && (stopAfterFailure == null || !stopAfterFailure.test(u.stepClass())),
                hashes,
                p -> save.accept(p, hashes));
        long start = System.nanoTime();
        Steps.Result run = Steps.run(runner, files, plan, pick, stopAfterFailure, reports, output, bounds, watcher);
        double seconds = (System.nanoTime() - start) / 1e9;
        KataProgress progress = Merge.merge(before, plan, run.outcomes(), run::usedBy, hashes);
        save.accept(progress, hashes);
        return new Done(plan, run, progress, seconds);
    }
}
