package katas.loop.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import katas.loop.progress.KataProgress;
import katas.loop.progress.StepProgress;
import katas.loop.progress.TestResult;

/**
 * What to say when a test JVM dies before its run ends (killed, crashed, ended by the code under test, or stopped
 * because it showed no progress), and how the progress records it: the test it was in fails with that sentence, the
 * tests the run had still to run are not run, saying why, and the kata's {@code died} says it for the board.
 */
public final class Death {

    /** The reason of a test the run picked but has not reached yet; if the JVM dies, the reason stays true. */
    public static final String PENDING = "not run: the run ended before it got here";

    private Death() {}

    /**
     * One sentence: what happened to the test JVM and where it was.
     *
     * @param exitCode     the JVM's exit code (128 + N: ended by signal N)
     * @param marker       what its marker said last, if anything
     * @param stuckSeconds when it was stopped for showing no progress: for how long; else 0
     */
    public static String sentence(int exitCode, Optional<RunMarker.State> marker, long stuckSeconds) {
        String where = marker.map(RunMarker.State::where).orElse("before its first test");
        return "the test JVM " + what(exitCode, marker, stuckSeconds) + " " + where + " (exit code " + exitCode + ")";
    }

    static String what(int exitCode, Optional<RunMarker.State> marker, long stuckSeconds) {
        if (stuckSeconds > 0) {
            return "was stopped from outside after " + stuckSeconds
                    + " s without progress (a test outlived every time limit)";
        }
        String error = marker.map(RunMarker.State::error).orElse("");
        if (!error.isEmpty()) {
            return "died of " + error;
        }
        if (exitCode > 128 && exitCode < 160) {
            int signal = exitCode - 128;
            return switch (signal) {
                case 9 -> "was killed (signal 9, SIGKILL: kill -9, or the system ran out of memory)";
                case 15 -> "was stopped (signal 15, SIGTERM)";
                case 2 -> "was interrupted (signal 2, SIGINT: Ctrl-C)";
                case 6 -> "crashed (signal 6, SIGABRT: the JVM aborted; see its hs_err_pid file, if any)";
                case 11 -> "crashed (signal 11, SIGSEGV)";
                default -> "was ended by signal " + signal;
            };
        }
        if (exitCode == 0) {
            return "ended before its run did (did the code under test call System.exit?)";
        }
        return "ended with an error before its run did";
    }

    /**
     * The progress with the death recorded: the test the marker names fails with {@code sentence} (kind
     * {@link TestResult.Kind#DIED}), every test still {@link #PENDING} is not run because the JVM died, and
     * {@code died} is the sentence.
     */
    public static KataProgress record(KataProgress progress, Optional<RunMarker.State> marker, String sentence) {
        String dying = marker.filter(RunMarker.State::inTest)
                .map(RunMarker.State::testId)
                .orElse("");
        List<StepProgress> steps = new ArrayList<>();
        for (StepProgress s : progress.steps()) {
            List<StepProgress.Test> tests = new ArrayList<>();
            for (StepProgress.Test t : s.tests()) {
                if (!dying.isEmpty() && t.id().equals(dying)) {
                    tests.add(new StepProgress.Test(
                            t.id(),
                            t.name(),
                            Optional.of(new TestResult(
                                    TestResult.Status.FAILED,
                                    sentence.replace(marker.get().where() + " ", "while this test ran "),
                                    0,
                                    TestResult.Kind.DIED)),
                            t.telling(),
                            ""));
                } else if (t.notRun().equals(PENDING)) {
                    tests.add(new StepProgress.Test(
                            t.id(),
                            t.name(),
                            Optional.empty(),
                            t.telling(),
                            "not run: the test JVM died before it got here"));
                } else {
                    tests.add(t);
                }
            }
            steps.add(new StepProgress(s.number(), s.className(), s.title(), tests, s.sources(), s.lastRun()));
        }
        return new KataProgress(
                progress.id(),
                progress.title(),
                progress.directory(),
                steps,
                progress.proofs(),
                progress.updated(),
                sentence);
    }
}
