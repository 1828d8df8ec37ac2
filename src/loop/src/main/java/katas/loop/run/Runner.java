package katas.loop.run;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathRoots;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import katas.kit.KataTodo;
import katas.kit.Printable;
import katas.loop.board.Text;
import katas.loop.progress.TestResult;
import katas.testkit.Step;
import katas.testkit.Telling;
import katas.testkit.process.LeftBehindError;
import org.junit.jupiter.api.DisplayName;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;

/**
 * Finds and runs a kata's tests with the JUnit Platform Launcher, in this JVM, and collects one result per
 * <em>unit</em>: a test method, or a parameterized test with all its invocations. Each belongs to a step (its
 * top-level class carries {@link Step}) or is a race proof (tagged {@code jcstress}). The kata's classes are loaded
 * by the class loader given to {@link #discover} and {@link #execute} (watch mode gives a fresh one each time). Not
 * thread-safe: one run at a time.
 */
public final class Runner {

    /** The tag of the race proofs. */
    public static final String PROOF_TAG = "jcstress";

    /** The system property that lets the race proofs run (they skip themselves otherwise). */
    public static final String PROOFS_PROPERTY = "katas.proofs";

    /** One test as the board counts it; {@code telling}: marked {@link Telling}, its failure is the one to show. */
    public record Unit(
            String id,
            String stepClass,
            String method,
            String name,
            int step,
            String stepTitle,
            boolean proof,
            boolean telling) {

        public Unit(
                String id, String stepClass, String method, String name, int step, String stepTitle, boolean proof) {
            this(id, stepClass, method, name, step, stepTitle, proof, false);
        }
    }

    /** What a run tells as it goes, one unit at a time (from the thread that runs the tests). */
    public interface Events {
        /** A unit starts. */
        default void started(Unit unit) {}

        /** A unit has its outcome (it ran, or was left out with a reason). */
        default void finished(Unit unit, Outcome outcome) {}
    }

    private static final Events NO_EVENTS = new Events() {};

    /** What a kata declares: its units in order, and what is wrong with its test classes, if anything. */
    public record Plan(List<Unit> units, List<String> problems) {

        /** The steps, in order: number, class, title. */
        public List<Unit> firstOfEachStep() {
            Map<String, Unit> first = new LinkedHashMap<>();
            units.stream().filter(u -> !u.proof()).forEach(u -> first.putIfAbsent(u.stepClass(), u));
            return List.copyOf(first.values());
        }
    }

    /** The result of one unit, with the failure itself (for stack frames) and what the test published. */
    public record Outcome(TestResult result, Throwable failure, List<String> reports) {}

    private final Launcher launcher = LauncherFactory.create();

    /** Discovers every test of the kata in {@code testClasses}, loaded by {@code loader}. */
    public Plan discover(ClassLoader loader, Path testClasses) {
        return withLoader(loader, () -> {
            TestPlan plan = launcher.discover(
                    request(List.of(selectClasspathRoots(Set.of(testClasses)).get(0))));
            List<Unit> units = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (TestIdentifier root : plan.getRoots()) {
                for (TestIdentifier id : plan.getDescendants(root)) {
                    Optional<MethodSource> m = id.getSource()
                            .filter(MethodSource.class::isInstance)
                            .map(MethodSource.class::cast);
                    boolean unitNode = m.isPresent()
                            && plan.getParent(id)
                                    .flatMap(TestIdentifier::getSource)
                                    .map(s -> !(s instanceof MethodSource))
                                    .orElse(true);
                    if (!unitNode) {
                        continue;
                    }
                    Class<?> testClass = load(loader, m.get().getClassName());
                    Class<?> top = topLevel(testClass);
                    Step step = top.getAnnotation(Step.class);
                    boolean proof =
                            id.getTags().stream().anyMatch(t -> t.getName().equals(PROOF_TAG));
                    if (step == null && !proof) {
                        problems.add(top.getName() + " has tests but no @Step (and is not a race proof tagged '"
                                + PROOF_TAG + "'): every kata test belongs to a step");
                        continue;
                    }
                    String name = testClass == top
                            ? id.getDisplayName()
                            : displayName(testClass) + " / " + id.getDisplayName();
                    units.add(new Unit(
                            id.getUniqueId(),
                            top.getName(),
                            m.get().getMethodName(),
                            name,
                            step == null ? 0 : step.value(),
                            step == null ? displayName(top) : displayName(top),
                            proof,
                            telling(testClass, m.get())));
                }
            }
            units.sort(Comparator.comparing(Unit::proof)
                    .thenComparingInt(Unit::step)
                    .thenComparing(Unit::stepClass));
            return new Plan(List.copyOf(units), List.copyOf(problems));
        });
    }

    /**
     * Runs the units {@code pick} chooses and returns their outcomes by unit id (a unit that did not run is absent).
     *
     * @param xmlReports where to write JUnit XML reports (the format Surefire writes), or null for none
     * @param output     where the tests' own standard output and error go while they run, or null to leave them
     */
    public Map<String, Outcome> execute(
            ClassLoader loader, Plan plan, Predicate<Unit> pick, Path xmlReports, PrintStream output) {
        return execute(loader, plan, pick, xmlReports, output, Bounds.off(), NO_EVENTS);
    }

    /**
     * Like {@link #execute(ClassLoader, Plan, Predicate, Path, PrintStream)}, within {@code bounds} (a unit they leave
     * out gets a {@link TestResult.Status#NOT_RUN} outcome with the reason), telling {@code events} as it goes.
     */
    public Map<String, Outcome> execute(
            ClassLoader loader,
            Plan plan,
            Predicate<Unit> pick,
            Path xmlReports,
            PrintStream output,
            Bounds bounds,
            Events events) {
        List<Unit> chosen = plan.units().stream().filter(pick).toList();
        if (chosen.isEmpty()) {
            return Map.of();
        }
        Collector collector = new Collector(chosen, bounds, events == null ? NO_EVENTS : events);
        List<DiscoverySelector> selectors = new ArrayList<>();
        chosen.forEach(u -> selectors.add(selectUniqueId(u.id())));
        boolean proofs = chosen.stream().anyMatch(Unit::proof);
        String before = System.getProperty(PROOFS_PROPERTY);
        PrintStream out = System.out;
        PrintStream err = System.err;
        try {
            Bounds.use(bounds);
            if (proofs) {
                System.setProperty(PROOFS_PROPERTY, "run");
            }
            if (output != null) {
                System.setOut(output);
                System.setErr(output);
            }
            withLoader(loader, () -> {
                List<TestExecutionListener> listeners = new ArrayList<>(List.of(collector));
                if (xmlReports != null) {
                    listeners.add(new LegacyXmlReportGeneratingListener(xmlReports, new PrintWriter(err, true)));
                }
                launcher.execute(request(selectors), listeners.toArray(TestExecutionListener[]::new));
                return null;
            });
        } finally {
            Bounds.use(Bounds.off());
            System.setOut(out);
            System.setErr(err);
            if (output != null) {
                output.flush();
            }
            if (before == null) {
                System.clearProperty(PROOFS_PROPERTY);
            } else {
                System.setProperty(PROOFS_PROPERTY, before);
            }
        }
        return collector.outcomes();
    }

    private static LauncherDiscoveryRequest request(List<? extends DiscoverySelector> selectors) {
        return LauncherDiscoveryRequestBuilder.request()
                .selectors(selectors)
                // The kata's own settings (timeouts) are in the testkit's junit-platform.properties. The runner's own
                // extension (the run's bounds) is found through META-INF/services, and only the runner turns that on.
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                .configurationParameter(
                        "junit.jupiter.extensions.autodetection.include", BoundsExtension.class.getName())
                .build();
    }

    private static <T> T withLoader(ClassLoader loader, java.util.function.Supplier<T> body) {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(loader);
        try {
            return body.get();
        } finally {
            t.setContextClassLoader(before);
        }
    }

    private static Class<?> load(ClassLoader loader, String name) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("cannot load test class " + name + ": " + e, e);
        }
    }

    private static Class<?> topLevel(Class<?> c) {
        Class<?> top = c;
        while (top.getEnclosingClass() != null) {
            top = top.getEnclosingClass();
        }
        return top;
    }

    /** Whether the test method {@code m} of {@code testClass} (or of a superclass) is marked {@link Telling}. */
    static boolean telling(Class<?> testClass, MethodSource m) {
        for (Class<?> c = testClass; c != null && c != Object.class; c = c.getSuperclass()) {
            for (java.lang.reflect.Method method : c.getDeclaredMethods()) {
                if (method.getName().equals(m.getMethodName()) && method.isAnnotationPresent(Telling.class)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * How a failure ranks on the board: a timeout (JUnit's {@code @Timeout}, {@code assertTimeoutPreemptively}, the
     * run's bounds), an assertion (an {@code AssertionError}, or an Awaitility condition the test described), or
     * another exception.
     */
    static TestResult.Kind kind(Throwable failure) {
        Throwable t = failure instanceof InvocationFailure && failure.getCause() != null ? failure.getCause() : failure;
        if (t == null) {
            return TestResult.Kind.ASSERTION;
        }
        String message = String.valueOf(t.getMessage());
        if (t instanceof java.util.concurrent.TimeoutException
                || (t instanceof AssertionError
                        && (message.startsWith("execution timed out after")
                                || message.startsWith("execution exceeded timeout")))) {
            return TestResult.Kind.TIMEOUT;
        }
        if (t instanceof LeftBehindError) {
            return TestResult.Kind.LEFT_BEHIND;
        }
        if (t instanceof AssertionError
                || t.getClass().getName().equals("org.awaitility.core.ConditionTimeoutException")) {
            return TestResult.Kind.ASSERTION;
        }
        return TestResult.Kind.EXCEPTION;
    }

    /** A failed invocation of a parameterized test, carrying the invocation's own failure as its cause. */
    private static final class InvocationFailure extends AssertionError {
        private static final long serialVersionUID = 1L;

        InvocationFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static String displayName(Class<?> c) {
        DisplayName name = c.getAnnotation(DisplayName.class);
        return name == null ? c.getSimpleName() : name.value();
    }

    /** The failure and its causes, messages only, on one line (at most 2,000 characters). */
    public static String describe(Throwable failure) {
        if (failure == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 6; t = t.getCause(), depth++) {
            if (depth > 0 && t.getClass().getSimpleName().equals("ExecutionTimeoutException")) {
                break; // JUnit's own cause of a timeout: which of its threads, nothing for the learner
            }
            if (depth > 0) {
                b.append(" | caused by: ");
            }
            boolean plain = t instanceof AssertionError || t instanceof KataTodo;
            if (!plain || t.getMessage() == null) {
                b.append(t.getClass().getSimpleName()).append(t.getMessage() == null ? "" : ": ");
            }
            if (t.getMessage() != null) {
                b.append(t.getMessage().strip());
            }
            for (Throwable s : t.getSuppressed()) {
                b.append(" | also: ")
                        .append(s.getClass().getSimpleName())
                        .append(": ")
                        .append(s.getMessage());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        // A table of an explored schedule (lines that start with the testkit's Trace.BAR) keeps its lines.
        List<String> table = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (String l : b.toString().split("\\R")) {
            if (l.startsWith(Text.TABLE) && table.size() < Text.TABLE_LINES) {
                table.add(l.stripTrailing());
            } else if (!l.startsWith(Text.TABLE)) {
                text.append(l).append('\n');
            }
        }
        // On one line, control characters escaped (a message may quote what the learner's code or a child wrote).
        String oneLine = Printable.of(text.toString().strip().replaceAll("\\s*\\R\\s*", " "), 2000);
        return table.isEmpty() ? oneLine : oneLine + "\n" + String.join("\n", table);
    }

    /** Collects one outcome per unit; called by the Launcher, possibly from several threads. */
    private static final class Collector implements TestExecutionListener {
        private final Map<String, Unit> units = new LinkedHashMap<>();
        private final Map<String, Long> started = new ConcurrentHashMap<>();
        private final Map<String, Throwable> failures = new ConcurrentHashMap<>();
        private final Map<String, List<String>> reports = new ConcurrentHashMap<>();
        private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
        private final Bounds bounds;
        private final Events events;

        Collector(List<Unit> chosen, Bounds bounds, Events events) {
            chosen.forEach(u -> units.put(u.id(), u));
            this.bounds = bounds;
            this.events = events;
        }

        private void put(Unit u, Outcome o) {
            outcomes.put(u.id(), o);
            bounds.finished(u.stepClass(), u.name(), o.result(), u.proof());
            events.finished(u, o);
        }

        Map<String, Outcome> outcomes() {
            return Map.copyOf(outcomes);
        }

        private Unit unitOf(TestIdentifier id) {
            String uid = id.getUniqueId();
            for (Unit u : units.values()) {
                if (uid.equals(u.id()) || uid.startsWith(u.id() + "/")) {
                    return u;
                }
            }
            return null;
        }

        private List<Unit> unitsUnder(TestIdentifier id) {
            String uid = id.getUniqueId();
            return units.values().stream()
                    .filter(u -> u.id().equals(uid) || u.id().startsWith(uid + "/"))
                    .toList();
        }

        @Override
        public void executionStarted(TestIdentifier id) {
            Unit u = unitOf(id);
            if (u != null && u.id().equals(id.getUniqueId())) {
                started.put(u.id(), System.nanoTime());
                events.started(u);
            }
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            boolean ours = reason != null && reason.startsWith(BoundsExtension.NOT_RUN);
            for (Unit u : unitsUnder(id)) {
                if (!outcomes.containsKey(u.id())) {
                    put(
                            u,
                            new Outcome(
                                    ours
                                            ? new TestResult(TestResult.Status.NOT_RUN, reason, 0)
                                            : new TestResult(TestResult.Status.SKIPPED, "skipped: " + reason, 0),
                                    null,
                                    reports(u)));
                }
            }
            Unit u = unitOf(id);
            if (u != null && !u.id().equals(id.getUniqueId())) {
                failures.putIfAbsent(u.id(), new AssertionError("an invocation was skipped: " + reason));
            }
        }

        @Override
        public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
            Unit u = unitOf(id);
            if (u != null) {
                entry.getKeyValuePairs().values().forEach(v -> reports(u).add(v));
            }
        }

        private List<String> reports(Unit u) {
            return reports.computeIfAbsent(u.id(), k -> java.util.Collections.synchronizedList(new ArrayList<>()));
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            Unit u = unitOf(id);
            Throwable thrown = result.getThrowable().orElse(null);
            if (u == null) {
                // A class (or engine) that failed as a whole: its units that did not finish fail with its failure.
                if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                    Throwable cause = thrown != null ? thrown : new AssertionError("the test class failed");
                    for (Unit under : unitsUnder(id)) {
                        Outcome had = outcomes.get(under.id());
                        if (had == null || had.result().passed()) { // an @AfterAll failure fails the class's tests too
                            put(
                                    under,
                                    outcome(
                                            under,
                                            cause,
                                            had == null ? 0 : had.result().millis(),
                                            result.getStatus()));
                        }
                    }
                }
                return;
            }
            if (!u.id().equals(id.getUniqueId())) { // one invocation of a parameterized test
                if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL && thrown != null) {
                    failures.putIfAbsent(
                            u.id(),
                            new InvocationFailure("[" + id.getDisplayName() + "] " + thrown.getMessage(), thrown));
                }
                return;
            }
            Long start = started.remove(u.id());
            long millis = start == null ? 0 : (System.nanoTime() - start) / 1_000_000;
            Throwable failure = thrown != null ? thrown : failures.get(u.id());
            TestExecutionResult.Status status =
                    failure != null && result.getStatus() == TestExecutionResult.Status.SUCCESSFUL
                            ? TestExecutionResult.Status.FAILED
                            : result.getStatus();
            put(u, outcome(u, failure, millis, status));
        }

        private Outcome outcome(Unit u, Throwable failure, long millis, TestExecutionResult.Status status) {
            TestResult.Status s = switch (status) {
                case SUCCESSFUL -> TestResult.Status.PASSED;
                case ABORTED -> TestResult.Status.SKIPPED;
                case FAILED -> KataTodo.isTodo(failure) ? TestResult.Status.TODO : TestResult.Status.FAILED;
            };
            return new Outcome(
                    new TestResult(s, describe(failure), millis, kind(failure)), failure, List.copyOf(reports(u)));
        }
    }

    /** The source of a test identifier's class, for messages. */
    static Optional<String> className(TestIdentifier id) {
        Optional<TestSource> s = id.getSource();
        return s.map(x ->
                x instanceof MethodSource m ? m.getClassName() : x instanceof ClassSource c ? c.getClassName() : null);
    }
}
