package katas.testkit.board;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import katas.testkit.results.TestRecord;

/**
 * One kata's progress: which steps pass, and the next step to work on.
 *
 * @param id         the kata's number, e.g. {@code 01}
 * @param title      the kata's name in words, e.g. {@code racy counter}
 * @param directory  the kata's folder relative to the repository root, e.g. {@code katas/01-racy-counter}
 * @param steps      every step of the kata, in order
 * @param note       a remark instead of progress (e.g. "not run in this build"), or empty
 */
public record KataProgress(String id, String title, String directory, List<StepStatus> steps, String note) {

    /** A step and how far the learner got with it. */
    public record StepStatus(int number, String title, String hint, State state, int testsRun, int testsPassed,
            String firstFailure) {
    }

    /** How far a step got. */
    public enum State {
        /** Every test of the step passed. */
        DONE,
        /** Every failure is a stub that is not written yet. */
        NOT_STARTED,
        /** Some code is written, but a test fails for another reason. */
        FAILING,
        /** No test of the step ran in this build (e.g. {@code -Dtest=...} chose others). */
        NOT_RUN
    }

    /** A step as the test classes declare it. */
    public record StepInfo(int number, String className, String title, String hint) {
    }

    public static KataProgress of(String id, String title, String directory, List<StepInfo> declared,
            List<TestRecord> records) {
        Map<String, StepInfo> byClass = new LinkedHashMap<>();
        declared.forEach(s -> byClass.put(s.className(), s));
        for (TestRecord r : records) {
            if (r.step() > 0) { // tests outside the steps (the race proofs) are not steps of the board
                byClass.putIfAbsent(r.stepClass(), new StepInfo(r.step(), r.stepClass(), r.stepTitle(), r.hint()));
            }
        }
        List<StepStatus> steps = new ArrayList<>();
        byClass.values().stream()
                .sorted(Comparator.comparingInt(StepInfo::number).thenComparing(StepInfo::className))
                .forEach(info -> {
                    List<TestRecord> mine = records.stream().filter(r -> r.stepClass().equals(info.className())).toList();
                    int passed = (int) mine.stream().filter(r -> r.status() == TestRecord.Status.PASSED).count();
                    List<TestRecord> failed = mine.stream().filter(r -> r.status() != TestRecord.Status.PASSED).toList();
                    State state = mine.isEmpty() ? State.NOT_RUN
                            : failed.isEmpty() ? State.DONE
                            : failed.stream().allMatch(TestRecord::todo) ? State.NOT_STARTED
                            : State.FAILING;
                    String firstFailure = failed.stream().filter(r -> !r.todo()).findFirst()
                            .or(() -> failed.stream().findFirst())
                            .map(r -> r.test() + ": " + r.message()).orElse("");
                    steps.add(new StepStatus(info.number(), info.title(), info.hint(), state, mine.size(), passed,
                            firstFailure));
                });
        return new KataProgress(id, title, directory, List.copyOf(steps), "");
    }

    /** A kata whose results cannot be trusted or do not exist, shown with a remark instead of progress. */
    public static KataProgress unknown(String id, String title, String directory, String note) {
        return new KataProgress(id, title, directory, List.of(), note);
    }

    public int done() {
        return (int) steps.stream().filter(s -> s.state() == State.DONE).count();
    }

    public int total() {
        return steps.size();
    }

    public boolean complete() {
        return note.isEmpty() && !steps.isEmpty() && done() == total();
    }

    /** Whether every step that ran passed (the steps of this build; others may not have run). */
    public boolean everythingRunPassed() {
        return note.isEmpty() && steps.stream().noneMatch(s -> s.state() == State.FAILING || s.state() == State.NOT_STARTED)
                && steps.stream().anyMatch(s -> s.state() == State.DONE);
    }

    /** The first step, in order, that ran and did not pass; else the first that did not run. */
    public Optional<StepStatus> next() {
        return steps.stream().filter(s -> s.state() == State.FAILING || s.state() == State.NOT_STARTED).findFirst()
                .or(() -> steps.stream().filter(s -> s.state() != State.DONE).findFirst());
    }

    /** Writes this progress as a properties file, for the board of the whole build. */
    public void save(Path file) {
        Properties p = new Properties();
        p.setProperty("id", id);
        p.setProperty("title", title);
        p.setProperty("directory", directory);
        p.setProperty("steps", String.valueOf(steps.size()));
        for (int i = 0; i < steps.size(); i++) {
            StepStatus s = steps.get(i);
            String k = "step." + i + ".";
            p.setProperty(k + "number", String.valueOf(s.number()));
            p.setProperty(k + "title", s.title());
            p.setProperty(k + "hint", s.hint());
            p.setProperty(k + "state", s.state().name());
            p.setProperty(k + "run", String.valueOf(s.testsRun()));
            p.setProperty(k + "passed", String.valueOf(s.testsPassed()));
            p.setProperty(k + "failure", s.firstFailure());
        }
        try {
            Files.createDirectories(file.getParent());
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                p.store(w, "Progress of kata " + id + " (written by the kata gate; read by the board)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /** Reads what {@link #save(Path)} wrote. */
    public static KataProgress load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        List<StepStatus> steps = new ArrayList<>();
        int n = Integer.parseInt(p.getProperty("steps", "0"));
        for (int i = 0; i < n; i++) {
            String k = "step." + i + ".";
            steps.add(new StepStatus(Integer.parseInt(p.getProperty(k + "number")), p.getProperty(k + "title"),
                    p.getProperty(k + "hint"), State.valueOf(p.getProperty(k + "state")),
                    Integer.parseInt(p.getProperty(k + "run")), Integer.parseInt(p.getProperty(k + "passed")),
                    p.getProperty(k + "failure", "")));
        }
        return new KataProgress(p.getProperty("id"), p.getProperty("title"), p.getProperty("directory"),
                List.copyOf(steps), "");
    }

    /** {@code katas/01-racy-counter} gives id {@code 01} and title {@code racy counter}. */
    public static String[] idAndTitle(Path kataDirectory) {
        String name = kataDirectory.getFileName().toString();
        int dash = name.indexOf('-');
        return dash < 0 ? new String[] {name, name}
                : new String[] {name.substring(0, dash), name.substring(dash + 1).replace('-', ' ')};
    }
}
