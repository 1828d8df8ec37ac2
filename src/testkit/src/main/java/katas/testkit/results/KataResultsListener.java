package katas.testkit.results;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import katas.kit.KataTodo;
import katas.testkit.Step;
import org.junit.jupiter.api.DisplayName;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Records every kata test's outcome for the gate and the progress board.
 *
 * <p>Registered for the JUnit Platform through {@code META-INF/services}, so it runs wherever the
 * testkit is on the test class path. It writes only when the system property
 * {@value ResultsFile#DIR_PROPERTY} names a directory (the kata build sets it); in an IDE it stays quiet.
 * Called by the JUnit Platform, possibly from several threads; appends are serialised.
 */
public final class KataResultsListener implements TestExecutionListener {

    private final Path file;
    private final Map<String, Long> started = new ConcurrentHashMap<>();

    public KataResultsListener() {
        String dir = System.getProperty(ResultsFile.DIR_PROPERTY);
        this.file = dir == null || dir.isBlank() ? null : ResultsFile.in(Path.of(dir));
    }

    @Override
    public void executionStarted(TestIdentifier id) {
        if (file != null) {
            started.put(id.getUniqueId(), System.nanoTime());
        }
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        if (file != null && id.isTest()) {
            write(id, TestRecord.Status.SKIPPED, 0, false, "skipped: " + reason);
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (file == null) {
            return;
        }
        Long start = started.remove(id.getUniqueId());
        long millis = start == null ? 0 : (System.nanoTime() - start) / 1_000_000;
        boolean failedContainer = id.isContainer() && result.getStatus() != TestExecutionResult.Status.SUCCESSFUL
                && id.getSource().filter(ClassSource.class::isInstance).isPresent();
        if (!id.isTest() && !failedContainer) {
            return;
        }
        Throwable failure = result.getThrowable().orElse(null);
        TestRecord.Status status = switch (result.getStatus()) {
            case SUCCESSFUL -> TestRecord.Status.PASSED;
            case ABORTED -> TestRecord.Status.ABORTED;
            case FAILED -> TestRecord.Status.FAILED;
        };
        write(id, status, millis, KataTodo.isTodo(failure), describe(failure));
    }

    private void write(TestIdentifier id, TestRecord.Status status, long millis, boolean todo, String message) {
        Class<?> testClass = testClass(id.getSource()).orElse(null);
        Class<?> stepClass = testClass == null ? null : stepClassOf(testClass);
        Step step = stepClass == null ? null : stepClass.getAnnotation(Step.class);
        String stepClassName = stepClass != null ? stepClass.getName()
                : testClass != null ? testClass.getName() : id.getUniqueId();
        String title = stepClass == null ? stepClassName : displayName(stepClass);
        ResultsFile.append(file, new TestRecord(step == null ? 0 : step.value(), stepClassName, title,
                step == null ? "" : step.hint(), id.getDisplayName(), status, millis, todo, message));
    }

    private static Optional<Class<?>> testClass(Optional<TestSource> source) {
        String name = source.map(s -> s instanceof MethodSource m ? m.getClassName()
                : s instanceof ClassSource c ? c.getClassName() : null).orElse(null);
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Class.forName(name, false, Thread.currentThread().getContextClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }

    /** The top-level class that carries {@link Step}, for a test in it or in one of its nested classes. */
    static Class<?> stepClassOf(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            if (c.isAnnotationPresent(Step.class)) {
                return c;
            }
        }
        return null;
    }

    static String displayName(Class<?> c) {
        DisplayName name = c.getAnnotation(DisplayName.class);
        return name == null ? c.getSimpleName() : name.value();
    }

    /** The failure and its causes, messages only, on one line (at most 4,000 characters). */
    static String describe(Throwable failure) {
        if (failure == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 8; t = t.getCause(), depth++) {
            if (depth > 0) {
                b.append(" | caused by: ");
            }
            b.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                b.append(": ").append(t.getMessage().strip());
            }
            for (Throwable s : t.getSuppressed()) {
                b.append(" | suppressed: ").append(s);
            }
        }
        String oneLine = b.toString().replaceAll("\\s*\\R\\s*", " ");
        return oneLine.length() > 4000 ? oneLine.substring(0, 4000) + " ..." : oneLine;
    }
}
