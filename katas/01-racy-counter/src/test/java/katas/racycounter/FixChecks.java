package katas.racycounter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import katas.kit.process.ChildJvm;
import katas.kit.process.ChildProcess;
import katas.testkit.Races;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * The tests that steps 3, 4 and 5 share, so that every fix is held to the same bar.
 * Each step class says which counter it checks.
 *
 * <p>A counter that is not fixed must fail here on any machine: on two idle cores, on busy ones, and pinned to one
 * CPU ({@code taskset -c 0}), where two threads only take turns. So the shared-counter checks repeat their rounds
 * under preemption noise ({@link Races#repeat}), and run twice: once in this JVM, compiled as in step 7, and once
 * in a child JVM that runs the counter one bytecode at a time. The second is for one CPU: there the JIT may compile
 * {@code value++} on a plain field into a single {@code add} instruction, which no thread switch can split, so an
 * unlocked counter loses nothing on one CPU although it loses updates on two cores; one bytecode at a time, its read
 * and its write are separate steps again, and a preemption between them loses an update on one CPU too.
 *
 * <p>Measured on a 2-core machine, the unfixed counters of the known-wrong checks (no lock, a lock on a new object or
 * on the current thread, a read outside the lock, volatile ++, AtomicLong get() then set(), compareAndSet() without
 * a retry): pinned to one CPU and with both cores busy, every one failed in each of 5 runs; the interpreted check
 * saw the lost update in its first round in most runs and by round 7 in all. Compiled in this JVM, a plain
 * {@code value++} pinned to one CPU sometimes never lost an update in 10 rounds: the interpreted check is the one
 * that catches it there.
 *
 * <p>The last check is about visibility, not atomicity: {@code get()} on another thread must see the count grow.
 * A {@code get()} that reads a plain field without the lock loses no update (after a {@code join()} it even reads the
 * right total), but a reader looping on it may never see a new value: the JIT may read the field once, before the
 * loop, and keep it in a register. HotSpot's C2 does exactly that once it compiles the reader's loop (within a few
 * hundred milliseconds: the reader got stuck at a value between 13 and 243 of the increments, in the runs measured
 * with both cores busy; so the writer goes on for about 2 s, 2,000 increments); a JVM that does not may let such a
 * {@code get()} pass.
 */
abstract class FixChecks {

    /** In this JVM: threads, increments each, rounds at least and at most, and the time after which no round starts. */
    static final int THREADS = 4;

    static final long EACH = 1_000_000;
    static final int MIN_ROUNDS = 2;
    static final int MAX_ROUNDS = 10;
    static final Duration BUDGET = Duration.ofMillis(500);

    /** In the child JVM that interprets the counter: the same, smaller (interpreted code is slower). */
    static final int CHILD_THREADS = 2;

    static final long CHILD_EACH = 100_000;
    static final int CHILD_MIN_ROUNDS = 10;
    static final int CHILD_MAX_ROUNDS = 100;
    static final Duration CHILD_BUDGET = Duration.ofMillis(1_500);

    /** The reader test: the count the writer goes to, one a millisecond, and how long the reader waits to see it. */
    static final long READ_TARGET = 2_000;

    static final Duration READER_TIME = Duration.ofSeconds(8);

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
    void countsOnOneThread() {
        Subject.Counter c = subject().create();
        for (int i = 0; i < 1_000; i++) {
            c.increment();
        }
        assertThat(c.get())
                .as("%s incremented 1,000 times on one thread", subject())
                .isEqualTo(1_000);
    }

    @Test
    @DisplayName(
            "shared by 4 threads x 1,000,000 increments, 2 to 10 rounds under preemption noise: not one update is lost")
    void losesNothingWhenShared(TestReporter report) throws Exception {
        Subject subject = subject();
        long expected = THREADS * EACH;
        Races.Outcome<Long> outcome = Races.repeat(MIN_ROUNDS, MAX_ROUNDS, BUDGET, round -> {
            long total = subject.hammer(THREADS, EACH, Duration.ofSeconds(40)).get();
            return total == expected ? null : total;
        });
        String summary = summary(outcome.tries(), outcome.millis(), outcome.wakeUps());
        report(report, subject, "compiled", THREADS, EACH, outcome.sighting().isPresent(), summary);
        assertLosesNothing(subject, "", THREADS, EACH, outcome.sighting().orElse(expected), summary);
    }

    @Test
    @DisplayName("shared by 2 threads in a JVM that runs it one bytecode at a time (as one CPU can split it),"
            + " 10 to 100 rounds under preemption noise: not one update is lost")
    void losesNothingInterpreted(TestReporter report) throws Exception {
        Subject subject = subject();
        subject.create().increment(); // a stub fails here, at once, before a child JVM starts
        Map<String, String> result = new HashMap<>();
        try (ChildProcess child = ChildJvm.main(InterpretedRounds.class)
                .name(subject + "-interpreted")
                .jvmArgs(Races.interpreted(subject.className()).toArray(String[]::new))
                .args(
                        subject.name(),
                        String.valueOf(CHILD_THREADS),
                        String.valueOf(CHILD_EACH),
                        String.valueOf(CHILD_MIN_ROUNDS),
                        String.valueOf(CHILD_MAX_ROUNDS),
                        String.valueOf(CHILD_BUDGET.toMillis()))
                .start()) {
            child.awaitSuccess(Duration.ofSeconds(90));
            for (String pair : child.stdoutText().strip().split(" ")) {
                String[] kv = pair.split("=", 2);
                result.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        assertThat(result)
                .as("what the child JVM printed")
                .containsKeys("rounds", "seen", "total", "millis", "wakeUps");
        long expected = CHILD_THREADS * CHILD_EACH;
        boolean seen = Boolean.parseBoolean(result.get("seen"));
        String summary = summary(
                Integer.parseInt(result.get("rounds")),
                Long.parseLong(result.get("millis")),
                Long.parseLong(result.get("wakeUps")));
        report(report, subject, "interpreted", CHILD_THREADS, CHILD_EACH, seen, summary);
        assertLosesNothing(
                subject,
                "run one bytecode at a time ",
                CHILD_THREADS,
                CHILD_EACH,
                seen ? Long.parseLong(result.get("total")) : expected,
                summary);
    }

    @Test
    @DisplayName("get() on another thread sees the count grow while it counts (2,000 increments, one a millisecond)")
    void getSeesTheLatestValue() throws Exception {
        Subject subject = subject();
        Subject.Counter counter = subject.create();
        counter.increment(); // a stub fails here, at once
        AtomicLong lastRead = new AtomicLong(-1);
        AtomicReference<Throwable> readerFailure = new AtomicReference<>();
        long start = System.nanoTime();
        long readerDeadline = start + READER_TIME.toNanos();
        Thread reader = new Thread(
                () -> {
                    try {
                        lastRead.set(counter.readUntil(READ_TARGET, readerDeadline));
                    } catch (Throwable t) {
                        readerFailure.set(t);
                    }
                },
                "reader");
        reader.setDaemon(true);
        reader.start();
        long written = 1;
        while (reader.isAlive() && written < READ_TARGET) {
            // One increment per millisecond since the start, catching up after a late wake-up: the count grows for
            // about 2 s however busy the machine, and the reader (and the JIT compiling its loop) has that long.
            long due = Math.min(READ_TARGET, 1 + (System.nanoTime() - start) / 1_000_000);
            for (; written < due; written++) {
                counter.increment();
            }
            LockSupport.parkNanos(1_000_000); // pacing, not waiting for a state
        }
        reader.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(readerDeadline - System.nanoTime()) + 1_000));
        assertThat(readerFailure.get())
                .as("what the reader thread threw calling %s.get()", subject)
                .isNull();
        assertThat(reader.isAlive())
                .as("the reader thread, still reading %.0f s after it started", (System.nanoTime() - start) / 1e9)
                .isFalse();
        assertThat(lastRead.get())
                .as(
                        "%s: this thread counted to %,d, one increment a millisecond, but get() on another thread still"
                                + " returned %,d when it gave up after %.1f s: get() must return the latest value. A read without"
                                + " the lock (or without volatile, or an atomic class) may go on returning an old value: the JIT"
                                + " may read it once and keep it. %s",
                        subject, written, lastRead.get(), READER_TIME.toMillis() / 1000.0, subject.mistakes())
                .isGreaterThanOrEqualTo(READ_TARGET);
    }

    private static void assertLosesNothing(
            Subject subject, String how, int threads, long each, long total, String summary) {
        long expected = threads * each;
        long lost = expected - total;
        assertThat(total)
                .as(
                        "%s shared by %d threads x %,d increments %s(%s) must count exactly %,d in every round, but "
                                + (lost > 0
                                        ? "%,d updates were lost: two threads read the same value and both wrote"
                                                + " value + 1. %s"
                                        : "it counted %,d too many. %s"),
                        subject,
                        threads,
                        each,
                        how,
                        summary,
                        expected,
                        Math.abs(lost),
                        subject.mistakes())
                .isEqualTo(expected);
    }

    private static String summary(int rounds, long millis, long wakeUps) {
        return Races.Outcome.summary(rounds, rounds == 1 ? "round" : "rounds", millis, wakeUps);
    }

    private static void report(
            TestReporter report, Subject subject, String how, int threads, long each, boolean lost, String summary) {
        String line = String.format(
                Locale.ROOT,
                "%s, %s, %d threads x %,d: %s, %s",
                subject,
                how,
                threads,
                each,
                summary,
                lost ? "LOST UPDATES" : "nothing lost");
        System.out.println("  " + line);
        report.publishEntry("rounds", line);
    }
}
