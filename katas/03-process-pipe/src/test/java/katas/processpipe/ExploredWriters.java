package katas.processpipe;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import katas.kit.frame.Frame;
import katas.testkit.explore.Explorer;
import katas.testkit.explore.ExplorerJvm;
import katas.testkit.explore.Trace;
import katas.testkit.explore.TwoWriters;
import org.junit.jupiter.api.TestReporter;

/**
 * Step 6's explorer: a model checker (Lincheck) runs two threads that send one frame each through one new
 * {@link Sender} onto an in-memory pipe, in every order their steps can take ({@link TwoWriters}), in a child JVM of
 * its own (this class's {@link #main}) with a private java.io.tmpdir. First its canary, a sender with no lock
 * ({@link katas.testkit.explore.WriterCanary}), must be caught, made and called the same way; where it is not (the
 * model checker is blind on this Java), or the child takes longer than {@link #BUDGET}, the step falls back to its
 * rounds under preemption noise, and says so once.
 */
final class ExploredWriters {

    /** How long the child may take (about 3 s of CPU; 25 s covers a load of 20 on 2 cores), as kata 01's. */
    static final Duration BUDGET = Duration.ofSeconds(25);

    static final String SLOW = "The model checker (Lincheck) did not finish within %d s on this busy machine, so"
            + " this check falls back to rounds under preemption noise this time.";

    /**
     * Orders of the steps explored, for the canary and for the learner's sender alike. The canary, a sender with no
     * lock, was caught within 10 (not within 5) on JDK 17; 100 leave it ten times that, and cost a correct sender
     * about 1 s of CPU (300, kata 01's number, about 2.5 s: a frame is more steps than an increment).
     */
    static final int INVOCATIONS = 100;

    /** The frames the two threads send: thread 1 a COUNT (16-byte payload), thread 2 a PROGRESS (8 bytes). */
    static final Frame FIRST = Protocol.count(1, 2);

    static final Frame SECOND = Protocol.progress(3);

    /** Where the learner's files are, from the kata's folder (the test JVM's working directory). */
    static final Path SOURCES = Path.of("src", "main", "java", "katas", "processpipe");

    static final Set<String> FILES = Trace.files("Sender");

    private static final AtomicBoolean BLIND_SAID = new AtomicBoolean();

    static final String CANARY = "sender (a frame written in three calls with no lock)";

    private ExploredWriters() {}

    /** The child: explores the canary, then the learner's {@link Sender}, and prints the verdict. */
    public static void main(String[] args) throws java.io.IOException {
        // A lambda: Sender is first loaded inside the exploration, where the model checker instruments it.
        Runnable scenario = TwoWriters.scenario(Protocol.CODEC, FIRST, SECOND, out -> {
            Sender sender = new Sender(out);
            return sender::send;
        });
        Runnable canary = TwoWriters.canary(Protocol.CODEC, FIRST, SECOND);
        if (args.length == 1 && args[0].equals(ExplorerJvm.SERVE)) { // watch mode's warm explorer
            Explorer.serve(
                    CANARY,
                    canary,
                    TwoWriters.scenario(Protocol.CODEC, FIRST, SECOND, out -> {
                        katas.testkit.explore.WriterCanary unlocked =
                                new katas.testkit.explore.WriterCanary(Protocol.CODEC, out);
                        return frame -> {
                            synchronized (unlocked) { // the canary made correct: the warm-up
                                unlocked.send(frame);
                            }
                        };
                    }),
                    name -> scenario,
                    name -> Sender.class.getName(),
                    INVOCATIONS,
                    Path.of(System.getProperty("katas.explorer.classes")),
                    new java.io.BufferedReader(
                            new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8)),
                    System.out);
        } else {
            Explorer.main(CANARY, canary, scenario, INVOCATIONS, System.out);
        }
        System.exit(0); // now, even if a thread of a stuck scenario is left
    }

    /** Runs the child and reads its verdict; the model checker's whole report goes to the log. */
    static Explorer.Verdict run() throws InterruptedException {
        Explorer.Verdict v = ExplorerJvm.explore(
                new ExplorerJvm.Job(ExploredWriters.class, "Sender", Sender.class.getName(), BUDGET, SLOW));
        if (v instanceof Explorer.Verdict.Caught c) {
            System.out.println("  Sender, every order of two threads' steps explored; the model checker's report"
                    + " of the order that tore the frames:\n" + c.trace());
        }
        return v;
    }

    /** Says that the explorer is blind or slow here: in the log every time, in the run's report once per JVM. */
    static void blind(Explorer.Verdict.Blind blind, TestReporter report) {
        System.out.println("  " + blind.why());
        if (BLIND_SAID.compareAndSet(false, true)) {
            report.publishEntry("explorer", blind.why());
        }
    }

    /** The board's table of the order that tore the frames, on lines of its own; empty if none. */
    static String table(Explorer.Verdict.Caught caught) {
        List<String> table = TwoWriters.table(caught.trace(), FILES, SOURCES, FIRST, SECOND);
        return table.isEmpty() ? "" : "\n" + String.join("\n", table);
    }

    /** The scenario's own message: what the reader made of the bytes; or that a thread never finished. */
    static String what(Explorer.Verdict.Caught caught) {
        String t = caught.trace();
        String head = t.lines().limit(4).reduce("", String::concat).toLowerCase(java.util.Locale.ROOT);
        if (head.contains("hung") || head.contains("deadlock") || head.contains("livelock")) {
            return "a thread never finished its send: it waited for ever (a lock never unlocked?)";
        }
        int at = t.indexOf(TwoWriters.TORN);
        if (at < 0) {
            return TwoWriters.TORN + " (the bytes on the pipe were not the two frames whole, one after the other)";
        }
        int eol = t.indexOf('\n', at);
        return t.substring(at, eol < 0 ? t.length() : eol).strip();
    }
}
