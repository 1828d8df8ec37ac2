package katas.loop.run;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import katas.loop.progress.TestResult;

/**
 * How long a learner's run may spend on tests that fail or hang, so that the board comes in time whatever the
 * learner's code does: a step stops at its first timeout (its other tests are {@code NOT_RUN}, with the reason),
 * failing work shares a budget per run, and each test has a cap; passing tests are never cut short. Used by learner
 * and record runs and by watch mode, not by solution and integrity runs; race proofs are exempt. Thread-safe (the
 * state is guarded by this object's lock). The numbers: docs/measurements.md, "The learner's run: bounds".
 */
public final class Bounds {

    /**
     * The failing work a run may spend before it stops running tests: the time of the tests that failed or ran out of
     * time, summed. Once it is spent, every test still to come is not run, with the reason.
     */
    public static final int FAILING_BUDGET_SECONDS = 45;

    /**
     * The longest any one test may run in a bounded run, less the failing work so far (never less than
     * {@link #MIN_CAP_SECONDS}), whatever its own {@code @Timeout}; it then fails with a timeout that says why.
     */
    public static final int CAP_SECONDS = 60;

    /** The shortest cap a test gets, however much failing work came before. */
    public static final int MIN_CAP_SECONDS = 15;

    /**
     * A test JVM whose run shows no progress for this long is stopped from outside (KataRun's supervisor): the bound
     * for what no rule inside the JVM can stop.
     */
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
