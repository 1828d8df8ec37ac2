package katas.loop.run;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import katas.loop.progress.TestResult;

/**
 * How long a learner's run may spend on tests that fail or hang, so that the board comes in time whatever the
 * learner's code does. Used by {@code ./mvnw test} (KataRun, learner mode), watch mode and the known-wrong check
 * (record mode: it judges what the learner's board would show); not by the solution and integrity runs, whose tests
 * keep their own {@code @Timeout}s.
 *
 * <p>Three rules, each aimed at wrong code, not at slow right code:
 * <ol>
 *   <li><b>A step stops at its first timeout.</b> Its remaining tests are not run ({@code NOT_RUN}, with the reason):
 *       a mistake that hangs one test usually hangs the next the same way, and each would cost its whole timeout.</li>
 *   <li><b>Failing work has a budget</b>, {@value #FAILING_BUDGET_SECONDS} s per run: the time of the tests that failed
 *       or ran out of time, summed. Once it is spent, every test still to come is not run, with the reason. Passing
 *       tests cost nothing from it: a right but slow kata (kata 01's step 7 counts to 100,000,000 four times, kata 02's
 *       lesson starts many JVMs) is never cut short for being slow.</li>
 *   <li><b>Each test runs at most {@value #CAP_SECONDS} s, less the failing work so far</b> (never less than
 *       {@value #MIN_CAP_SECONDS} s), whatever its own {@code @Timeout} (90 to 180 s in the katas' tests, sized for
 *       the maintainers' runs). Measured on this repository's 2-core machine: the reference solutions' slowest test
 *       took 4.5 s at load 1.5 (kata 02's lesson) and 23.9 s at load 23 (kata 03's 40,000 pipelined requests); the
 *       cap leaves 2.5 times that.</li>
 * </ol>
 * So a run spends at most about {@value #CAP_SECONDS} s on failing work (a first hang costs up to
 * {@value #CAP_SECONDS} s and spends the budget; failures under the budget leave a cap of the rest, at least
 * {@value #MIN_CAP_SECONDS} s), plus the time of its passing tests. Measured (load 14 to 23): stubs that hang everywhere
 * ignoring interrupts, 70 s of tests to the board; realistic hanging mistakes, 113 and 161 s (with the cap at 90 s
 * then; most of the rest was passing tests at that load). The race proofs (jcstress, asked for with
 * {@code -Pjcstress}) are exempt: they take minutes by design. The kata runner's supervisor (KataRun) also stops a
 * bounded test JVM that shows no progress for {@value #STUCK_SECONDS} s, the bound for what no rule inside the JVM can
 * stop.
 *
 * <p>One run at a time (the runner is not thread-safe); the JUnit extension ({@link BoundsExtension}) reads the
 * current bounds from any test thread, so the state is guarded by this object's lock.
 */
public final class Bounds {

    /** The failing work a run may spend before it stops running tests. */
    public static final int FAILING_BUDGET_SECONDS = 45;

    /** The longest any one test may run in a bounded run. */
    public static final int CAP_SECONDS = 60;

    /** The shortest cap a test gets, however much failing work came before. */
    public static final int MIN_CAP_SECONDS = 15;

    /** A test JVM whose run shows no progress for this long is stopped from outside (KataRun's supervisor). */
    public static final int STUCK_SECONDS = CAP_SECONDS + 60;

    private static final Bounds OFF = new Bounds(false, 0, 0, 0);
    private static volatile Bounds current = OFF;

    private final boolean on;
    private final long budgetMillis;
    private final long capMillis;
    private final long minCapMillis;
    private long failingMillis;
    private final Map<String, String> timedOut = new LinkedHashMap<>();

    Bounds(boolean on, long budgetMillis, long capMillis, long minCapMillis) {
        this.on = on;
        this.budgetMillis = budgetMillis;
        this.capMillis = capMillis;
        this.minCapMillis = minCapMillis;
    }

    /** Fresh bounds for one learner run (Maven, watch mode, the known-wrong check). */
    public static Bounds learner() {
        return new Bounds(true, FAILING_BUDGET_SECONDS * 1000L, CAP_SECONDS * 1000L, MIN_CAP_SECONDS * 1000L);
    }

    /** No bounds: the tests' own timeouts only (solution and integrity runs). */
    public static Bounds off() {
        return OFF;
    }

    /** Whether these bounds limit anything. */
    public boolean on() {
        return on;
    }

    static Bounds current() {
        return current;
    }

    static void use(Bounds bounds) {
        current = bounds == null ? OFF : bounds;
    }

    /** Records a finished test of {@code stepClass}; a failure counts against the budget, a timeout stops its step. */
    synchronized void finished(String stepClass, String testName, TestResult result, boolean proof) {
        if (!on || proof || result.status() != TestResult.Status.FAILED) {
            return;
        }
        failingMillis += result.millis();
        if (result.kind() == TestResult.Kind.TIMEOUT) {
            timedOut.putIfAbsent(stepClass, testName);
        }
    }

    /** Why a test of {@code stepClass} is not to run, or empty when it may run. */
    synchronized Optional<String> whyNotRun(String stepClass, boolean proof) {
        if (!on || proof) {
            return Optional.empty();
        }
        String hung = timedOut.get(stepClass);
        if (hung != null) {
            return Optional.of(BoundsExtension.NOT_RUN + "an earlier test of this step ran out of time (" + hung
                    + "); the others would likely hang the same way, so the run went on without them");
        }
        if (failingMillis >= budgetMillis) {
            return Optional.of(BoundsExtension.NOT_RUN + "this run had already spent " + (failingMillis / 1000)
                    + " s on tests that failed or ran out of time (at most " + (budgetMillis / 1000)
                    + " s, so that you see the board in time); make the failing step pass first");
        }
        return Optional.empty();
    }

    /** The longest the next test (or lifecycle method) may run, in milliseconds; 0 for no limit of ours. */
    synchronized long capMillis(boolean proof) {
        if (!on || proof) {
            return 0;
        }
        return Math.max(minCapMillis, capMillis - failingMillis);
    }

    /** The failing work so far, in milliseconds. */
    synchronized long failingMillis() {
        return failingMillis;
    }
}
