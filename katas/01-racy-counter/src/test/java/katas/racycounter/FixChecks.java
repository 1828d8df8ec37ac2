package katas.racycounter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import katas.testkit.Races;
import katas.testkit.Telling;
import katas.testkit.explore.Explorer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * The tests that steps 3, 4 and 5 share, so that every fix is held to the same bar (each step class says which
 * counter it checks). A counter that is not fixed fails here on any machine, pinned to one CPU too: the shared-counter
 * checks run in a child JVM ({@link CounterChild}), compiled and one bytecode at a time (or explored by a model
 * checker, {@link Explored}, where it is not blind), and a stuck thread is reported within {@link #STALL}. The last
 * check is about visibility: {@code get()} on another thread must see the count grow ({@link #READER_JVM}). Why, and
 * what was measured: docs/measurements.md, "Kata 01: the fix checks" and "Kata 01: the visibility check's window".
 */
abstract class FixChecks {

    /** Compiled: threads, increments each, rounds at least and at most, and the time after which no round starts. */
    static final int THREADS = 4;

    static final long EACH = 1_000_000;
    static final int MIN_ROUNDS = 2;
    static final int MAX_ROUNDS = 10;
    static final Duration BUDGET = Duration.ofMillis(500);

    /** Interpreted, one bytecode at a time: the same, smaller (interpreted code is slower). */
    static final int CHILD_THREADS = 2;

    static final long CHILD_EACH = 100_000;
    static final int CHILD_MIN_ROUNDS = 10;
    static final int CHILD_MAX_ROUNDS = 100;
    static final Duration CHILD_BUDGET = Duration.ofMillis(1_500);

    /** A shared counter whose count does not move for this long is stuck (see {@link Hammer}). */
    static final Duration STALL = Duration.ofSeconds(3);

    /** A call on one thread that has not returned after this long is stuck. */
    static final Duration ONE_THREAD_LIMIT = Duration.ofSeconds(5);

    /** The reader test: the count the writer goes to, one a millisecond, and how long the reader waits to see it. */
    static final long READ_TARGET = 2_000;

    static final Duration READER_TIME = Duration.ofSeconds(5);

    /**
     * The reader's JVM compiles in the foreground ({@code -Xbatch}): a thread whose loop is due for compiling waits for
     * the compiled code, then runs it. So the reader's loop runs as the JIT compiles it (where a read with no
     * happens-before edge may be read once and kept) within milliseconds, however busy the machine's compiler threads
     * are; compiled in the background, a busy machine let such a read pass the check. C2 only (no tiered compiling):
     * the loop goes to C2, which hoists the read, without first going through C1's tiers.
     */
    static final List<String> READER_JVM = List.of("-Xbatch", "-XX:-TieredCompilation");

    /** The visibility check's child JVM per counter class, started by {@link #startReader}, taken by its test. */
    private static final Map<String, CounterChild.Running> READERS = new ConcurrentHashMap<>();

    /**
     * Starts the visibility check's child JVM before the step's first test, so that it runs while the other checks
     * do; {@link #getSeesTheLatestValue} takes its result (or starts one itself, if none was started). Not for a
     * counter whose increment() throws or does not return at once on one thread (a stub): the tests say what is wrong
     * with it, and no child JVM starts for nothing.
     */
    @BeforeEach
    void startReader() {
        Subject subject = subject();
        if (READERS.containsKey(subject.name())) {
            return;
        }
        try {
            Bounded.call("one increment", Duration.ofSeconds(1), "", () -> {
                subject.create().increment();
                return null;
            });
        } catch (Throwable e) {
            return; // not started: the tests report what the counter does
        }
        READERS.put(subject.name(), reader(subject));
    }

    /** Ends a reader that no test took (its test was not selected, or failed before it took it). */
    @AfterAll
    static void endReaders() {
        READERS.values().forEach(CounterChild.Running::close);
        READERS.clear();
    }

    private static CounterChild.Running reader(Subject subject) {
        return CounterChild.start(
                subject, "reader", READER_JVM, "read", 1, READ_TARGET, STALL.toMillis(), READER_TIME.toMillis());
    }

    /** The counter this step checks. */
    abstract Subject subject();

    @Test
    @DisplayName("a new counter is 0")
    void startsAtZero() {
        assertThat(subject().create().get())
                .as("a new %s must start at 0", subject())
                .isZero();
    }

    @Test
    @DisplayName("on one thread, it counts right")
    void countsOnOneThread() throws Exception {
        Subject subject = subject();
        Subject.Counter c = subject.create();
        long counted = Bounded.call("1,000 increments on one thread", ONE_THREAD_LIMIT, subject.stuck(), () -> {
            for (int i = 0; i < 1_000; i++) {
                c.increment();
            }
            return c.get();
        });
        assertThat(counted)
                .as(
                        "%s incremented 1,000 times on one thread: each increment must add exactly one%s",
                        subject, counted == 0 ? ", but the count never moved" : "")
                .isEqualTo(1_000);
    }

    @Test
    @DisplayName("get() reads the count without changing it")
    void getOnlyReads() {
        assertGetOnlyReads(subject());
    }

    /** get(), get(), 3 increments, get(), get(): each pair of reads must agree. Step 2 uses it too. */
    static void assertGetOnlyReads(Subject subject) {
        Subject.Counter c = subject.create();
        long first = c.get();
        long second = c.get();
        for (int i = 0; i < 3; i++) {
            c.increment();
        }
        long third = c.get();
        long fourth = c.get();
        if (first != second || third != fourth) {
            throw new AssertionError(String.format(
                    "%s: get(), get(), 3 increments, get(), get() returned %d, %d, %d, %d: get() changed the count it"
                            + " reports. %s",
                    subject, first, second, third, fourth, subject.reads()));
        }
    }

    @Test
    @DisplayName(
            "shared by 4 threads x 1,000,000 increments, 2 to 10 rounds under preemption noise: not one update is lost")
    void losesNothingWhenShared(TestReporter report) throws Exception {
        Subject subject = subject();
        subject.create().increment(); // a stub fails here, at once, before a child JVM starts
        Map<String, String> result = CounterChild.run(
                subject,
                "compiled",
                List.of(),
                "rounds",
                THREADS,
                EACH,
                STALL.toMillis(),
                MIN_ROUNDS,
                MAX_ROUNDS,
                BUDGET.toMillis());
        check(report, subject, "compiled", "", THREADS, EACH, result);
    }

    @Test
    @Telling
    @DisplayName("2 threads, 1 increment each: no order of their steps loses an update (all explored; where the"
            + " explorer is blind, 10 to 100 rounds one bytecode at a time)")
    void losesNothingInAnyOrder(TestReporter report) throws Exception {
        Subject subject = subject();
        subject.create().increment(); // a stub fails here, at once, before a child JVM starts
        Explorer.Verdict verdict = Explored.run(subject);
        if (verdict instanceof Explorer.Verdict.Caught caught) {
            boolean hung = Explored.hung(caught);
            throw new AssertionError(String.format(
                    "%s: in this order of two threads' steps, %s%s (➜ reads, = writes):%s%n%s",
                    subject,
                    Explored.what(caught),
                    hung ? "" : ": updates were lost",
                    Explored.table(caught),
                    hung ? subject.stuck() : subject.lost()));
        }
        if (verdict instanceof Explorer.Verdict.Passed passed) {
            String line = String.format(
                    Locale.ROOT,
                    "%s, 2 threads x 1 increment: %d orders of their steps explored in %.1f s, nothing lost",
                    subject,
                    passed.invocations(),
                    passed.millis() / 1000.0);
            System.out.println("  " + line);
            report.publishEntry("explored", line);
            return;
        }
        Explored.blind((Explorer.Verdict.Blind) verdict, report);
        Map<String, String> result = CounterChild.run(
                subject,
                "interpreted",
                Races.interpreted(subject.className()),
                "rounds",
                CHILD_THREADS,
                CHILD_EACH,
                STALL.toMillis(),
                CHILD_MIN_ROUNDS,
                CHILD_MAX_ROUNDS,
                CHILD_BUDGET.toMillis());
        try {
            check(report, subject, "interpreted", "run one bytecode at a time ", CHILD_THREADS, CHILD_EACH, result);
        } catch (AssertionError e) {
            // The board shows the head of a failure: say there that no order of steps could be shown, and why.
            throw new AssertionError("(the model checker is blind here: no order to show) " + e.getMessage(), e);
        }
    }

    @Test
    @DisplayName("get() on another thread sees the count grow while it counts (2,000 increments, one a millisecond)")
    void getSeesTheLatestValue() throws Exception {
        Subject subject = subject();
        subject.create().increment(); // a stub fails here, at once, before a child JVM starts
        Map<String, String> result;
        CounterChild.Running started = READERS.remove(subject.name());
        try (CounterChild.Running reader = started != null ? started : reader(subject)) {
            result = reader.result();
        }
        long seconds = Long.parseLong(result.get("millis")) / 1000;
        if (result.containsKey("stuck")) {
            throw new AssertionError(String.format(
                    Locale.ROOT,
                    "%s: get() on another thread never returned (%d s after the reader started): it was at %s. %s",
                    subject,
                    seconds,
                    result.get("stuck"),
                    subject.stuck()));
        }
        long last = Long.parseLong(result.get("last"));
        long before = Long.parseLong(result.get("before"));
        if (before >= 0) {
            throw new AssertionError(String.format(
                    "%s: while another thread counted up, get() returned %,d after %,d: the count went down, so get()"
                            + " changed the count it reports. %s",
                    subject, last, before, subject.reads()));
        }
        assertThat(last)
                .as(
                        "%s: a thread counted to %,d, but get() on another thread still returned %,d after %.1f s:"
                                + " get() must return the latest value. %s",
                        subject,
                        Long.parseLong(result.get("written")),
                        last,
                        READER_TIME.toMillis() / 1000.0,
                        subject.stale())
                .isGreaterThanOrEqualTo(READ_TARGET);
    }

    private static void check(
            TestReporter report,
            Subject subject,
            String how,
            String howSaid,
            int threads,
            long each,
            Map<String, String> result) {
        boolean seen = Boolean.parseBoolean(result.get("seen"));
        int rounds = Integer.parseInt(result.get("rounds"));
        String summary = Races.Outcome.summary(
                rounds,
                rounds == 1 ? "round" : "rounds",
                Long.parseLong(result.get("millis")),
                Long.parseLong(result.get("wakeUps")));
        String line = String.format(
                Locale.ROOT,
                "%s, %s, %d threads x %,d: %s, %s",
                subject,
                how,
                threads,
                each,
                summary,
                seen ? "COUNTED WRONG" : "nothing lost");
        System.out.println("  " + line);
        report.publishEntry("rounds", line);
        long expected = threads * each;
        long total = seen ? Long.parseLong(result.get("total")) : expected;
        assertThat(total)
                .as(
                        "%s, %d threads x %,d increments %s(%s): %s",
                        subject, threads, each, howSaid, summary, subject.wrongTotal(threads, each, total))
                .isEqualTo(expected);
    }
}
