package katas.racycounter;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import katas.testkit.explore.Explorer;
import katas.testkit.explore.ExplorerJvm;
import katas.testkit.explore.Trace;
import org.junit.jupiter.api.TestReporter;

/**
 * The atomicity checks' explorer, from the test's side: runs {@link ExploreChild} for a counter, prints the model
 * checker's whole report to the log (target/kata-output.log), and makes the short table of the learner's own steps
 * for the board ({@link Trace#table}).
 */
final class Explored {

    /**
     * How long the explorer's child JVM may take (it needs 3.5 to 5 s of CPU: about 20 s at a load of 30 on 2 cores).
     * Past it the check falls back to its rounds, so that a very busy machine makes the check slower, not failing
     * (a kata test may run at most 60 s). The model checker ends a deadlocked or spinning schedule itself.
     */
    static final Duration BUDGET = Duration.ofSeconds(25);

    static final String SLOW = "The model checker (Lincheck) did not finish within %d s on this busy machine, so"
            + " these checks fall back to rounds under preemption noise this time.";

    /** Where the learner's files are, from the kata's folder (the test JVM's working directory). */
    static final Path SOURCES = Path.of("src", "main", "java", "katas", "racycounter");

    static final Set<String> FILES = Trace.files(
            "NaiveCounter", "SynchronizedCounter", "AtomicCounter", "AdderCounter", "ConfinedCounting", "Workers");

    private static final AtomicBoolean BLIND_SAID = new AtomicBoolean();

    /** The blind verdict of this JVM's first exploration, if it was blind. */
    private static final AtomicReference<Explorer.Verdict.Blind> BLIND = new AtomicReference<>();

    private Explored() {}

    /** Explores two threads that increment one new {@code subject} counter once each, after the canary. */
    static Explorer.Verdict run(Subject subject) throws InterruptedException {
        Explorer.Verdict.Blind known = BLIND.get();
        if (known != null) {
            return known; // this JVM's Java already made the canary pass: the same child would be blind again
        }
        Explorer.Verdict v = ExplorerJvm.explore(
                new ExplorerJvm.Job(ExploreChild.class, subject.name(), subject.className(), BUDGET, SLOW));
        if (v instanceof Explorer.Verdict.Blind blind && blind.canaryMissed()) {
            BLIND.compareAndSet(null, blind);
        }
        if (v instanceof Explorer.Verdict.Caught c) {
            System.out.println("  " + subject + ", every order of two threads' steps explored; the model checker's"
                    + " report of the order that failed:\n" + c.trace());
        }
        return v;
    }

    /** Says that the explorer is blind here: in the log every time, in the run's report once per JVM. */
    static void blind(Explorer.Verdict.Blind blind, TestReporter report) {
        System.out.println("  " + blind.why());
        if (BLIND_SAID.compareAndSet(false, true)) {
            report.publishEntry("explorer", blind.why());
        }
    }

    /** The board's table of the learner's steps in the order that failed, on lines of its own; empty if none. */
    static String table(Explorer.Verdict.Caught caught) {
        Trace trace = Trace.parse(caught.trace(), FILES);
        return trace.isEmpty() ? "" : "\n" + String.join("\n", trace.table(SOURCES));
    }

    /** The first line of the model checker's report that says what failed, e.g. the scenario's own message. */
    static String what(Explorer.Verdict.Caught caught) {
        String t = caught.trace();
        int at = t.indexOf("AssertionError: ");
        if (at >= 0) {
            int eol = t.indexOf('\n', at);
            return t.substring(at + "AssertionError: ".length(), eol < 0 ? t.length() : eol)
                    .strip();
        }
        return hung(caught) ? "their threads never finished" : "the outcome was wrong";
    }

    /** Whether the order the model checker found left a thread waiting or spinning for ever. */
    static boolean hung(Explorer.Verdict.Caught caught) {
        String head = caught.trace().lines().limit(4).reduce("", String::concat).toLowerCase(java.util.Locale.ROOT);
        return head.contains("hung") || head.contains("deadlock") || head.contains("livelock");
    }
}
