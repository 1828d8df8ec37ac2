package katas.loop.progress;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One step of a kata: its tests with their last results, and the learner files it used at its last run.
 *
 * @param number    the step number, from 1
 * @param className the step's test class
 * @param title     the step's display name, e.g. {@code Step 3: fix it with synchronized}
 * @param tests     every test of the step, in order, each with its last result (if it ever ran)
 * @param sources   the learner source files (relative to the kata's {@code src/main/java}) the step's tests use,
 *                  each with the hash of its content when the step last ran; empty if it never ran
 * @param lastRun   when a test of the step last ran (ISO-8601), or empty
 */
public record StepProgress(
        int number, String className, String title, List<Test> tests, Map<String, String> sources, String lastRun) {

    /**
     * A test of the step and its last result, if it ran.
     *
     * @param telling whether the test is marked {@code katas.testkit.Telling}: its failure is the one the board shows
     * @param notRun  when it has no result: why its last run did not run it (empty: it never ran, or no reason)
     */
    public record Test(String id, String name, Optional<TestResult> result, boolean telling, String notRun) {

        public Test {
            notRun = notRun == null || result.isPresent() ? "" : notRun;
        }

        public Test(String id, String name, Optional<TestResult> result) {
            this(id, name, result, false, "");
        }

        /** Whether it failed (not a stub): a failure the board can show. */
        public boolean failed() {
            return result.map(r -> r.status() == TestResult.Status.FAILED).orElse(false);
        }

        /** Where its failure ranks, 0 the most telling (a {@code @Telling} test), for {@link #failureShown()}. */
        public int rank() {
            return result.map(r -> telling && r.kind() != TestResult.Kind.LEFT_BEHIND
                            ? 0
                            : r.kind().rank())
                    .orElse(9);
        }
    }

    public StepProgress {
        tests = List.copyOf(tests);
        sources = Map.copyOf(new LinkedHashMap<>(sources));
        lastRun = lastRun == null ? "" : lastRun;
    }

    /**
     * The step's state, given the learner files' current hashes ({@link Sources#hashes}): a step whose files
     * changed since it ran is {@link StepState#CHANGED}, whatever it was.
     */
    public StepState state(Map<String, String> currentHashes) {
        StepState raw = result();
        if (raw != StepState.NOT_RUN && changed(currentHashes)) {
            return StepState.CHANGED;
        }
        return raw;
    }

    /** The state from the last results alone, whatever changed since. */
    public StepState result() {
        if (tests.isEmpty() || tests.stream().anyMatch(t -> t.result().isEmpty())) {
            return tests.stream()
                            .anyMatch(t -> t.result()
                                    .map(r -> r.status() == TestResult.Status.FAILED)
                                    .orElse(false))
                    ? StepState.FAILING
                    : StepState.NOT_RUN;
        }
        if (tests.stream().allMatch(t -> t.result().get().passed())) {
            return StepState.DONE;
        }
        boolean realFailure = tests.stream()
                .map(t -> t.result().get().status())
                .anyMatch(s -> s == TestResult.Status.FAILED || s == TestResult.Status.SKIPPED);
        return realFailure ? StepState.FAILING : StepState.TODO;
    }

    /** Whether a file the step used differs now from what it was at the step's last run. */
    public boolean changed(Map<String, String> currentHashes) {
        return sources.entrySet().stream().anyMatch(e -> !e.getValue().equals(currentHashes.get(e.getKey())));
    }

    /** The files that changed since the step last ran (their names, for "not re-run since you changed ..."). */
    public List<String> changedFiles(Map<String, String> currentHashes) {
        return sources.entrySet().stream()
                .filter(e -> !e.getValue().equals(currentHashes.get(e.getKey())))
                .map(e -> e.getKey().substring(e.getKey().lastIndexOf('/') + 1))
                .sorted()
                .toList();
    }

    /**
     * The failure the board shows for this step, and the one place that chooses it (the board, the run's report,
     * watch mode and the known-wrong check all use it): the most telling real failure, ranked as
     * {@code katas.testkit.Telling} documents: a failure of a {@code @Telling} test, then an assertion's failure, then
     * another exception (or the test JVM's death), then a timeout; within a rank, the first in the step's order. With
     * no real failure, the first stub message; else empty.
     */
    public Optional<Test> failureShown() {
        Optional<Test> best = Optional.empty();
        for (Test t : tests) {
            if (t.failed() && (best.isEmpty() || t.rank() < best.get().rank())) {
                best = Optional.of(t);
            }
        }
        return best.or(() -> tests.stream()
                .filter(t -> t.result().map(r -> !r.passed()).orElse(false))
                .findFirst());
    }

    /** {@link #failureShown()} as "test: message", or empty. */
    public String firstFailure() {
        return failureShown()
                .map(t -> t.name() + ": " + t.result().get().message())
                .orElse("");
    }

    /** Why the step's tests that did not run in its last run were left out (the first reason), or empty. */
    public String notRunReason() {
        return tests.stream()
                .map(Test::notRun)
                .filter(r -> !r.isEmpty())
                .findFirst()
                .orElse("");
    }

    public long passed() {
        return tests.stream()
                .filter(t -> t.result().map(TestResult::passed).orElse(false))
                .count();
    }
}
