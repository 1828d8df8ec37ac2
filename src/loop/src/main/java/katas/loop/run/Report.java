package katas.loop.run;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import katas.loop.board.Text;
import katas.loop.board.Words;
import katas.loop.progress.Hints;
import katas.loop.progress.KataProgress;
import katas.loop.progress.Sources;
import katas.loop.progress.StepProgress;
import katas.loop.progress.StepState;
import katas.loop.progress.TestResult;

/**
 * What a kata run prints: short. A learner's run prints one line for the kata, then, for each step that fails for a
 * reason other than a stub, its first failure with the learner's own stack frames; stubs print nothing more (the
 * board shows the next step). A solution run prints every failure in full, for maintainers.
 */
final class Report {

    private static final int WIDTH = 92;

    private Report() {}

    static void learner(
            PrintStream out,
            KataProgress progress,
            Runner.Plan plan,
            Map<String, Runner.Outcome> outcomes,
            KataFiles files,
            double seconds,
            Selection selection,
            Path log,
            Path kataDir) {
        Words w = Words.current();
        Hints said = Hints.of(kataDir, w.lang());
        String kata = w.get("report.kata", progress.id(), said.kataTitle(progress.title()));
        if (outcomes.isEmpty()) {
            out.printf("  %s: no test matches %s%n", kata, selection);
            return;
        }
        Map<String, String> hashes = Sources.allHashes(files.learnerSources());
        long notRun = outcomes.values().stream()
                .filter(o -> o.result().status() == TestResult.Status.NOT_RUN)
                .count();
        long stepsRun = progress.steps().stream()
                .filter(s -> s.tests().stream().anyMatch(t -> ran(outcomes, s, t)))
                .count();
        long proofs = outcomes.keySet().stream()
                .filter(id -> plan.units().stream().anyMatch(u -> u.proof() && u.id().equals(id)))
                .count();
        StringBuilder line = new StringBuilder("  ").append(kata).append(w.get("report.ran"));
        if (outcomes.size() > proofs) {
            line.append(w.get(
                    stepsRun == 1 ? "report.tests.one" : "report.tests", outcomes.size() - proofs - notRun, stepsRun));
            if (proofs > 0) {
                line.append(w.get("report.and"));
            }
        }
        if (proofs > 0) {
            line.append(w.get("report.proofs", proofs));
        }
        line.append(w.get("report.time", seconds));
        if (notRun > 0) {
            line.append(w.get("report.notrun", notRun));
        }
        if (!selection.isAll()) {
            line.append(" (").append(selection).append(")");
        }
        out.println(line);
        boolean anyFailing = false;
        List<String> lessons = new ArrayList<>();
        Set<String> learnerClasses = files.learnerClassNames();
        for (StepProgress s : progress.steps()) {
            if (s.tests().stream().noneMatch(t -> ran(outcomes, s, t))) {
                continue;
            }
            for (StepProgress.Test t : s.tests()) {
                Runner.Outcome o = outcomes.get(t.id());
                if (o != null && o.result().passed()) {
                    o.reports().forEach(r -> lessons.add(w.get("report.lesson", s.number(), r.strip())));
                }
            }
            if (s.state(hashes) != StepState.FAILING) {
                continue;
            }
            anyFailing = true;
            StepProgress.Test failed = s.failureShown().orElseThrow(); // the failure the board shows
            out.println(w.get("report.failing", s.number(), said.testName(failed.id(), failed.name())));
            String full = failed.result().get().message();
            String text = said.failure(failed.id(), full);
            List<String> message = Text.wrap(Text.cut(Text.withoutTable(text), 420), WIDTH - 6);
            message.forEach(l -> out.println("      " + l));
            Text.table(full).forEach(l -> out.println("        " + l));
            Runner.Outcome o = outcomes.get(failed.id());
            if (o != null) {
                frames(o.failure(), learnerClasses, files, 3).forEach(f -> out.println("        at " + f));
            }
            if (!s.notRunReason().isEmpty()) {
                Text.wrap(Text.cut(s.notRunReason(), 300), WIDTH - 6).forEach(l -> out.println("      " + l));
            }
        }
        lessons.stream().limit(8).forEach(out::println);
        if (anyFailing && exists(log)) {
            out.println(w.get("report.output", kataDir.getParent().getParent().relativize(log)));
        }
    }

    private static boolean ran(Map<String, Runner.Outcome> outcomes, StepProgress s, StepProgress.Test t) {
        Runner.Outcome o = outcomes.get(t.id());
        return o != null && o.result().status() != TestResult.Status.NOT_RUN;
    }

    private static boolean exists(Path log) {
        try {
            return Files.size(log) > 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /**
     * The stack frames that point into the learner's code (at most {@code max}); if there are none, the test's own
     * frame, so that the learner can open the test at the failing line.
     */
    static List<String> frames(Throwable failure, Set<String> learnerClasses, KataFiles files, int max) {
        List<String> mine = new ArrayList<>();
        String testFrame = null;
        for (Throwable t = failure; t != null && mine.isEmpty(); t = t.getCause() == t ? null : t.getCause()) {
            for (StackTraceElement e : t.getStackTrace()) {
                String outer = e.getClassName().contains("$")
                        ? e.getClassName().substring(0, e.getClassName().indexOf('$'))
                        : e.getClassName();
                if (learnerClasses.contains(e.getClassName()) || learnerClasses.contains(outer)) {
                    if (mine.size() < max) {
                        mine.add(frame(e));
                    }
                } else if (testFrame == null
                        && Files.isRegularFile(
                                files.testClasses().resolve(e.getClassName().replace('.', '/') + ".class"))) {
                    testFrame = frame(e) + Words.current().get("report.test");
                }
            }
        }
        if (mine.isEmpty() && testFrame != null) {
            mine.add(testFrame);
        }
        return mine;
    }

    /** {@code katas.racycounter.Workers.run(Workers.java:42)}, without the class loader's and module's names. */
    static String frame(StackTraceElement e) {
        String where = e.getFileName() == null
                ? "Unknown Source"
                : e.getLineNumber() >= 0 ? e.getFileName() + ":" + e.getLineNumber() : e.getFileName();
        return e.getClassName() + "." + e.getMethodName() + "(" + where + ")";
    }

    static boolean solution(
            PrintStream out,
            KataProgress progress,
            Runner.Plan plan,
            Map<String, Runner.Outcome> outcomes,
            KataFiles files,
            double seconds) {
        long steps = outcomes.entrySet().stream()
                .filter(e -> plan.units().stream().anyMatch(u -> !u.proof() && u.id().equals(e.getKey())))
                .count();
        long stepsPassed =
                progress.steps().stream().mapToLong(StepProgress::passed).sum();
        long proofs =
                progress.proofs().stream().filter(t -> t.result().isPresent()).count();
        long proofsPassed = progress.proofs().stream()
                .filter(t -> t.result().map(TestResult::passed).orElse(false))
                .count();
        List<String> failures = new ArrayList<>();
        for (StepProgress s : progress.steps()) {
            s.tests().stream()
                    .filter(t -> t.result().map(r -> !r.passed()).orElse(true))
                    .forEach(t -> failures.add("Step " + s.number() + " / " + t.name() + ": "
                            + t.result().map(TestResult::message).orElse("did not run")));
        }
        // A race proof that skipped itself (one CPU: jcstress cannot run two actors at once) proves nothing, says why,
        // and fails nothing; one that ran and failed fails the solution.
        progress.proofs().stream()
                .filter(t -> t.result()
                        .map(r -> r.status() == TestResult.Status.SKIPPED)
                        .orElse(false))
                .forEach(t -> out.println("  race proof skipped / " + t.name() + ": "
                        + t.result().get().message()));
        progress.proofs().stream()
                .filter(t -> t.result()
                        .map(r -> !r.passed() && r.status() != TestResult.Status.SKIPPED)
                        .orElse(false))
                .forEach(t -> failures.add(
                        "race proof / " + t.name() + ": " + t.result().get().message()));
        out.printf(
                "%n  Solution %s (%s): %d of %d tests pass in %d steps; race proofs: %d of %d pass (%.1f s).%n",
                progress.id(),
                progress.title(),
                stepsPassed,
                steps,
                progress.steps().size(),
                proofsPassed,
                proofs,
                seconds);
        for (String f : failures) {
            out.println("  SOLUTION FAILS: " + Text.cut(f, 1500));
        }
        outcomes.values().stream()
                .filter(o -> o.failure() != null && !o.result().passed())
                .limit(3)
                .forEach(o -> {
                    for (StackTraceElement e : o.failure().getStackTrace()) {
                        if (!e.getClassName().startsWith("org.junit")
                                && !e.getClassName().startsWith("java.base")
                                && !e.getClassName().startsWith("jdk.internal")) {
                            out.println("        at " + frame(e));
                        }
                    }
                });
        return failures.isEmpty() && steps > 0;
    }
}
