package katas.loop.run;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * The "running" marker of a test JVM, {@code target/kata-run.properties} beside its progress ({@link #of}): names the
 * test it is in, rewritten as each test starts and ends, marked finished when the run ends normally. If the JVM dies,
 * it says where (KataRun's supervisor, watch mode and the board read it). Written by the test JVM, one thread at a
 * time.
 *
 * @param file where it is
 */
public record RunMarker(Path file) {

    /** The marker's file name. */
    public static final String FILE = "kata-run.properties";

    /** The marker of a run whose learner classes are in {@code learnerClasses} (its build folder holds it). */
    public static RunMarker of(Path learnerClasses) {
        return new RunMarker(
                learnerClasses.toAbsolutePath().normalize().getParent().resolve(FILE));
    }

    /** The marker of a kata's own Maven runs and watch mode: {@code katas/NN-name/target/kata-run.properties}. */
    public static RunMarker ofKata(Path kataDir) {
        return new RunMarker(
                kataDir.toAbsolutePath().normalize().resolve("target").resolve(FILE));
    }

    /** What a marker says. */
    public record State(
            long pid,
            boolean finished,
            boolean bounded,
            String step,
            String test,
            String testId,
            boolean inTest,
            String error,
            long updatedMillis) {

        /** "Step 4: title / test name", or what ran last, for a sentence. */
        public String where() {
            if (test.isEmpty()) {
                return step.isEmpty() ? "before its first test" : step;
            }
            return (inTest ? "during " : "after ") + (step.isEmpty() ? "" : step + " / ") + test;
        }
    }

    /** Starts a run: this JVM, nothing run yet. */
    public void start(boolean bounded) {
        write(State(false, bounded, "", "", "", false, ""));
    }

    /** A test starts. */
    public void started(boolean bounded, String step, String test, String testId) {
        write(State(false, bounded, step, test, testId, true, ""));
    }

    /** A test ended. */
    public void ended(boolean bounded, String step, String test, String testId) {
        write(State(false, bounded, step, test, testId, false, ""));
    }

    /** The run failed with {@code error} in the runner itself (e.g. an OutOfMemoryError that reached it). */
    public void error(String error) {
        Optional<State> s = read();
        write(State(
                false,
                s.map(State::bounded).orElse(false),
                s.map(State::step).orElse(""),
                s.map(State::test).orElse(""),
                s.map(State::testId).orElse(""),
                s.map(State::inTest).orElse(false),
                error));
    }

    /** The run ended normally. */
    public void finish() {
        write(State(true, false, "", "", "", false, ""));
    }

    /** Removes the marker (the supervisor, once it has reported what it says). */
    public void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }

    private static State State(
            boolean finished, boolean bounded, String step, String test, String id, boolean inTest, String error) {
        return new State(
                ProcessHandle.current().pid(),
                finished,
                bounded,
                step,
                test,
                id,
                inTest,
                error,
                System.currentTimeMillis());
    }

    private void write(State s) {
        Properties p = new Properties();
        p.setProperty("pid", String.valueOf(s.pid()));
        p.setProperty("state", s.finished() ? "FINISHED" : "RUNNING");
        p.setProperty("bounded", String.valueOf(s.bounded()));
        p.setProperty("step", s.step());
        p.setProperty("test", s.test());
        p.setProperty("test.id", s.testId());
        p.setProperty("in.test", String.valueOf(s.inTest()));
        p.setProperty("error", s.error());
        p.setProperty("updated", String.valueOf(s.updatedMillis()));
        try {
            StringWriter w = new StringWriter();
            p.store(w, "the kata runner's test JVM: where it is (docs/maintainers.md, \"When the test JVM dies\")");
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(
                    file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            Files.writeString(tmp, w.toString(), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run marker " + file, e);
        }
    }

    /** What the marker says; empty when there is none (or it cannot be read). */
    public Optional<State> read() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
            return Optional.of(new State(
                    Long.parseLong(p.getProperty("pid", "0")),
                    "FINISHED".equals(p.getProperty("state")),
                    Boolean.parseBoolean(p.getProperty("bounded")),
                    p.getProperty("step", ""),
                    p.getProperty("test", ""),
                    p.getProperty("test.id", ""),
                    Boolean.parseBoolean(p.getProperty("in.test")),
                    p.getProperty("error", ""),
                    Long.parseLong(p.getProperty("updated", "0"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
